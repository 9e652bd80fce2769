"""How one node is shown to one viewer: its kind, its display name, and the masking of protected people
and confidential sources. Every explore read (entity pages, network, paths, search) goes through ``ref``,
so the rule lives in one place."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .authz import Viewer
from .schema import SCHEMA

PROTECTED_NAME = "Protected person"

# Label -> the word a researcher uses; the first label found wins (Detainee before Person, Court before Organization).
KINDS = (("Detainee", "detainee"), ("Official", "official"), ("Court", "court"), ("Person", "person"),
         ("Organization", "organisation"), ("Case", "case"), ("DetentionSite", "site"), ("Violation", "violation"),
         ("Source", "source"), ("Sanction", "sanction"), ("ImportBatch", "import"))
KIND_LABEL = {kind: label for label, kind in KINDS}
# Source fields that would identify a confidential source (its title, address, file).
CONFIDENTIAL_FIELDS = frozenset({"name", "url", "archived_copy", "sha256", "size", "media_type"})
FIELD_LABELS = {"name_uk": "name (Ukrainian)", "name_ru": "name (Russian)", "name_en": "name (English)",
                "pace_criteria": "PACE criteria", "pace_reasons": "PACE reasons", "sha256": "SHA-256",
                "url": "address", "archived_copy": "archived copy"}
ENUM_FIELDS = frozenset({"status", "region", "kind", "gender"})
HIDDEN_FIELDS = frozenset({"name", "name_keys", "protected", "confidential", "uid"})


def node_map(var: str) -> str:
    """A Cypher map projection of what ``ref`` needs; ``var`` is a variable name written in graph/ code."""
    return (f"{var} {{.uid, .name, .name_uk, .name_ru, .protected, .confidential, .reliability, .credibility, "
            f".status, .region, .rank, .kind, .number, .detained_on, .date, .authority, .listed_on, "
            f"labels: labels({var})}}")


def by_uid(var: str, key: str = "$uid") -> str:
    """Cypher that binds ``var`` to the node whose uid is ``key`` (a parameter or a variable), whatever its label.

    uid is unique per label and indexed per label (schema constraints); a label-free ``MATCH (n {uid: ...})``
    would read every node in the database. So: one index lookup per declared label, UNIONed.
    """
    scope = "" if key.startswith("$") else key
    arms = " UNION ".join(f"MATCH ({var}:{label} {{uid: {key}}}) RETURN {var}" for label in sorted(SCHEMA.nodes))
    return f"CALL ({scope}) {{ {arms} }}"


def kind_of(labels: Iterable[str]) -> str:
    present = set(labels)
    return next((kind for label, kind in KINDS if label in present), "node")


def fmt(value: Any) -> str:
    """A property value as text: dates as ISO, lists joined, enums with spaces."""
    if value is None:
        return ""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def grade(m: dict) -> str:
    """Source reliability + information credibility, e.g. "B2"; "?" parts when unknown."""
    return f"{m.get('reliability') or '?'}{m.get('credibility') or '?'}"


def is_masked(m: dict, viewer: Viewer) -> bool:
    if m.get("protected") and not viewer.sees_protected:
        return True
    return bool(m.get("confidential")) and "Source" in (m.get("labels") or ()) and not viewer.sees_confidential


@dataclass(frozen=True)
class NodeRef:
    uid: str
    kind: str
    name: str
    masked: bool = False
    facts: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"uid": self.uid, "kind": self.kind, "name": self.name, "masked": self.masked,
                "facts": list(self.facts)}


def short_facts(m: dict, kind: str) -> tuple[str, ...]:
    """The facts that tell two namesakes apart: role/rank, kind, number, status, region, dates."""
    out = [m.get("rank"), m.get("kind"), m.get("number"), m.get("authority"), m.get("status"), m.get("region")]
    if m.get("detained_on"):
        out.append(f"detained {fmt(m['detained_on'])}")
    if kind == "violation" and m.get("date"):
        out.append(fmt(m["date"]))
    if kind == "source":
        out.append(f"grade {grade(m)}")
    return tuple(fmt(x).replace("_", " ") for x in out if x)


def ref(m: dict | None, viewer: Viewer) -> NodeRef | None:
    """The node as this viewer may see it: protected people and confidential sources masked."""
    if not m or not m.get("uid"):
        return None
    kind = kind_of(m.get("labels") or ())
    if m.get("protected") and not viewer.sees_protected:
        return NodeRef(m["uid"], kind, PROTECTED_NAME, masked=True)
    if kind == "source" and m.get("confidential") and not viewer.sees_confidential:
        return NodeRef(m["uid"], kind, f"Confidential source (grade {grade(m)})", masked=True,
                       facts=(f"grade {grade(m)}",))
    return NodeRef(m["uid"], kind, m.get("name") or m["uid"], facts=short_facts(m, kind))


def visible_facts(props: dict, labels: Iterable[str], viewer: Viewer) -> tuple[tuple[str, str], ...]:
    """(label, value) of every declared property this viewer may see, in schema order."""
    labels = list(labels)
    m = {**props, "labels": labels}
    if m.get("protected") and not viewer.sees_protected:
        return ()
    base = SCHEMA.nodes.get(SCHEMA.base_label(labels[0])) if labels and labels[0] in SCHEMA.labels else None
    hidden = HIDDEN_FIELDS | (CONFIDENTIAL_FIELDS if is_masked(m, viewer) else frozenset())
    names = list(base.properties) if base else sorted(props)
    return tuple((FIELD_LABELS.get(n, n.replace("_", " ")), _value(n, props[n]))
                 for n in names if n not in hidden and props.get(n) not in (None, "", []))


def _value(name: str, value: Any) -> str:
    text = fmt(value)
    return text.replace("_", " ") if name in ENUM_FIELDS else text


@dataclass(frozen=True)
class Footnote:
    n: int
    uid: str
    label: str
    grade: str
    kind: str = ""

    def as_dict(self) -> dict:
        return {"n": self.n, "uid": self.uid, "label": self.label, "grade": self.grade, "kind": self.kind}


SOURCES = f"MATCH (s:Source) WHERE s.uid IN $uids RETURN {node_map('s')} AS s"


@dataclass
class Citations:
    """Numbers sources in order of first citation on a page, then resolves them to footnotes."""
    order: dict[str, int] = field(default_factory=dict)

    def cite(self, uids: Iterable[str] | None) -> tuple[int, ...]:
        for uid in uids or ():
            if uid and uid not in self.order:
                self.order[uid] = len(self.order) + 1
        return tuple(sorted({self.order[u] for u in uids or () if u}))

    def footnotes(self, tx, viewer: Viewer) -> tuple[Footnote, ...]:
        found = {r["s"]["uid"]: r["s"] for r in tx.run(SOURCES, uids=list(self.order))}
        out = []
        for uid, n in sorted(self.order.items(), key=lambda kv: kv[1]):
            m = found.get(uid)
            node = ref(m, viewer) if m else None
            out.append(Footnote(n, uid, node.name if node else "Missing source (not in the graph)",
                                grade(m) if m else "??", fmt(m.get("kind")).replace("_", " ") if m else ""))
        return tuple(out)
