"""Sanctions matching: links between officials in the graph and persons on imported sanctions lists.

One use of entity resolution (graph/resolution): an official and a listed person are candidates like any
other pair, scored once by nomenklatura's ``logic-v2`` and the reviewer's rules and stored. A person
decides: a confirmed match is a positive judgement (one cluster, SAME_AS) and becomes SUBJECT_OF for each
of the listed person's designations; a rejection is a negative judgement, kept as NOT_SAME_AS and never
proposed again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from graph.resolution.judgements import candidates_stale, compute_candidates, judge, open_candidates
from graph.resolution.scoring import warm_up
from graph.store.db import Graph
from graph.store.language import gettext
from graph.store.plain import plain
from graph.store.records import make_uid

__all__ = ["propose_matches", "confirm_match", "reject_match", "warm_up", "MatchCandidate", "MatchError"]

# Someone the graph knows by what they did, not only by a list entry.
INVOLVED = "EXISTS { (p)-[:HOLDS_POSITION|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN|RESPONSIBLE_FOR]->() }"

# Listed persons: as imported from a sanctions list (maybe labelled Official for their listed posts), with
# designations of their own (not ones a person confirmed) and nothing else in the graph.
LISTED = """
MATCH (p:Person)-[d:SUBJECT_OF]->(s:Sanction)
WHERE d.confirmed_by IS NULL AND ($authority IS NULL OR s.authority = $authority) AND NOT $involved
WITH p, collect(s {.uid, .authority, .programme, .listed_on, .reference, .reason}) AS sanctions
RETURN p {.uid, .name, .name_ru, .name_uk, .name_en, .aliases, .name_keys, .birth_date, .citizenship,
          .positions, .notes} AS person, sanctions
""".replace("$involved", INVOLVED)

# Officials of the graph: documented by their posts, cases or violations, or typed in without any list.
OFFICIALS = """
MATCH (p:Person:Official) WHERE NOT coalesce(p.protected, false)
  AND ($involved OR NOT EXISTS { (p)-[:SUBJECT_OF]->(:Sanction) })
RETURN p {.uid, .name, .name_ru, .name_uk, .name_en, .aliases, .name_keys, .birth_date, .citizenship,
          .rank} AS person,
       [(p)-[h:HOLDS_POSITION]->(x:Organization) | trim(coalesce(h.title, '') + ', ' + coalesce(x.name, ''))]
         AS positions,
       [(p)-[:SUBJECT_OF]->(s:Sanction) | s.uid] AS sanction_uids,
       [(p)-[:NOT_SAME_AS|SAME_AS]-(l:Person) | l.uid] AS decided
""".replace("$involved", INVOLVED)

LISTED_SANCTIONS = """
MATCH (o:Person:Official {uid: $official})
MATCH (l:Person {uid: $listed})-[d:SUBJECT_OF]->(s:Sanction) WHERE d.confirmed_by IS NULL
RETURN s.uid AS uid,
       [(s)-[:EVIDENCED_BY]->(x:Source) | x.uid] + [(l)-[:EVIDENCED_BY]->(x:Source) | x.uid] AS sources
"""

CONFIRM = """
MATCH (o:Person:Official {uid: $official}), (l:Person {uid: $listed})
UNWIND $links AS link
MATCH (s:Sanction {uid: link.sanction})
MERGE (o)-[r:SUBJECT_OF {uid: link.uid}]->(s)
ON CREATE SET r.created_at = $now
SET r.updated_at = $now, r.source_uids = link.sources, r.confirmed_by = $by, r.confirmed_at = $now,
    r.matched_to = $listed
