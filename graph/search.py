"""Name search over the fulltext index: every name field and the normalised name keys, any script."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .authz import Viewer
from .db import Graph
from .names import query_terms
from .schema import SCHEMA

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)

SEARCH = """
CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $limit * 3}) YIELD node, score
WHERE $sees_protected OR NOT coalesce(node.protected, false)
WITH node, score ORDER BY score DESC LIMIT $limit
RETURN node.uid AS uid, labels(node) AS labels, node.name AS name, node.name_uk AS name_uk,
       node.name_ru AS name_ru, node.status AS status, node.region AS region, node.rank AS rank,
       node.kind AS kind, node.number AS number, node.detained_on AS detained_on,
       node.birth_date AS birth_date, score
"""


@dataclass(frozen=True)
class Hit:
    uid: str
    kind: str
    name: str
    other_names: tuple[str, ...]
    facts: tuple[str, ...]
    score: float

    def as_dict(self) -> dict:
        return {"uid": self.uid, "kind": self.kind, "name": self.name, "other_names": list(self.other_names),
                "facts": list(self.facts), "score": round(self.score, 3)}


def _escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_query(text: str) -> str:
    """Each word exactly, as a prefix, within one edit, or as a cross-script name key; words ANDed.

    Built from escaped terms only: user input never reaches Lucene as syntax.
    """
    parts = []
    for token in _TOKEN.findall(text.lower())[:8]:
        escaped = _escape(token)
        alternatives = [f"{escaped}^3", f"{escaped}*"]
        if len(token) >= 4:
            alternatives.append(f"{escaped}~1")
        for terms in query_terms(token):
            alternatives += [f"name_keys:{_escape(t)}^2" for t in sorted(terms) if t]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def kind_of(labels: list[str]) -> str:
    for label in ("Detainee", "Official", "Court"):
        if label in labels:
            return label
    return next((x for x in labels if x in SCHEMA.nodes), labels[0] if labels else "Node")


def _facts(row: dict) -> tuple[str, ...]:
    facts = [row.get("rank"), row.get("kind"), row.get("number"), row.get("status"), row.get("region")]
    if row.get("detained_on"):
        facts.append(f"detained {row['detained_on']}")
    if row.get("birth_date"):
        facts.append(f"born {row['birth_date']}")
    return tuple(str(f) for f in facts if f)


def search_names(graph: Graph, text: str, viewer: Viewer, limit: int = 50) -> list[Hit]:
    lucene = lucene_query(text)
    if not lucene:
        return []
    rows = graph.query(SEARCH, {"index": SCHEMA.fulltext_name, "lucene": lucene, "limit": limit,
                                "sees_protected": viewer.sees_protected})
    return [Hit(r["uid"], kind_of(r["labels"]), r["name"] or r["uid"],
                tuple(n for n in (r["name_uk"], r["name_ru"]) if n and n != r["name"]), _facts(r), r["score"])
            for r in rows]
