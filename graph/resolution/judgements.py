"""Candidates, judgements and clusters, stored the way OpenSanctions' nomenklatura resolver keeps them.

A candidate is a pair of records that may be one entity, with its score and reasons, computed once and
stored (``(:Candidate)``), so the review queue opens at once. A judgement is a person's decision on a
pair: positive (the same), negative (not the same) or unsure, with who, when and why
(``(:Judgement)``); a new judgement on a pair retires the previous one, and every one is kept. Undo
retires the current judgement without a new one: the pair goes back to the queue.

Positive judgements form clusters: every record of a cluster carries the cluster's canonical id in
``cluster`` (the smallest uid among them) and the pairs are joined by SAME_AS, so search, the entity
page, the network, paths, dossiers and the sanctions gap read a cluster as one entity, each fact still
with its own source. Nothing is merged away: a cluster split again is exactly the records it was made of.
"""
from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from graph.resolution.scoring import Score, names_of, org_tokens, org_weights, score_orgs, score_persons, warm_up
from graph.store.db import Graph, pages_by_uid
from graph.store.plain import plain
from graph.store.records import make_uid

JUDGEMENTS = ("positive", "negative", "unsure")
THRESHOLD = {"Person": 0.7, "Organization": 0.75}
MAX_CLUSTER = 50           # SAME_AS hops read when gathering a cluster

PEOPLE = """
MATCH (p:Person) WHERE NOT coalesce(p.protected, false) AND p.uid > $after
RETURN p.uid AS uid,
       p {.uid, .name, .name_ru, .name_uk, .name_en, .aliases, .name_keys, .birth_date, .birth_date_precision,
          .birth_date_as_written, .citizenship, .positions, .identifiers} AS p
ORDER BY p.uid LIMIT 5000
"""
# Organisations the NGOs document (courts, prosecutors, FSB units, prisons...: those with a kind);
# companies on sanctions lists are OpenSanctions' own to resolve, and their names are not court names.
ORGS = """
MATCH (o:Organization) WHERE o.uid > $after AND o.kind IS NOT NULL
RETURN o.uid AS uid, o {.uid, .name, .name_ru, .name_uk, .name_en, .aliases, .name_keys, .kind} AS p
ORDER BY o.uid LIMIT 5000
"""
CURRENT = """
MATCH (j:Judgement) WHERE j.retired_at IS NULL
RETURN j.a AS a, j.b AS b, j.judgement AS judgement
"""
CLEAR_CANDIDATES = "MATCH (c:Candidate) CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS"
WRITE_CANDIDATES = """
UNWIND $rows AS row
MERGE (c:Candidate {uid: row.uid})
SET c += row, c.computed_at = $now, c.created_at = coalesce(c.created_at, $now), c.updated_at = $now
"""
RETIRE = """
MATCH (j:Judgement {pair: $pair}) WHERE j.retired_at IS NULL
SET j.retired_at = $now, j.retired_by = $user
RETURN j.judgement AS judgement
"""
JUDGE = """
CREATE (j:Judgement {uid: $uid, name: $name, pair: $pair, a: $a, b: $b, judgement: $judgement, user: $user,
                     at: $now, reason: $reason, created_at: $now, updated_at: $now})
"""
# A person or an organisation by uid, by index (a label-free MATCH would read every node).
def _either(var: str, key: str) -> str:
    scope = "" if key.startswith("$") else key.split(".")[0]
    return (f"CALL ({scope}) {{ MATCH ({var}:Person {{uid: {key}}}) RETURN {var} "
            f"UNION MATCH ({var}:Organization {{uid: {key}}}) RETURN {var} }}")


