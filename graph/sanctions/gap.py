"""The sanctions gap: officials ranked by evidenced violations, with who has and has not designated them.

A listing counts on any record of the official's cluster (graph/resolution): the EU's designation of
the same person, imported from its list as a record of its own, is the official's.

"Evidenced" means at least one source of the violation (its EVIDENCED_BY, or the responsibility claim's
``source_uids``) meets the evidence threshold.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.evidence.grades import EvidenceThreshold
from graph.store.db import Graph
from graph.store.stamp import Kept, kept_query
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA

GAP = """
MATCH (o:Person:Official) WHERE NOT coalesce(o.protected, false)
  AND EXISTS { (o)-[:HOLDS_POSITION|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN|RESPONSIBLE_FOR]->() }
WITH o, COLLECT { MATCH (o)-[:HOLDS_POSITION]->(x:Organization) RETURN DISTINCT x.kind } AS kinds,
     COLLECT { MATCH (o)-[:HOLDS_POSITION]->(x:Organization) WHERE x.region IS NOT NULL RETURN DISTINCT x.region }
     + COLLECT { MATCH (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) WHERE c.region IS NOT NULL
                 RETURN DISTINCT c.region } AS regions,
     COLLECT { MATCH (o)-[:SAME_AS*0..5]-(:Person)-[:SUBJECT_OF]->(s:Sanction) RETURN DISTINCT s.authority } AS listed
WHERE ($kind IS NULL OR $kind IN kinds) AND ($region IS NULL OR $region IN regions)
  AND ($not_by IS NULL OR NOT $not_by IN listed)
WITH o, kinds, regions, listed,
     COUNT { MATCH (o)-[r:RESPONSIBLE_FOR]->(v:Violation)
             WHERE EXISTS { MATCH (v)-[:EVIDENCED_BY]->(s:Source) WHERE $ok }
                OR EXISTS { MATCH (s:Source) WHERE s.uid IN coalesce(r.source_uids, []) AND $ok } } AS violations,
     COUNT { MATCH (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) RETURN DISTINCT c } AS cases
WHERE violations >= $min_violations
RETURN o.uid AS uid, o.name AS name, o.name_ru AS name_ru, o.rank AS rank, kinds, regions, listed,
       violations, cases
ORDER BY violations DESC, size(listed), name
LIMIT $limit
"""
SOURCE_OK = ("(($min_rel IS NULL OR s.reliability <= $min_rel) "
             "AND ($min_cred IS NULL OR toInteger(s.credibility) <= $min_cred))")


FILTER_WORDS = {"region": N_("region"), "org_kind": N_("org kind"), "authority": N_("authority")}


@dataclass(frozen=True)
class GapFilters:
    region: str | None = None
    kind: str | None = None          # organisation kind of a post held (court, prosecutor, fsb, ...)
    not_listed_by: str | None = None
    threshold: EvidenceThreshold = EvidenceThreshold()
    min_violations: int = 0
    limit: int = 1000

    def __post_init__(self) -> None:
        for value, vocab in ((self.region, "region"), (self.kind, "org_kind"), (self.not_listed_by, "authority")):
            if value is not None and value not in SCHEMA.vocabularies[vocab]:
                raise ValueError(gettext("%(value)s is not a known %(vocabulary)s", value=repr(value),
                                         vocabulary=gettext(FILTER_WORDS[vocab])))


@dataclass(frozen=True)
class GapRow:
    rank_no: int
    uid: str
    name: str
    name_ru: str | None
    rank: str | None
    roles: tuple[str, ...]
    regions: tuple[str, ...]
    violations: int
    cases: int
    listed: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(a for a in SCHEMA.sanctioning_authorities if a not in self.listed)

    def as_dict(self) -> dict:
        row = {"rank": self.rank_no, "uid": self.uid, "name": self.name, "name_ru": self.name_ru,
               "official_rank": self.rank, "roles": list(self.roles), "regions": list(self.regions),
               "evidenced_violations": self.violations, "cases": self.cases}
        row.update({a: a in self.listed for a in SCHEMA.sanctioning_authorities})
        row["not_listed_by"] = list(self.missing)
        return row


KEPT = Kept(32)


def get_gap(graph: Graph, filters: GapFilters = GapFilters()) -> list[GapRow]:
    t = filters.threshold
    params = {"region": filters.region, "kind": filters.kind, "not_by": filters.not_listed_by,
              "min_rel": t.min_reliability, "min_cred": t.min_credibility,
              "min_violations": filters.min_violations, "limit": filters.limit}
    # one read of every official (2 s at 100,000 detainees), kept until the data changes (graph/store/stamp.py)
    rows = kept_query(graph, KEPT, tuple(sorted(params.items())), lambda: graph.query(GAP.replace("$ok", SOURCE_OK), params))
    return [GapRow(i + 1, r["uid"], r["name"], r["name_ru"], r["rank"],
                   # what the posts are called (stored English words), as the language spoken says them
                   tuple(sorted(gettext(SCHEMA.role_in(k)) for k in r["kinds"] if k)), tuple(sorted(set(r["regions"]))),
                   r["violations"], r["cases"], tuple(sorted(a for a in r["listed"] if a)))
            for i, r in enumerate(rows)]


def unsanctioned_with_violations(graph: Graph, min_violations: int = 3, authority: str | None = None,
                                 threshold: EvidenceThreshold = EvidenceThreshold()) -> list[str]:
    """The built-in batch selection: officials with at least N evidenced violations that ``authority``
    (any of SCHEMA.sanctioning_authorities when None) has not designated."""
    rows = get_gap(graph, GapFilters(not_listed_by=authority, threshold=threshold, min_violations=min_violations,
                                     limit=100000))
    return [r.uid for r in rows if authority or not r.listed]
