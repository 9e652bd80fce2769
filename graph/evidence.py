"""The evidence rule (DESIGN.md): every Violation has at least one EVIDENCED_BY, and every relationship
that asserts a fact about a person carries ``source_uids`` naming existing Source nodes."""
from __future__ import annotations

from dataclasses import dataclass

from .db import Graph
from .schema import SCHEMA

UNEVIDENCED_VIOLATIONS = """
MATCH (v:Violation) WHERE NOT (v)-[:EVIDENCED_BY]->(:Source)
RETURN v.uid AS uid, v.name AS name ORDER BY name LIMIT $limit
"""

# One statement over every asserting type, given as a parameter list (not interpolated).
UNSOURCED_CLAIMS = """
MATCH (a)-[r]->(b) WHERE type(r) IN $types
  AND (r.source_uids IS NULL OR size(r.source_uids) = 0)
RETURN type(r) AS type, r.uid AS uid, a.uid AS start, coalesce(a.name, a.uid) AS start_name,
       b.uid AS end, coalesce(b.name, b.uid) AS end_name
ORDER BY type, start_name LIMIT $limit
"""

DANGLING_SOURCES = """
MATCH (a)-[r]->(b) WHERE type(r) IN $types AND size(coalesce(r.source_uids, [])) > 0
WITH a, r, b, [u IN r.source_uids WHERE NOT EXISTS { MATCH (:Source {uid: u}) }] AS missing
WHERE size(missing) > 0
RETURN type(r) AS type, r.uid AS uid, a.uid AS start, coalesce(a.name, a.uid) AS start_name,
       b.uid AS end, coalesce(b.name, b.uid) AS end_name, missing
ORDER BY type, start_name LIMIT $limit
"""


@dataclass(frozen=True)
class Breach:
    rule: str        # unevidenced-violation | unsourced-claim | dangling-source
    uid: str | None
    description: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "uid": self.uid, "description": self.description}


def find_breaches(graph: Graph, limit: int = 10000) -> list[Breach]:
    """Every claim that breaks the evidence rule (at most ``limit`` of each kind)."""
    types = list(SCHEMA.asserting_types)
    out = [Breach("unevidenced-violation", r["uid"], f"Violation {r['name']!r} has no EVIDENCED_BY source")
           for r in graph.query(UNEVIDENCED_VIOLATIONS, {"limit": limit})]
    out += [Breach("unsourced-claim", r["uid"],
                   f"({r['start_name']})-[:{r['type']}]->({r['end_name']}) has no source_uids")
            for r in graph.query(UNSOURCED_CLAIMS, {"types": types, "limit": limit})]
    out += [Breach("dangling-source", r["uid"],
                   f"({r['start_name']})-[:{r['type']}]->({r['end_name']}) cites missing sources "
                   f"{', '.join(r['missing'])}")
            for r in graph.query(DANGLING_SOURCES, {"types": types, "limit": limit})]
    return out