LINK = _either("a", "$a") + " " + _either("b", "$b") + """
MERGE (a)-[r:SAME_AS]-(b)
ON CREATE SET r.uid = $uid, r.created_at = $now
SET r.updated_at = $now, r.confirmed_by = $user, r.confirmed_at = $now
"""
UNLINK = _either("a", "$a") + " MATCH (a)-[r:SAME_AS]-(b {uid: $b}) DELETE r"
COMPONENT = "UNWIND $uids AS uid " + _either("n", "uid") + """
MATCH (n)-[:SAME_AS*0..%d]-(m)
RETURN uid, collect(DISTINCT m.uid) AS members
""" % MAX_CLUSTER
SET_CLUSTER = "UNWIND $rows AS row " + _either("n", "row.uid") + " SET n.cluster = row.cluster"
FOUND = "UNWIND $uids AS uid " + _either("n", "uid") + " RETURN n.uid AS uid"
OPEN = """
MATCH (c:Candidate) WHERE c.score >= $min_score AND ($label IS NULL OR c.label = $label)
  AND NOT EXISTS { MATCH (j:Judgement {pair: c.uid}) WHERE j.retired_at IS NULL }
RETURN properties(c) AS c ORDER BY c.score DESC, c.uid LIMIT $limit
"""
HISTORY = """
MATCH (j:Judgement) WHERE j.a = $uid OR j.b = $uid
RETURN properties(j) AS j ORDER BY j.at DESC LIMIT $limit
"""
LATEST = "MATCH (j:Judgement {pair: $pair}) WHERE j.retired_at IS NULL RETURN properties(j) AS j"
STALE = """
CALL () { MATCH (c:Candidate) RETURN max(c.computed_at) AS computed, count(c) AS n }
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN max(coalesce(b.finished_at, b.updated_at)) AS imported }
CALL () { OPTIONAL MATCH (r:Revision) RETURN max(r.at) AS edited }
CALL () { OPTIONAL MATCH (m:Resolution {uid: 'candidates'}) RETURN m.computed_at AS marked }
RETURN computed, n, imported, edited, marked
"""
MARK = ("MERGE (m:Resolution {uid: 'candidates'}) ON CREATE SET m.name = 'when candidates were last computed', "
        "m.created_at = $now SET m.computed_at = $now, m.updated_at = $now")


def pair_uid(a: str, b: str) -> str:
    x, y = sorted((a, b))
    return make_uid("pair", x, y)


@dataclass(frozen=True)
class Candidate:
    uid: str
    a: str
    b: str
    label: str
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "score": self.score, "label": self.label, "reasons": list(self.reasons)}


# -- blocking and scoring ---------------------------------------------------------------------------------
def _all(graph: Graph, cypher: str) -> list[dict]:
    return [r["p"] for page in pages_by_uid(graph, cypher) for r in page]


