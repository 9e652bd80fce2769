"""Network analytics with networkx: which officials are most central in the responsibility network, and
which officials work the same cases together (communities of the official-official co-case projection).

The responsibility network links two officials when they worked the same case (judge, prosecutor,
investigator) or are named responsible for harm to the same person. Only officials are reported; victims
are anonymous links of the structure, so protected people never appear here.
"""
from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from typing import Callable
from itertools import combinations
from pathlib import Path

import networkx as nx
from networkx.algorithms import community

from graph.store.db import Graph
from graph.store.plain import to_json
from graph.store.private import FILE, private_folder

SEED = 2014
BETWEENNESS_SAMPLE = 150   # above this many officials betweenness is estimated from a sample of at most this many sources

# One official per cluster (graph/resolution): the records judged to be one person count once, under the
# cluster's canonical uid (itself one of the records), with the posts, cases, victims and listings of all.
OFFICIALS = """
MATCH (o:Official)
WITH coalesce(o.cluster, o.uid) AS uid, collect(o) AS records
WITH uid, records, head([r IN records WHERE r.uid = uid] + records) AS o
RETURN uid, o.name AS name,
       head([x IN [r IN records | head([(r)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL
                                        | h.title + ', ' + org.name])] WHERE x IS NOT NULL]) AS post,
       reduce(n = 0, r IN records | n + size([(r)-[:SUBJECT_OF]->(s:Sanction) | s])) AS sanctions
"""
# One row per official with the list of their cases (and victims): a row per link would be 600,000 rows at
# 100,000 detainees, and reading rows, not links, is what costs.
CASE_LINKS = """
MATCH (o:Official)
WITH o, COLLECT { MATCH (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) RETURN c.uid } AS cases
WHERE size(cases) > 0
RETURN coalesce(o.cluster, o.uid) AS official, cases
"""
COURTS = """
MATCH (o:Official)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case)-[:HEARD_BY]->(court)
RETURN DISTINCT c.uid AS case, court.name AS court
"""
VICTIM_LINKS = """
MATCH (o:Official)
WITH o, COLLECT { MATCH (o)-[:RESPONSIBLE_FOR]->(:Violation)-[:AGAINST]->(p:Person) RETURN DISTINCT p.uid } AS victims
WHERE size(victims) > 0
RETURN coalesce(o.cluster, o.uid) AS official, victims
"""


@dataclass(frozen=True)
class CentralOfficial:
    uid: str
    name: str
    post: str
    betweenness: float
    degree: int
    cases: int
    victims: int
    sanctions: int


@dataclass(frozen=True)
class Cluster:
    number: int
    officials: tuple[tuple[str, str], ...]   # (uid, name), most connected first
    shared_cases: int
    courts: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.officials)


@dataclass(frozen=True)
class Analytics:
    central: tuple[CentralOfficial, ...]
    clusters: tuple[Cluster, ...]
    network_nodes: int
    network_edges: int
    sampled: bool
    sample: int = 0                     # sources betweenness was estimated from (0: exact)
    seconds: float = 0.0                # how long the computation took
    computed_at: datetime | None = None
    stale: bool = False                 # the data changed since: a recomputation is under way or due
    running: bool = False

    CENTRAL_COLUMNS = ("uid", "name", "post", "betweenness", "degree", "cases", "victims", "sanctions")
    CLUSTER_COLUMNS = ("cluster", "size", "uid", "name", "shared_cases", "courts")

    def central_rows(self) -> list[list]:
        return [[getattr(c, k) for k in self.CENTRAL_COLUMNS] for c in self.central]

    def cluster_rows(self) -> list[list]:
        """One row per official, with their cluster: the table behind the exports."""
        return [[c.number, c.size, uid, name, c.shared_cases, list(c.courts)]
                for c in self.clusters for uid, name in c.officials]


@dataclass(frozen=True)
class _Data:
    officials: dict[str, dict]
    case_links: list[dict]
    victim_links: list[dict]


def _read_tx(tx) -> _Data:
    officials = {r["uid"]: r.data() for r in tx.run(OFFICIALS)}
    courts = {case: court for case, court in tx.run(COURTS)}
    case_links = [{"official": official, "case": case, "court": courts.get(case)}
                  for official, cases in tx.run(CASE_LINKS) for case in cases]
    victim_links = {(official, victim) for official, victims in tx.run(VICTIM_LINKS) for victim in victims}
    return _Data(officials, case_links, [{"official": o, "victim": v} for o, v in sorted(victim_links)])


def _shared(pairs) -> nx.Graph:
    """Official-official graph from (official, thing) pairs; edge weight = the things the two share."""
    by_thing: dict[str, set[str]] = defaultdict(set)
    for official, thing in pairs:
        by_thing[thing].add(official)
    weights: Counter = Counter()
    for members in by_thing.values():
        if len(members) > 1:
            weights.update(combinations(sorted(members), 2))     # counted in C, added to the graph once
    g = nx.Graph()
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return g


