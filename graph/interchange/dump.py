"""The whole graph read out page by page, as plain records masked for the viewer (graph/access/masking.py):
what every export writes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from graph.access.masking import visible_props
from graph.access.viewer import Viewer
from graph.store.db import Graph
from graph.store.records import make_uid
from graph.store.schema import SCHEMA

PAGE = 10000
ALL_NODES = """
MATCH (n) WHERE n.uid IS NOT NULL AND elementId(n) > $after
RETURN elementId(n) AS eid, n.uid AS uid, labels(n) AS labels, properties(n) AS props
ORDER BY eid LIMIT $page
"""
ALL_RELS = """
MATCH (a)-[r]->(b) WHERE elementId(r) > $after
RETURN elementId(r) AS eid, r.uid AS uid, type(r) AS type, a.uid AS start, labels(a) AS start_labels,
       b.uid AS end, labels(b) AS end_labels, properties(r) AS props
ORDER BY eid LIMIT $page
"""
TIMESTAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class GraphNode:
    uid: str
    label: str                       # base label from the schema
    extra_labels: tuple[str, ...]
    props: dict                      # plain Python values, without uid and timestamps


@dataclass(frozen=True)
class GraphRel:
    uid: str
    type: str
    start: str
    start_label: str
    end: str
    end_label: str
    props: dict


def plain(value):
    """Neo4j temporal values to Python's, so every exporter sees plain values."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _props(raw: dict) -> dict:
    return {k: plain(v) for k, v in raw.items() if k not in TIMESTAMPS and k != "uid"}


def _pages(graph: Graph, cypher: str) -> Iterator[dict]:
    """Every row of ``cypher`` in pages keyed on elementId, so memory stays flat on big graphs."""
    after = ""
    while True:
        rows = graph.query(cypher, {"after": after, "page": PAGE})
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1]["eid"]


def iter_nodes(graph: Graph, viewer: Viewer) -> Iterator[GraphNode]:
    """Every node, a protected person or a confidential source reduced to what ``viewer`` may see."""
    for row in _pages(graph, ALL_NODES):
        base, extra = SCHEMA.split_labels(row["labels"])
        if SCHEMA.nodes[base].internal:      # key fingerprints, revisions: the graph's own bookkeeping, not data
            continue
        props, _ = visible_props(row["labels"], row["props"], viewer)
        yield GraphNode(row["uid"], base, extra, _props(props))


COUNTS = """
CALL () { MATCH (n) WHERE n.uid IS NOT NULL AND NOT any(l IN labels(n) WHERE l IN $internal) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
"""


def count_records(graph: Graph) -> int:
    """How many records an export reads (nodes and relationships): the total its progress counts to."""
    internal = [label for label, spec in SCHEMA.nodes.items() if spec.internal]
    row = graph.query_one(COUNTS, {"internal": internal})
    return int(row["nodes"] + row["rels"]) if row else 0


def iter_rels(graph: Graph) -> Iterator[GraphRel]:
    """Every relationship (they name no one: their ends are uids)."""
    for row in _pages(graph, ALL_RELS):
        uid = row["uid"] or make_uid(row["type"], row["start"], row["end"], "")
        yield GraphRel(uid, row["type"], row["start"], SCHEMA.split_labels(row["start_labels"])[0], row["end"],
                       SCHEMA.split_labels(row["end_labels"])[0], _props(row["props"]))