WITH DISTINCT o, l
MERGE (o)-[m:SAME_AS {uid: $same_uid}]->(l)
ON CREATE SET m.created_at = $now
SET m.updated_at = $now, m.confirmed_by = $by, m.confirmed_at = $now
RETURN count(*) AS n
"""

REJECT = """
MATCH (o:Person:Official {uid: $official}), (l:Person {uid: $listed})
MERGE (o)-[r:NOT_SAME_AS {uid: $uid}]->(l)
ON CREATE SET r.created_at = $now
SET r.updated_at = $now, r.rejected_by = $by, r.rejected_at = $now
RETURN count(r) AS n
"""


class MatchError(ValueError):
    """The pair cannot be confirmed or rejected (unknown uid, or nothing listed)."""


@dataclass(frozen=True)
class ListedSanction:
    uid: str
    authority: str
    programme: str | None
    listed_on: str | None
    reference: str | None


@dataclass(frozen=True)
class MatchCandidate:
    official_uid: str
    official_names: tuple[str, ...]
    official_birth_date: str | None
    official_positions: tuple[str, ...]
    listed_uid: str
    listed_names: tuple[str, ...]
    listed_birth_date: str | None
    sanctions: tuple[ListedSanction, ...]
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        from dataclasses import asdict
        return asdict(self)


def _names(p: dict) -> tuple[str, ...]:
    values = [p.get(k) for k in ("name", "name_en", "name_ru", "name_uk")] + list(p.get("aliases") or [])
    return tuple(dict.fromkeys(v for v in values if v))


def propose_matches(graph: Graph, authority: str | None = None, threshold: float = 0.7,
                    limit: int = 500, compute: bool = True) -> list[MatchCandidate]:
    """Candidate (official, listed person) pairs scoring at least ``threshold``, best first: the
    resolution candidates (graph/resolution) between an official of the graph and a person on a list,
    computed first when the data changed since (``compute``), else as last stored."""
    if compute and candidates_stale(graph):
        compute_candidates(graph)
    listed = {r["person"]["uid"]: r for r in graph.query(LISTED, {"authority": authority})}
    if not listed:
        return []
    officials = {r["person"]["uid"]: r for r in graph.query(OFFICIALS)}
    out = []
    for c in open_candidates(graph, label="Person", min_score=threshold, limit=100000):
        for off_uid, listed_uid in ((c.a, c.b), (c.b, c.a)):
            off, row = officials.get(off_uid), listed.get(listed_uid)
            if off is None or row is None:
                continue
            sanction_uids = {s["uid"] for s in row["sanctions"]}
            if listed_uid in off["decided"] or sanction_uids <= set(off["sanction_uids"]):
                continue
            out.append(_candidate(off, row, c.score, c.reasons))
    out.sort(key=lambda c: (-c.score, c.official_names[0]))
    return out[:limit]


def _candidate(off: dict, row: dict, score: float, reasons: tuple[str, ...]) -> MatchCandidate:
    p, t = off["person"], row["person"]
    sanctions = tuple(ListedSanction(s["uid"], s["authority"], s.get("programme"), plain(s.get("listed_on")),
                                     s.get("reference")) for s in row["sanctions"])
    return MatchCandidate(p["uid"], _names(p), plain(p.get("birth_date")), tuple(off["positions"]), t["uid"],
                          _names(t), plain(t.get("birth_date")), sanctions, round(float(score), 3), reasons)


def _links_tx(tx, official: str, listed: str) -> list[dict]:
    return [r.data() for r in tx.run(LISTED_SANCTIONS, {"official": official, "listed": listed})]


def _write_tx(tx, statement: str, params: dict) -> int:
    return tx.run(statement, params).single()["n"]


def confirm_match(graph: Graph, official: str, listed: str, by: str) -> int:
    """Link the official to each designation of the listed person; returns how many."""
    links = graph.read(_links_tx, official, listed)
    if not links:
        raise MatchError(gettext("No such official, or the listed person has no designation."))
    params = {"official": official, "listed": listed, "by": by, "now": datetime.now(timezone.utc),
              "same_uid": make_uid("SAME_AS", official, listed, ""),
              "links": [{"sanction": r["uid"], "uid": make_uid("SUBJECT_OF", official, r["uid"], ""),
                         "sources": sorted(set(r["sources"]))} for r in links]}
    graph.write(_write_tx, CONFIRM, params)
    judge(graph, official, listed, "positive", by, "sanctions match confirmed")
    return len(links)


def reject_match(graph: Graph, official: str, listed: str, by: str) -> None:
    """Remember that these are different people, so the pair is never proposed again."""
    params = {"official": official, "listed": listed, "by": by, "now": datetime.now(timezone.utc),
              "uid": make_uid("NOT_SAME_AS", official, listed, "")}
    if not graph.write(_write_tx, REJECT, params):
        raise MatchError(gettext("No such official or listed person."))
    judge(graph, official, listed, "negative", by, "sanctions match rejected")