def _blocks(records: list[dict], key: Callable[[dict], set[str]], rare: int = 30) -> list[tuple[int, int]]:
    """Pairs of records that share a rare name word (a surname, as a rule: on at most ``rare`` records),
    or three words. A first name and a patronymic alone (Alexander Vladimirovich) block nothing."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for w in key(r):
            index[w].append(i)
    rare_shared: set[tuple[int, int]] = set()
    common: Counter = Counter()
    for ids in index.values():
        if len(ids) > 1000:           # a word on a thousand names blocks nothing
            continue
        target = rare_shared if len(ids) <= rare else None
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                if target is not None:
                    target.add((ids[x], ids[y]))
                else:
                    common[(ids[x], ids[y])] += 1
    return sorted(rare_shared | {pair for pair, n in common.items() if n >= 3})


def _person_words(p: dict) -> set[str]:
    return {w for k in p.get("name_keys") or [] for w in k.split() if len(w) > 2}


# Words on every other court's or office's name, that bring no two of them together by themselves.
GENERIC_ORG_WORDS = frozenset({"court", "district", "city", "region", "office", "republic", "prosecutor"})


def _org_words(p: dict) -> set[str]:
    return {t for n in names_of(p) for t in org_tokens(n) if t not in GENERIC_ORG_WORDS}


def find_candidates(graph: Graph, progress: Callable[[int], None] | None = None) -> list[Candidate]:
    """Every pair of persons, and of organisations, that may be one, scored; pairs judged already left out."""
    judged = {pair_uid(r["a"], r["b"]) for r in graph.query(CURRENT)}
    out: list[Candidate] = []
    warm_up()
    for label, cypher, key in (("Person", PEOPLE, _person_words), ("Organization", ORGS, _org_words)):
        records = _all(graph, cypher)
        if label == "Person":
            score = score_persons
        else:
            weights = org_weights(records)
            score = lambda a, b: score_orgs(a, b, weights)   # noqa: E731 - weighed by this graph's names
        pairs = _blocks(records, key)
        for i, j in pairs:
            a, b = records[i], records[j]
            uid = pair_uid(a["uid"], b["uid"])
            if uid in judged:
                continue
            result: Score = score(a, b)
            if result.value >= THRESHOLD[label]:
                x, y = sorted((a["uid"], b["uid"]))
                out.append(Candidate(uid, x, y, label, result.value, result.reasons))
            if progress:
                progress(1)
    out.sort(key=lambda c: (-c.score, c.uid))
    return out


def compute_candidates(graph: Graph, progress=None) -> int:
    """Find and store every open candidate (the previous set is replaced); returns how many."""
    found = find_candidates(graph, progress)
    graph.run_batched(CLEAR_CANDIDATES)
    now = datetime.now(timezone.utc)
    rows = [{"uid": c.uid, "a": c.a, "b": c.b, "label": c.label, "score": c.score, "reasons": list(c.reasons),
             "name": f"{c.a} ~ {c.b}"} for c in found]
    for i in range(0, len(rows), 2000):
        graph.execute(WRITE_CANDIDATES, {"rows": rows[i:i + 2000], "now": now}, bookkeeping=True)
    graph.execute(MARK, {"now": now}, bookkeeping=True)
    return len(found)


def candidates_computed(graph: Graph) -> bool:
    """Whether the candidates were ever computed for this graph."""
    return bool((graph.query_one(STALE) or {}).get("marked"))


def candidates_stale(graph: Graph) -> bool:
    """True when candidates were never computed, or data was imported or edited since."""
    row = graph.query_one(STALE) or {}
    marked = row.get("marked")
    if marked is None:
        return True
    return any(t is not None and t > marked for t in (row.get("imported"), row.get("edited")))


def open_candidates(graph: Graph, label: str | None = None, min_score: float = 0.0,
                    limit: int = 500) -> list[Candidate]:
    return [Candidate(r["c"]["uid"], r["c"]["a"], r["c"]["b"], r["c"]["label"], r["c"]["score"],
                      tuple(r["c"].get("reasons") or ()))
            for r in graph.query(OPEN, {"label": label, "min_score": min_score, "limit": limit})]


# -- judgements and clusters ---------------------------------------------------------------------------------
class JudgementError(ValueError):
    """The judgement cannot be recorded (an unknown record, an unknown judgement)."""


def judge(graph: Graph, a: str, b: str, judgement: str, user: str, reason: str = "") -> dict:
    """Record a person's judgement on the pair; the previous one is retired; clusters follow."""
    if judgement not in JUDGEMENTS:
        raise JudgementError(f"a judgement is one of {', '.join(JUDGEMENTS)}")
    if a == b:
        raise JudgementError("a record is always the same as itself")
    found = graph.query(FOUND, {"uids": [a, b]})
    if len(found) != 2:
        raise JudgementError("both records must be persons or organisations in the graph")
    now = datetime.now(timezone.utc)
    pair = pair_uid(a, b)
    x, y = sorted((a, b))

    def work(tx):
        previous = [r["judgement"] for r in tx.run(RETIRE, pair=pair, now=now, user=user)]
        tx.run(JUDGE, uid=make_uid("judgement", pair, now.isoformat()), name=f"{judgement}: {x} ~ {y}", pair=pair,
               a=x, b=y, judgement=judgement, user=user, now=now, reason=reason or None).consume()
        if judgement == "positive":
            tx.run(LINK, a=x, b=y, uid=make_uid("SAME_AS", x, y, ""), user=user, now=now).consume()
        else:
            tx.run(UNLINK, a=x, b=y).consume()
        return previous

    previous = graph.write(work)
    recluster(graph, [x, y])
    return {"pair": pair, "a": x, "b": y, "judgement": judgement, "previous": previous[0] if previous else None}