def responsibility_network(data: _Data) -> nx.Graph:
    """Officials linked when they worked the same case or are named responsible for harm to the same person."""
    g = _shared([(r["official"], "c" + r["case"]) for r in data.case_links] +
                [(r["official"], "v" + r["victim"]) for r in data.victim_links])
    g.add_nodes_from(data.officials)
    return g


def co_case_projection(data: _Data) -> nx.Graph:
    """Official-official graph; edge weight = the number of cases the two worked together."""
    return _shared((r["official"], r["case"]) for r in data.case_links)


def _central(data: _Data, g: nx.Graph, top: int) -> tuple[list[CentralOfficial], int | None]:
    sample = sample_size(g.number_of_nodes(), g.number_of_edges())
    between = nx.betweenness_centrality(g, k=sample, seed=SEED, normalized=True)
    cases, victims = Counter(r["official"] for r in data.case_links), Counter(r["official"] for r in data.victim_links)
    out = []
    for uid, info in data.officials.items():
        out.append(CentralOfficial(uid, info["name"], info["post"] or "", round(between.get(uid, 0.0), 5),
                                   g.degree(uid), cases[uid], victims[uid], info["sanctions"]))
    out.sort(key=lambda c: (-c.betweenness, -c.degree, c.name))
    return out[:top], sample


def _clusters(data: _Data, projection: nx.Graph, min_size: int) -> list[Cluster]:
    if projection.number_of_edges() == 0:
        return []
    groups = community.louvain_communities(projection, weight="weight", seed=SEED)
    courts_of: dict[str, str] = {r["case"]: r["court"] for r in data.case_links if r["court"]}
    cases_of: dict[str, set[str]] = defaultdict(set)
    for r in data.case_links:
        cases_of[r["official"]].add(r["case"])
    clusters = []
    for members in sorted(groups, key=lambda m: (-len(m), sorted(m))):
        if len(members) < min_size:
            continue
        strength = projection.subgraph(members).degree(weight="weight")
        ranked = sorted(members, key=lambda u: (-strength[u], data.officials.get(u, {}).get("name", u)))
        counts = Counter(c for u in members for c in cases_of[u])
        shared = [c for c, n in counts.items() if n >= 2]
        courts = Counter(courts_of[c] for c in shared if c in courts_of)
        clusters.append(Cluster(len(clusters) + 1, tuple((u, data.officials.get(u, {}).get("name", u)) for u in ranked),
                                len(shared), tuple(name for name, _ in courts.most_common(3))))
    return clusters


# -- computed in the background, stored with its date --------------------------------------------------------
# At 100,000 detainees the responsibility network has ~50,000 officials and ~600,000 links: exact betweenness
# there takes hours and a fixed sample of 150 sources minutes. The sample is sized by the graph instead: each
# sampled source costs one traversal of the network, and the whole estimate gets EDGE_BUDGET link visits.
EDGE_BUDGET = 5_000_000
MIN_SAMPLE = 8
STORED_TOP = 500          # the central officials kept; a page shows 25 or 100 of them
STORED_MIN_CLUSTER = 2    # clusters kept; a page asks for 3 and up
RESULT_UID = "analytics"
BACKGROUND = True         # False: computed in the caller's thread (the test suite)

STORE = """
MERGE (a:AnalyticsResult {uid: $uid})
ON CREATE SET a.name = 'network analytics, as last computed', a.created_at = $now
SET a.computed_at = $now, a.updated_at = $now, a.payload = $payload, a.seconds = $seconds
"""
LATEST = """
CALL () { OPTIONAL MATCH (a:AnalyticsResult {uid: $uid}) RETURN a.payload AS payload, a.computed_at AS computed_at,
                                                              a.seconds AS seconds }
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN max(coalesce(b.finished_at, b.updated_at)) AS imported }
CALL () { OPTIONAL MATCH (r:Revision) RETURN max(r.at) AS edited }
CALL () { OPTIONAL MATCH (j:Judgement) RETURN max(coalesce(j.retired_at, j.at)) AS judged }
RETURN payload, computed_at, seconds, imported, edited, judged
"""

JOB: dict = {"running": False, "stage": "", "started": None, "finished": None, "error": None}
_job_lock = threading.Lock()


