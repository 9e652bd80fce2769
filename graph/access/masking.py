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
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA
from graph.store.sealing import KeyUnavailable, is_pseudonym, is_sealed

# Stored, compared and sent to Cypher in English; ``shown`` gives the words a person reads for them.
PROTECTED_PERSON = N_("[protected person]")
CONFIDENTIAL_SOURCE = N_("[confidential source]")
# The words before a pseudonym's code (schema.yaml, sealing), as a person reads them.
PSEUDONYM_WORDS = (N_("Protected person P-"), N_("Confidential source S-"))

DOCUMENT_READER = Viewer("viewer", "the reader of an exported document")
"""Whom a dossier is masked for: it leaves the organisation, so it names no protected person and no
confidential source, whoever asked for it."""

# Properties that survive on a masked node; everything else is dropped and the name replaced.
KEEP_PROTECTED = SCHEMA.sealing["Person"].clear
KEEP_CONFIDENTIAL = SCHEMA.sealing["Source"].clear


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
    """The wording that stands for a masked node: its pseudonym when it is sealed (the only name the graph
    holds), else the placeholder."""
    if is_sealed(m.get("sealed")) and m.get("name"):
        return m["name"]
    return CONFIDENTIAL_SOURCE if "Source" in (m.get("labels") or ()) and m.get("confidential") else PROTECTED_PERSON


def shown(name: str | None) -> str:
    """A placeholder or a pseudonym in the words of the language spoken now ("Protected person P-3F7AQ2"
    stays the name stored in the graph; only what is read changes); any other name as it is."""
    if name in (PROTECTED_PERSON, CONFIDENTIAL_SOURCE):
        return gettext(name)
    if is_pseudonym(name):
        for rule in SCHEMA.sealing.values():
            if name.startswith(rule.pseudonym):
                return gettext(rule.pseudonym) + name[len(rule.pseudonym):]
    return name or ""


def shown_placeholder(m: dict) -> str:
    """``placeholder`` in the words a person reads (``placeholder`` itself is what exports and edits keep)."""
    return shown(placeholder(m))


def person_name(name: str | None, protected: bool, viewer: Viewer) -> str:
    """A person's name as ``viewer`` may read it (for reads that return the name and the flag apart): a
    pseudonym is itself safe to show."""
    if protected and not viewer.sees_protected:
        return shown(name if is_pseudonym(name) else PROTECTED_PERSON)
    return name or ""


def opened(uid: str | None, sealed, viewer: Viewer) -> dict:
    """What the seal ``sealed`` of the record ``uid`` holds, for a viewer who may see protected identities
    and holds the key ring; nothing for anyone else. Opening it is noted in the viewer's journal."""
    if not (uid and is_sealed(sealed) and viewer.sees_protected and viewer.keys is not None):
        return {}
    try:
        values = viewer.keys.open(uid, sealed)
    except KeyUnavailable:
        return {}
    if viewer.journal is not None:
        viewer.journal.saw(uid)
    return values


def visible_props(labels: Iterable[str], props: dict, viewer: Viewer) -> tuple[dict, bool]:
    """A node's properties as ``viewer`` may see them, and whether anything was hidden. A sealed node is
    opened for a viewer who may see it; the ciphertext itself is never passed on."""
    m = {**props, "labels": list(labels)}
    if hides_person(m, viewer):
        return {**{k: v for k, v in props.items() if k in KEEP_PROTECTED}, "name": placeholder(m)}, True
    if hides_source(m, viewer):
        return {**{k: v for k, v in props.items() if k in KEEP_CONFIDENTIAL}, "name": placeholder(m)}, True
    clear = {k: v for k, v in props.items() if k != "sealed"}
    clear.update(opened(props.get("uid"), props.get("sealed"), viewer))
    return clear, False


def revealed(m: dict, viewer: Viewer) -> dict:
    """A node map (with ``labels``) as ``viewer`` may read it."""
    props, _ = visible_props(m.get("labels") or (), m, viewer)
    return {**props, "labels": m.get("labels") or []}


def query_params(viewer: Viewer) -> dict:
    """The parameters every analyst's query gets from the runner, never from a form or a command line:
    ``WHERE $sees_protected OR NOT coalesce(p.protected, false)``, and the placeholders to return instead
    (``CASE WHEN s.confidential AND NOT $sees_confidential THEN $confidential_source ELSE s.name END``)."""
    return {"sees_protected": viewer.sees_protected, "sees_confidential": viewer.sees_confidential,
            "protected_person": gettext(PROTECTED_PERSON), "confidential_source": gettext(CONFIDENTIAL_SOURCE)}


RESERVED_PARAMS = frozenset(query_params(DOCUMENT_READER))


# -- free text: the net under every console query -----------------------------------------------------------
SECRET_NAMES = """
MATCH (p:Person) WHERE p.protected = true AND p.sealed IS NULL
RETURN [x IN [p.name, p.name_uk, p.name_ru, p.name_en] + coalesce(p.aliases, []) WHERE x IS NOT NULL] AS texts
"""
SECRET_SOURCES = """
MATCH (s:Source) WHERE s.confidential = true AND s.sealed IS NULL
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

    def mask(self, text: str, replacement: str | None = None) -> tuple[str, int]:
        replacement = gettext(PROTECTED_PERSON) if replacement is None else replacement
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
            return shown(masked) if is_pseudonym(masked) else masked
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
        if "name" in props:
            props["name"] = shown(props["name"])
        return {**meta, **{k: self.value(v) for k, v in props.items()}}


def redact_result(graph: Graph, result, viewer: Viewer, scrub: bool = True):
    """Mask, in place, what ``viewer`` may not see in a console QueryResult; count what was hidden."""
    if viewer.sees_protected and viewer.sees_confidential:
        return result
    walker = _Walker(get_secrets(graph, viewer) if scrub else Secrets(), viewer)
    result.rows = [[walker.value(v) for v in row] for row in result.rows]
    for node in result.nodes.values():
        props, hidden = visible_props(node["labels"], node["props"], viewer)
        if "name" in props:
            props["name"] = shown(props["name"])
        node["props"] = {k: walker.value(v) for k, v in props.items()}
        walker.hidden += hidden
    for rel in result.relationships.values():
        rel["props"] = {k: walker.value(v) for k, v in rel["props"].items()}
    result.redacted = walker.hidden
    return result