def undo(graph: Graph, a: str, b: str, user: str) -> dict:
    """Retire the pair's current judgement: a positive one's cluster splits again, the pair is open again."""
    now = datetime.now(timezone.utc)
    pair = pair_uid(a, b)
    x, y = sorted((a, b))

    def work(tx):
        retired = [r["judgement"] for r in tx.run(RETIRE, pair=pair, now=now, user=user)]
        tx.run(UNLINK, a=x, b=y).consume()
        return retired

    retired = graph.write(work)
    if not retired:
        raise JudgementError("this pair has no judgement to undo")
    recluster(graph, [x, y])
    return {"pair": pair, "a": x, "b": y, "undone": retired[0]}


def recluster(graph: Graph, uids: list[str]) -> None:
    """Give every record connected to ``uids`` by SAME_AS its cluster's canonical id (None alone)."""
    rows = []
    for r in graph.query(COMPONENT, {"uids": uids}):
        members = sorted(r["members"])
        cluster = members[0] if len(members) > 1 else None
        rows += [{"uid": m, "cluster": cluster} for m in members]
    if rows:
        graph.execute(SET_CLUSTER, {"rows": rows})


def current_judgement(graph: Graph, a: str, b: str) -> dict | None:
    row = graph.query_one(LATEST, {"pair": pair_uid(a, b)})
    return plain(row["j"]) if row else None


def judgements_of(graph: Graph, uid: str, limit: int = 100) -> list[dict]:
    """Every judgement about a record, retired ones too, newest first."""
    return [plain(r["j"]) for r in graph.query(HISTORY, {"uid": uid, "limit": limit})]


def members(graph: Graph, uid: str) -> list[str]:
    """The uids of the record's cluster (itself first; itself alone when it is in none)."""
    row = graph.query_one(COMPONENT, {"uids": [uid]})
    found = sorted(set(row["members"]) - {uid}) if row else []
    return [uid, *found]


# -- computing in the background ---------------------------------------------------------------------------
_job_lock = threading.Lock()
BACKGROUND = True          # the test suite computes in the foreground: no thread outlives its test
JOB: dict = {"running": False, "started": None, "finished": None, "found": None, "error": None, "done": 0}


def compute_in_background(graph: Graph) -> bool:
    """Start computing the candidates on a thread (the review queue and the matches page answer at once
    with what is stored meanwhile); False when a computation is running already."""
    with _job_lock:
        if JOB["running"]:
            return False
        JOB.update(running=True, started=datetime.now(timezone.utc), finished=None, error=None, done=0)

    def tick(n: int) -> None:
        JOB["done"] += n

    def run() -> None:
        try:
            JOB["found"] = compute_candidates(graph, tick)
        except Exception as exc:  # noqa: BLE001 - the page says what went wrong
            JOB["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            JOB.update(running=False, finished=datetime.now(timezone.utc))

    if BACKGROUND:
        threading.Thread(target=run, name="resolution-candidates", daemon=True).start()
    else:
        run()
    return True


RECENT = """
MATCH (j:Judgement) WHERE j.retired_at IS NULL
RETURN properties(j) AS j ORDER BY j.at DESC LIMIT $limit
"""


def recent_judgements(graph: Graph, limit: int = 10) -> list[dict]:
    """The latest judgements still in force (the review page's undo list)."""
    return [plain(r["j"]) for r in graph.query(RECENT, {"limit": limit})]
