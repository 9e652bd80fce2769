"""The evidence rule (DESIGN.md): every Violation has at least one EVIDENCED_BY, every relationship
that asserts a fact about a person carries ``source_uids`` naming existing Source nodes, and every PACE
criterion a detainee is said to meet has its own evidence (EVIDENCED_BY with that ``criterion``)."""
from __future__ import annotations

from dataclasses import dataclass

from graph.access.masking import opened, person_name
from graph.access.viewer import Viewer
from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA

UNEVIDENCED_VIOLATIONS = """
MATCH (v:Violation) WHERE NOT (v)-[:EVIDENCED_BY]->(:Source)
RETURN v.uid AS uid, v.name AS name ORDER BY name LIMIT $limit
"""

# One statement over every asserting type, given as a parameter list (not interpolated).
UNSOURCED_CLAIMS = """
MATCH (a)-[r]->(b) WHERE type(r) IN $types
  AND (r.source_uids IS NULL OR size(r.source_uids) = 0)
RETURN type(r) AS type, r.uid AS uid, a.uid AS start, coalesce(a.name, a.uid) AS start_name,
       b.uid AS end, coalesce(b.name, b.uid) AS end_name,
       coalesce(a.protected, false) AS start_protected, coalesce(b.protected, false) AS end_protected
ORDER BY type, start_name LIMIT $limit
"""

DANGLING_SOURCES = """
MATCH (a)-[r]->(b) WHERE type(r) IN $types AND size(coalesce(r.source_uids, [])) > 0
WITH a, r, b, [u IN r.source_uids WHERE NOT EXISTS { MATCH (:Source {uid: u}) }] AS missing
WHERE size(missing) > 0
RETURN type(r) AS type, r.uid AS uid, a.uid AS start, coalesce(a.name, a.uid) AS start_name,
       b.uid AS end, coalesce(b.name, b.uid) AS end_name, missing,
       coalesce(a.protected, false) AS start_protected, coalesce(b.protected, false) AS end_protected
ORDER BY type, start_name LIMIT $limit
"""

# A detainee's PACE criteria without their evidence. A sealed (protected) detainee's criteria are in the
# seal: its rows come back with the seal, opened for a viewer who holds the key (``_sealed_criteria``).
UNEVIDENCED_CRITERIA = """
MATCH (p:Detainee) WHERE p.sealed IS NULL AND size(coalesce(p.pace_criteria, [])) > 0
UNWIND p.pace_criteria AS criterion
WITH p, criterion WHERE NOT EXISTS { MATCH (p)-[e:EVIDENCED_BY]->(:Source) WHERE e.criterion = criterion }
RETURN p.uid AS uid, coalesce(p.name, p.uid) AS name, coalesce(p.protected, false) AS protected, criterion
ORDER BY name, criterion LIMIT $limit
"""
SEALED_DETAINEES = """
MATCH (p:Detainee) WHERE p.sealed IS NOT NULL
RETURN p.uid AS uid, p.name AS name, p.sealed AS sealed,
       [(p)-[e:EVIDENCED_BY]->(:Source) WHERE e.criterion IS NOT NULL | e.criterion] AS evidenced
LIMIT $limit
"""


RULES = {                 # rule -> its title, an English message: gettext where it is shown
    "unevidenced-violation": N_("Violation without evidence"),
    "unsourced-claim": N_("Claim without sources"),
    "dangling-source": N_("Claim citing a missing source"),
    "unevidenced-criterion": N_("PACE criterion without evidence"),
}


@dataclass(frozen=True)
class Breach:
    rule: str        # a key of RULES
    uid: str | None  # the violation's or the relationship's uid
    description: str
    subject_uid: str | None = None  # the node to open to mend it

    def as_dict(self) -> dict:
        return {"rule": self.rule, "uid": self.uid, "description": self.description,
                "subject_uid": self.subject_uid}


def _claim(row: dict, viewer: Viewer) -> str:
    def name(end: str) -> str:
        return person_name(row[f"{end}_name"], row[f"{end}_protected"], viewer)
    return f"({name('start')})-[:{row['type']}]->({name('end')})"


def find_breaches(graph: Graph, viewer: Viewer, limit: int = 10000) -> list[Breach]:
    """Every claim that breaks the evidence rule (at most ``limit`` of each kind), protected people's
    names hidden from a viewer who may not see them."""
    types = list(SCHEMA.asserting_types)
    out = [Breach("unevidenced-violation", r["uid"],
                  gettext("Violation %(name)s has no EVIDENCED_BY source", name=repr(r["name"])), r["uid"])
           for r in graph.query(UNEVIDENCED_VIOLATIONS, {"limit": limit})]
    out += [Breach("unsourced-claim", r["uid"], gettext("%(claim)s has no source_uids", claim=_claim(r, viewer)),
                   r["start"])
            for r in graph.query(UNSOURCED_CLAIMS, {"types": types, "limit": limit})]
    out += [Breach("dangling-source", r["uid"],
                   gettext("%(claim)s cites missing sources %(uids)s", claim=_claim(r, viewer),
                           uids=", ".join(r["missing"])), r["start"])
            for r in graph.query(DANGLING_SOURCES, {"types": types, "limit": limit})]
    rows = list(graph.query(UNEVIDENCED_CRITERIA, {"limit": limit})) + _sealed_criteria(graph, viewer, limit)
    out += [Breach("unevidenced-criterion", r["uid"],
                   gettext("PACE criterion (%(criterion)s) of %(person)s has no evidence", criterion=r["criterion"],
                           person=person_name(r["name"], r["protected"], viewer)), r["uid"])
            for r in rows[:limit]]
    return out


def _sealed_criteria(graph: Graph, viewer: Viewer, limit: int) -> list[dict]:
    """The criteria without evidence of the protected detainees whose seal this viewer may open (the others
    cannot be read, by anyone without the key)."""
    out = []
    for r in graph.query(SEALED_DETAINEES, {"limit": limit}):
        values = opened(r["uid"], r["sealed"], viewer)
        out += [{"uid": r["uid"], "name": r["name"], "protected": True, "criterion": c}
                for c in values.get("pace_criteria") or () if c not in r["evidenced"]]
    return out
