"""Network analytics with networkx: which officials are most central in the responsibility network, and
which officials work the same cases together (communities of the official-official co-case projection).

The responsibility network links two officials when they worked the same case (judge, prosecutor,
investigator) or are named responsible for harm to the same person. Only officials are reported; victims
are anonymous links of the structure, so protected people never appear here.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from networkx.algorithms import community

from graph.store.db import Graph

SEED = 2014
BETWEENNESS_SAMPLE = 150   # above this many officials betweenness is estimated from a fixed sample of sources
CACHE_SECONDS = 60.0

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
CASE_LINKS = """
MATCH (o:Official)-[r:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case)
RETURN coalesce(o.cluster, o.uid) AS official, c.uid AS case, head([(c)-[:HEARD_BY]->(court) | court.name]) AS court
"""
VICTIM_LINKS = """
MATCH (o:Official)-[:RESPONSIBLE_FOR]->(:Violation)-[:AGAINST]->(p:Person)
RETURN DISTINCT coalesce(o.cluster, o.uid) AS official, p.uid AS victim
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
    return _Data(officials, [r.data() for r in tx.run(CASE_LINKS)], [r.data() for r in tx.run(VICTIM_LINKS)])


def _shared(pairs) -> nx.Graph:
    """Official-official graph from (official, thing) pairs; edge weight = the things the two share."""
    by_thing: dict[str, set[str]] = defaultdict(set)
    for official, thing in pairs:
        by_thing[thing].add(official)
    g = nx.Graph()
    for members in by_thing.values():
        for a, b in combinations(sorted(members), 2):
            g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
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


def _central(data: _Data, g: nx.Graph, top: int) -> tuple[list[CentralOfficial], bool]:
    sampled = g.number_of_nodes() > BETWEENNESS_SAMPLE
    between = nx.betweenness_centrality(g, k=BETWEENNESS_SAMPLE if sampled else None, seed=SEED, normalized=True)
    cases, victims = Counter(r["official"] for r in data.case_links), Counter(r["official"] for r in data.victim_links)
    out = []
    for uid, info in data.officials.items():
        out.append(CentralOfficial(uid, info["name"], info["post"] or "", round(between.get(uid, 0.0), 5),
                                   g.degree(uid), cases[uid], victims[uid], info["sanctions"]))
    out.sort(key=lambda c: (-c.betweenness, -c.degree, c.name))
    return out[:top], sampled


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


_cache: dict[tuple, tuple[float, Analytics]] = {}


def get_analytics(graph: Graph, top: int = 25, min_cluster: int = 3) -> Analytics:
    """Centrality and clusters of officials, computed from one read of the graph (cached a minute)."""
    key = (id(graph), top, min_cluster)
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    data = graph.read(_read_tx)
    network = responsibility_network(data)
    central, sampled = _central(data, network, top)
    result = Analytics(tuple(central), tuple(_clusters(data, co_case_projection(data), min_cluster)),
                       network.number_of_nodes(), network.number_of_edges(), sampled)
    _cache[key] = (time.monotonic(), result)
    return result


def clear_cache() -> None:
    _cache.clear()
