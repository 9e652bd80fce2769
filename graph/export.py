"""Everything out again, in open formats: FollowTheMoney JSON lines (graph/export_ftm.py), GraphML for
Gephi/yEd (through networkx), and a CSV per label and per relationship type."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .db import Graph
from .schema import SCHEMA
from .writer import make_uid

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


def _base(labels: list[str]) -> tuple[str, tuple[str, ...]]:
    base = next(x for x in labels if x in SCHEMA.nodes)
    return base, tuple(sorted(x for x in labels if x != base))


def _pages(graph: Graph, cypher: str) -> Iterator[dict]:
    """Every row of ``cypher`` in pages keyed on elementId, so memory stays flat on big graphs."""
    after = ""
    while True:
        rows = graph.query(cypher, {"after": after, "page": PAGE})
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1]["eid"]


def iter_nodes(graph: Graph) -> Iterator[GraphNode]:
    for row in _pages(graph, ALL_NODES):
        base, extra = _base(row["labels"])
        yield GraphNode(row["uid"], base, extra, _props(row["props"]))


def iter_rels(graph: Graph) -> Iterator[GraphRel]:
    for row in _pages(graph, ALL_RELS):
        uid = row["uid"] or make_uid(row["type"], row["start"], row["end"], "")
        yield GraphRel(uid, row["type"], row["start"], _base(row["start_labels"])[0], row["end"],
                       _base(row["end_labels"])[0], _props(row["props"]))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def export_csv(graph: Graph, folder: Path) -> dict[str, int]:
    """One CSV per base label (``nodes_Person.csv``) and per relationship type (``rels_JUDGE_IN.csv``);
    lists are joined with ';'. Returns rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict]] = {}
    for node in iter_nodes(graph):
        row = {"uid": node.uid, "extra_labels": ";".join(node.extra_labels), **node.props}
        tables.setdefault(f"nodes_{node.label}.csv", []).append(row)
    for rel in iter_rels(graph):
        row = {"uid": rel.uid, "start": rel.start, "start_label": rel.start_label, "end": rel.end,
               "end_label": rel.end_label, **rel.props}
        tables.setdefault(f"rels_{rel.type}.csv", []).append(row)
    for name, rows in tables.items():
        _write_csv(folder / name, rows)
    return {name: len(rows) for name, rows in tables.items()}


def _write_csv(path: Path, rows: list[dict]) -> None:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])


def _graphml_value(value):
    """GraphML holds scalars only: lists become '; '-joined text, dates ISO text."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return _cell(value)


def export_graphml(graph: Graph, path: Path) -> tuple[int, int]:
    import networkx as nx

    g = nx.MultiDiGraph()
    for node in iter_nodes(graph):
        attrs = {k: _graphml_value(v) for k, v in node.props.items() if v is not None}
        # "label" is what Gephi and yEd show; "labels" keeps the graph's own labels
        g.add_node(node.uid, **{**attrs, "label": node.props.get("name") or node.uid,
                                "labels": ";".join((node.label, *node.extra_labels))})
    for rel in iter_rels(graph):
        attrs = {k: _graphml_value(v) for k, v in rel.props.items() if v is not None}
        g.add_edge(rel.start, rel.end, key=rel.uid, **{**attrs, "type": rel.type, "uid": rel.uid})
    nx.write_graphml(g, str(path), named_key_ids=True)
    return g.number_of_nodes(), g.number_of_edges()


def export_ftm(graph: Graph, path: Path) -> int:
    """Every node and relationship as a FollowTheMoney entity, one JSON object per line."""
    from .export_ftm import node_entity, rel_entity

    subjects = _sanction_subjects(graph)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for node in iter_nodes(graph):
            fh.write(json.dumps(node_entity(node, subjects.get(node.uid)), ensure_ascii=False) + "\n")
            count += 1
        for rel in iter_rels(graph):
            fh.write(json.dumps(rel_entity(rel), ensure_ascii=False) + "\n")
            count += 1
    return count


SANCTION_SUBJECTS = "MATCH (x)-[:SUBJECT_OF]->(s:Sanction) RETURN s.uid AS sanction, collect(x.uid) AS subjects"


def _sanction_subjects(graph: Graph) -> dict[str, list[str]]:
    """FtM puts a sanction's subject on the Sanction entity itself (its ``entity`` property)."""
    return {r["sanction"]: r["subjects"] for r in graph.query(SANCTION_SUBJECTS)}
