"""What every write is made of: a node or relationship record with a stable uid, validated against the
schema by the importers and written by graph/store/writer.py."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

_sha1 = hashlib.sha1


def make_uid(*parts: object) -> str:
    """A stable uid from a source's own identifiers: the same input always gives the same uid."""
    text = "\x1f".join(map(str, parts))
    return _sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class NodeRecord:
    label: str                      # base label from the schema (Person, Organization, ...)
    uid: str
    props: dict = field(default_factory=dict)
    extra_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelRecord:
    type: str
    start_label: str
    start_uid: str
    end_label: str
    end_uid: str
    props: dict = field(default_factory=dict)
    uid: str = ""                   # derived from (type, start, end, key) when empty
    key: str = ""                   # tells apart two relationships of one type between one pair

    @property
    def rel_uid(self) -> str:
        return self.uid or make_uid(self.type, self.start_uid, self.end_uid, self.key)


@dataclass
class WriteResult:
    nodes: int = 0
    relationships: int = 0
    by_label: dict = field(default_factory=lambda: defaultdict(int))
    by_type: dict = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict:
        return {"nodes": self.nodes, "relationships": self.relationships,
                "by_label": dict(self.by_label), "by_type": dict(self.by_type)}