def sample_size(nodes: int, edges: int) -> int | None:
    """How many sources betweenness is estimated from (None: exact, on a small network)."""
    if nodes <= BETWEENNESS_SAMPLE:
        return None
    return max(MIN_SAMPLE, min(BETWEENNESS_SAMPLE, EDGE_BUDGET // max(1, edges)))


def compute(graph: Graph, stage: Callable[[str], None] = lambda _s: None) -> Analytics:
    """Centrality and clusters over the whole responsibility network, from one read of the graph."""
    started = time.monotonic()
    stage("read")
    data = graph.read(_read_tx)
    stage("network")
    network = responsibility_network(data)
    stage("betweenness")
    central, sample = _central(data, network, STORED_TOP)
    stage("clusters")
    clusters = _clusters(data, co_case_projection(data), STORED_MIN_CLUSTER)
    return Analytics(tuple(central), tuple(clusters), network.number_of_nodes(), network.number_of_edges(),
                     sample is not None, sample=sample or 0, seconds=round(time.monotonic() - started, 2))


def recompute(graph: Graph) -> Analytics:
    """Compute and store the results, dated."""
    with _job_lock:
        JOB.update(running=True, stage="read", started=datetime.now(timezone.utc), finished=None, error=None)
    try:
        result = compute(graph, lambda name: JOB.update(stage=name))
        JOB.update(stage="store")
        graph.execute(STORE, {"uid": RESULT_UID, "now": datetime.now(timezone.utc),
                              "payload": to_json(_payload(result)), "seconds": result.seconds}, bookkeeping=True)
        return result
    except Exception as exc:  # noqa: BLE001 - the page says what went wrong
        JOB["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        JOB.update(running=False, finished=datetime.now(timezone.utc))


def _claim(graph: Graph) -> int | None:
    """The machine-wide right to compute (a lock file in the private folder), so that the workers of
    ``evgraph serve --workers N`` do not all compute at once: an open descriptor holding it, or None when
    another process holds it."""
    fd = os.open(private_folder(Path(graph.settings.private_dir)) / "analytics.lock", os.O_RDWR | os.O_CREAT, FILE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _computing_elsewhere(graph: Graph) -> bool:
    fd = _claim(graph)
    if fd is None:
        return True
    os.close(fd)            # closing releases the lock
    return False


def recompute_in_background(graph: Graph) -> bool:
    """Start a recomputation on a thread; False when one is running already (here or in another worker)."""
    if JOB["running"]:
        return False
    if not BACKGROUND:
        recompute(graph)
        return True
    claim = _claim(graph)
    if claim is None:
        return False
    JOB.update(running=True)
    thread = threading.Thread(target=_quietly, args=(graph, claim), name="analytics", daemon=True)
    thread.start()
    return True


def _quietly(graph: Graph, claim: int) -> None:
    try:
        recompute(graph)
    except Exception:  # noqa: BLE001 - kept in JOB["error"] for the page
        pass
    finally:
        os.close(claim)


def get_analytics(graph: Graph, top: int = 25, min_cluster: int = 3) -> Analytics:
    """The latest stored results (the ``top`` officials, clusters of ``min_cluster`` and more), at once. When the
    data changed since they were computed (an import, an edit, a judgement) or none exist, a recomputation
    starts in the background and the page says so; without background work (tests) it is done first."""
    row = graph.query_one(LATEST, {"uid": RESULT_UID}) or {}
    computed = row.get("computed_at")
    stale = computed is None or any(t is not None and t > computed
                                    for t in (row.get("imported"), row.get("edited"), row.get("judged")))
    if stale and not BACKGROUND:
        result = recompute(graph)
        return _view(result, top, min_cluster, computed_at=datetime.now(timezone.utc))
    if stale:
        recompute_in_background(graph)
    if row.get("payload") is None:
        return Analytics((), (), 0, 0, False, stale=True, running=True)
    return _view(_parsed(row["payload"], computed), top, min_cluster, computed_at=computed,
                 stale=stale, running=JOB["running"] or (stale and _computing_elsewhere(graph)))


_memo: dict = {}


def _parsed(payload: str, computed) -> Analytics:
    """The stored results read once per computation (the JSON of 50,000 officials' clusters is megabytes)."""
    if _memo.get("at") != computed:
        _memo.update(at=computed, result=_from_payload(json.loads(payload)))
    return _memo["result"]


def _view(result: Analytics, top: int, min_cluster: int, **more) -> Analytics:
    clusters = [replace(c, number=i) for i, c in enumerate((c for c in result.clusters if c.size >= min_cluster), 1)]
    return replace(result, central=result.central[:top], clusters=tuple(clusters), **more)


def _payload(result: Analytics) -> dict:
    return {"central": [asdict(c) for c in result.central],
            "clusters": [{"number": c.number, "officials": [list(o) for o in c.officials],
                          "shared_cases": c.shared_cases, "courts": list(c.courts)} for c in result.clusters],
            "network_nodes": result.network_nodes, "network_edges": result.network_edges,
            "sampled": result.sampled, "sample": result.sample, "seconds": result.seconds}


def _from_payload(p: dict) -> Analytics:
    return Analytics(tuple(CentralOfficial(**c) for c in p["central"]),
                     tuple(Cluster(c["number"], tuple(tuple(o) for o in c["officials"]), c["shared_cases"],
                                   tuple(c["courts"])) for c in p["clusters"]),
                     p["network_nodes"], p["network_edges"], p["sampled"], sample=p.get("sample", 0),
                     seconds=p.get("seconds", 0.0))


def clear_cache() -> None:
    """Forget that a computation is running (a test's next database starts afresh)."""
    JOB.update(running=False, stage="", error=None)
    _memo.clear()
