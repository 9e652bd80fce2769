"""The one masking rule: what of a protected person (a witness, a relative) or a confidential source a
viewer may not see, and the one wording that stands in its place.

Every read goes through here: entity pages, search, network and paths (``hides``, ``placeholder``,
``visible_props``), the evidence check, the console and saved queries (``query_params``,
``redact_result``), the exports and the dossier (``DOCUMENT_READER``: a document that is sent out is
masked as for the outside world, whoever produces it). Nothing else spells a placeholder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from graph.access.viewer import Viewer
from graph.store.db import Graph

PROTECTED_PERSON = "[protected person]"
CONFIDENTIAL_SOURCE = "[confidential source]"

DOCUMENT_READER = Viewer("viewer", "the reader of an exported document")
"""Whom a dossier is masked for: it leaves the organisation, so it names no protected person and no
confidential source, whoever asked for it."""

# Properties that survive on a masked node; everything else is dropped and the name replaced.
KEEP_PROTECTED = frozenset({"uid", "protected", "created_at", "updated_at"})
KEEP_CONFIDENTIAL = frozenset({"uid", "kind", "reliability", "credibility", "confidential", "published_on",
                               "captured_on", "created_at", "updated_at"})


def hides_person(m: dict, viewer: Viewer) -> bool:
    """A protected person's identity, for a viewer who may not see it."""
    return bool(m.get("protected")) and not viewer.sees_protected


def hides_source(m: dict, viewer: Viewer) -> bool:
    """A confidential source's title, address and file, for a viewer who may not see them."""
    return bool(m.get("confidential")) and "Source" in (m.get("labels") or ()) and not viewer.sees_confidential


def hides(m: dict, viewer: Viewer) -> bool:
    """Whether ``m`` (a node map with ``labels``) is masked for ``viewer``."""
    return hides_person(m, viewer) or hides_source(m, viewer)


def placeholder(m: dict) -> str:
    """The wording that stands for a masked node."""
    return CONFIDENTIAL_SOURCE if "Source" in (m.get("labels") or ()) and m.get("confidential") else PROTECTED_PERSON


def person_name(name: str | None, protected: bool, viewer: Viewer) -> str:
    """A person's name as ``viewer`` may read it (for reads that return the name and the flag apart)."""
    return PROTECTED_PERSON if protected and not viewer.sees_protected else (name or "")


def visible_props(labels: Iterable[str], props: dict, viewer: Viewer) -> tuple[dict, bool]:
    """A node's properties as ``viewer`` may see them, and whether anything was hidden."""
    m = {**props, "labels": list(labels)}
    if hides_person(m, viewer):
        return {**{k: v for k, v in props.items() if k in KEEP_PROTECTED}, "name": PROTECTED_PERSON}, True
    if hides_source(m, viewer):
        return {**{k: v for k, v in props.items() if k in KEEP_CONFIDENTIAL}, "name": CONFIDENTIAL_SOURCE}, True
    return props, False


def query_params(viewer: Viewer) -> dict:
    """The parameters every analyst's query gets from the runner, never from a form or a command line:
    ``WHERE $sees_protected OR NOT coalesce(p.protected, false)``, and the placeholders to return instead
    (``CASE WHEN s.confidential AND NOT $sees_confidential THEN $confidential_source ELSE s.name END``)."""
    return {"sees_protected": viewer.sees_protected, "sees_confidential": viewer.sees_confidential,
            "protected_person": PROTECTED_PERSON, "confidential_source": CONFIDENTIAL_SOURCE}


RESERVED_PARAMS = frozenset(query_params(DOCUMENT_READER))


# -- free text: the net under every console query -----------------------------------------------------------
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

    def mask(self, text: str, replacement: str = PROTECTED_PERSON) -> tuple[str, int]:
        if not self.texts:
            return text, 0
        if _norm(text) in self.texts:
            return replacement, 1
        return self._pattern.subn(replacement, text)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def secrets_of(texts: Iterable[str]) -> Secrets:
    return Secrets(frozenset(_norm(t) for t in texts if t.strip()))


def get_secrets(graph: Graph, viewer: Viewer) -> Secrets:
    """Protected names (and confidential titles) the viewer may not see, read afresh for every query:
    a person marked protected a second ago is already masked."""
    texts: list[str] = []
    queries = ([SECRET_NAMES] if not viewer.sees_protected else []) + \
              ([SECRET_SOURCES] if not viewer.sees_confidential else [])
    for query in queries:
        texts += [t for row in graph.query(query) for t in row["texts"] if isinstance(t, str)]
    return secrets_of(texts)


class _Walker:
    def __init__(self, secrets: Secrets, viewer: Viewer):
        self.secrets, self.viewer, self.hidden = secrets, viewer, 0

    def value(self, value):
        if isinstance(value, str):
            masked, hits = self.secrets.mask(value)
            self.hidden += hits
            return masked
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return self.entity(value) if "_node" in value else {k: self.value(v) for k, v in value.items()}
        return value

    def entity(self, node: dict) -> dict:
        meta = {k: node[k] for k in ("_node", "labels") if k in node}
        props = {k: v for k, v in node.items() if k not in meta}
        props, hidden = visible_props(node.get("labels", []), props, self.viewer)
        self.hidden += hidden
        return {**meta, **{k: self.value(v) for k, v in props.items()}}


def redact_result(graph: Graph, result, viewer: Viewer, scrub: bool = True):
    """Mask, in place, what ``viewer`` may not see in a console QueryResult; count what was hidden."""
    if viewer.sees_protected and viewer.sees_confidential:
        return result
    walker = _Walker(get_secrets(graph, viewer) if scrub else Secrets(), viewer)
    result.rows = [[walker.value(v) for v in row] for row in result.rows]
    for node in result.nodes.values():
        props, hidden = visible_props(node["labels"], node["props"], viewer)
        node["props"] = {k: walker.value(v) for k, v in props.items()}
        walker.hidden += hidden
    for rel in result.relationships.values():
        rel["props"] = {k: walker.value(v) for k, v in rel["props"].items()}
    result.redacted = walker.hidden
    return result
