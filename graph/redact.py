"""What an analyst's free-form query returns, cut to what the viewer may see: protected people (witnesses,
relatives) lose their names and identifying facts, confidential sources their titles and addresses, and
any returned text that is or contains a protected person's name (or alias) or a confidential title is masked. Saved
queries also filter in Cypher with ``$sees_protected``; this is the net under every query."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .authz import Viewer
from .db import Graph

PROTECTED = "[protected]"
CONFIDENTIAL = "[confidential]"
# Properties that survive on a redacted node; everything else is replaced or dropped.
KEEP_PROTECTED = frozenset({"uid", "protected", "created_at", "updated_at"})
KEEP_CONFIDENTIAL = frozenset({"uid", "kind", "reliability", "credibility", "confidential", "published_on",
                               "captured_on", "created_at", "updated_at"})

SECRET_NAMES = """
MATCH (p:Person) WHERE p.protected = true
RETURN [x IN [p.name, p.name_uk, p.name_ru, p.name_en] + coalesce(p.aliases, []) WHERE x IS NOT NULL] AS texts
"""
SECRET_SOURCES = """
MATCH (s:Source) WHERE s.confidential = true
RETURN [x IN [s.name, s.url, s.archived_copy] WHERE x IS NOT NULL] AS texts
"""


@dataclass(frozen=True)
class Secrets:
    """Texts a viewer may not see (normalised). A returned text equal to one becomes the placeholder; a
    longer text keeps its words but loses every whole-word occurrence of one, whatever its case or
    spacing (``'Statement of ' + p.name`` or ``toUpper(p.name)`` in a console query). A namesake's name
    is masked too: hiding a name once too often is the safe mistake."""
    texts: frozenset[str] = frozenset()

    @cached_property
    def _pattern(self) -> re.Pattern:
        # longest first, so "Ivan Petrov" is masked whole before "Ivan" could be
        alternatives = (r"\s+".join(map(re.escape, t.split())) for t in sorted(self.texts, key=len, reverse=True))
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    def mask(self, text: str, placeholder: str) -> tuple[str, int]:
        if not self.texts:
            return text, 0
        if _norm(text) in self.texts:
            return placeholder, 1
        return self._pattern.subn(placeholder, text)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _index(texts: list[str]) -> Secrets:
    return Secrets(frozenset(_norm(t) for t in texts if t.strip()))


def get_secrets(graph: Graph, viewer: Viewer) -> Secrets:
    """Protected names (and confidential titles) the viewer may not see, read afresh for every query:
    a person marked protected a second ago is already masked."""
    texts: list[str] = []
    queries = ([SECRET_NAMES] if not viewer.sees_protected else []) + \
              ([SECRET_SOURCES] if not viewer.sees_confidential else [])
    for query in queries:
        texts += [t for row in graph.query(query) for t in row["texts"] if isinstance(t, str)]
    return _index(texts)


def redact_props(labels: list[str], props: dict, viewer: Viewer) -> tuple[dict, bool]:
    """A node's properties as ``viewer`` may see them, and whether anything was hidden."""
    if props.get("protected") and not viewer.sees_protected:
        return {**{k: v for k, v in props.items() if k in KEEP_PROTECTED}, "name": PROTECTED}, True
    if "Source" in labels and props.get("confidential") and not viewer.sees_confidential:
        return {**{k: v for k, v in props.items() if k in KEEP_CONFIDENTIAL}, "name": CONFIDENTIAL}, True
    return props, False


class _Walker:
    def __init__(self, secrets: Secrets, viewer: Viewer):
        self.secrets, self.viewer, self.hidden = secrets, viewer, 0

    def value(self, value):
        if isinstance(value, str):
            masked, hits = self.secrets.mask(value, PROTECTED)
            self.hidden += hits
            return masked
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return self.entity(value) if "_node" in value else {k: self.value(v) for k, v in value.items()}
        return value

    def entity(self, node: dict) -> dict:
        meta = {k: node[k] for k in ("_node", "labels")}
        props = {k: v for k, v in node.items() if k not in meta}
        props, hidden = redact_props(node.get("labels", []), props, self.viewer)
        self.hidden += hidden
        return {**meta, **{k: self.value(v) for k, v in props.items()}}


def redact_result(graph: Graph, result, viewer: Viewer, scrub: bool = True):
    """Mask, in place, what ``viewer`` may not see in a QueryResult; count what was hidden."""
    if viewer.sees_protected and viewer.sees_confidential:
        return result
    walker = _Walker(get_secrets(graph, viewer) if scrub else Secrets(), viewer)
    result.rows = [[walker.value(v) for v in row] for row in result.rows]
    for node in result.nodes.values():
        props, hidden = redact_props(node["labels"], node["props"], viewer)
        node["props"] = {k: walker.value(v) for k, v in props.items()}
        walker.hidden += hidden
    for rel in result.relationships.values():
        rel["props"] = {k: walker.value(v) for k, v in rel["props"].items()}
    result.redacted = walker.hidden
    return result
