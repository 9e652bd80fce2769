"""Sanctions matching: propose links between officials in the graph and persons on imported sanctions lists.

Scoring is OpenSanctions' own: nomenklatura's ``logic-v2`` algorithm (what yente uses to match against
sanctions data) over FollowTheMoney Person proxies carrying every name in every script, birth date,
nationality and position. Pairs are first blocked on the cross-script name keys of graph/store/names.py, so
"Sergei", "Serhii" and "Сергей" meet. A person decides: a confirmed match becomes SUBJECT_OF for each of
the listed person's designations (plus SAME_AS); a rejection is kept as NOT_SAME_AS and never proposed again.
"""
from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from graph.store.db import Graph
from graph.store.names import same_person_keys
from graph.store.plain import plain
from graph.store.records import make_uid

ALGORITHM = "logic-v2"

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


@lru_cache(maxsize=1)
def _algorithm():
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    return get_algorithm(ALGORITHM), ScoringConfig.defaults()


_warm_lock = threading.Lock()
_warm: list[bool] = []


def warm_up() -> None:
    """Load the matching algorithm and let it build its name tables (several seconds, once a process):
    `evgraph serve` calls this on a thread at start, so nobody waits for it on the first review page."""
    with _warm_lock:
        if _warm:
            return
        algorithm, config = _algorithm()
        algorithm.compare(_proxy("warm-a", {"name": "Ivan Petrov"}, []),
                          _proxy("warm-b", {"name": "Иван Петров"}, []), config)
        _warm.append(True)


def _proxy(uid: str, p: dict, positions: list[str]):
    from followthemoney import model

    proxy = model.make_entity("Person")
    proxy.id = uid
    names = _names(p)
    proxy.add("name", names[:1])
    proxy.add("alias", names[1:])
    proxy.add("birthDate", plain(p.get("birth_date")))
    proxy.add("nationality", list(p.get("citizenship") or []), quiet=True)
    proxy.add("position", [x for x in positions if x], quiet=True)
    return proxy


def _blocks(listed: list[dict]) -> tuple[dict[str, set[int]], Counter]:
    """Listed persons by the words of their name keys, and how often each word occurs."""
    index: dict[str, set[int]] = defaultdict(set)
    for i, row in enumerate(listed):
        for word in {w for k in row["person"].get("name_keys") or [] for w in k.split() if len(w) > 2}:
            index[word].add(i)
    return index, Counter({w: len(ids) for w, ids in index.items()})


def _candidates_for(keys: list[str], index: dict, freq: Counter) -> set[int]:
    """Listed persons sharing two name words, or one rare word (a surname, as a rule)."""
    shared: Counter = Counter()
    for word in {w for k in keys for w in k.split() if len(w) > 2}:
        for i in index.get(word, ()):
            shared[i] += 1 if freq[word] > 2 else 2
    return {i for i, n in shared.items() if n >= 2}


def _reasons(result, official: dict, listed: dict) -> tuple[str, ...]:
    out = []
    if same_person_keys(official.get("name_keys") or [], listed.get("name_keys") or []):
        out.append("cross-script name keys agree (graph/store/names.py)")
    for feature, res in result.explanations.items():
        detail = getattr(res, "detail", "") or ""
        if res.score or "match" in detail.lower() and "not a" not in detail.lower():
            out.append(f"{feature.replace('_', ' ')}: {detail} ({res.score:.2f})")
    return tuple(out)


def propose_matches(graph: Graph, authority: str | None = None, threshold: float = 0.7,
                    limit: int = 500) -> list[MatchCandidate]:
    """Candidate (official, listed person) pairs scoring at least ``threshold``, best first."""
    listed = graph.query(LISTED, {"authority": authority})
    if not listed:
        return []
    officials = graph.query(OFFICIALS)
    index, freq = _blocks(listed)
    warm_up()   # waits for a warm-up already under way instead of doing the same work beside it
    algorithm, config = _algorithm()
    out = []
    for off in officials:
        person = off["person"]
        query = _proxy(person["uid"], person, off["positions"])
        for i in _candidates_for(person.get("name_keys") or [], index, freq):
            row = listed[i]
            target = row["person"]
            sanction_uids = {s["uid"] for s in row["sanctions"]}
            if target["uid"] in off["decided"] or target["uid"] == person["uid"] \
                    or sanction_uids <= set(off["sanction_uids"]):
                continue
            result = algorithm.compare(query, _proxy(target["uid"], target, target.get("positions") or []), config)
            if result.score >= threshold:
                out.append(_candidate(off, row, result))
    out.sort(key=lambda c: (-c.score, c.official_names[0]))
    return out[:limit]


def _candidate(off: dict, row: dict, result) -> MatchCandidate:
    p, t = off["person"], row["person"]
    sanctions = tuple(ListedSanction(s["uid"], s["authority"], s.get("programme"), plain(s.get("listed_on")),
                                     s.get("reference")) for s in row["sanctions"])
    return MatchCandidate(p["uid"], _names(p), plain(p.get("birth_date")), tuple(off["positions"]), t["uid"],
                          _names(t), plain(t.get("birth_date")), sanctions, round(float(result.score), 3),
                          _reasons(result, p, t))


def _links_tx(tx, official: str, listed: str) -> list[dict]:
    return [r.data() for r in tx.run(LISTED_SANCTIONS, {"official": official, "listed": listed})]


def _write_tx(tx, statement: str, params: dict) -> int:
    return tx.run(statement, params).single()["n"]


def confirm_match(graph: Graph, official: str, listed: str, by: str) -> int:
    """Link the official to each designation of the listed person; returns how many."""
    links = graph.read(_links_tx, official, listed)
    if not links:
        raise MatchError("No such official, or the listed person has no designation.")
    params = {"official": official, "listed": listed, "by": by, "now": datetime.now(timezone.utc),
              "same_uid": make_uid("SAME_AS", official, listed, ""),
              "links": [{"sanction": r["uid"], "uid": make_uid("SUBJECT_OF", official, r["uid"], ""),
                         "sources": sorted(set(r["sources"]))} for r in links]}
    graph.write(_write_tx, CONFIRM, params)
    return len(links)


def reject_match(graph: Graph, official: str, listed: str, by: str) -> None:
    """Remember that these are different people, so the pair is never proposed again."""
    params = {"official": official, "listed": listed, "by": by, "now": datetime.now(timezone.utc),
              "uid": make_uid("NOT_SAME_AS", official, listed, "")}
    if not graph.write(_write_tx, REJECT, params):
        raise MatchError("No such official or listed person.")
