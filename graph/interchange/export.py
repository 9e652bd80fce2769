"""Everything out again, in open formats: FollowTheMoney JSON lines (graph/interchange/ftm_out.py),
GraphML for Gephi/yEd (through networkx), and a CSV per label and per relationship type. Each writes
what graph/interchange/dump.py reads, masked for the viewer."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from graph.access.viewer import Viewer
from graph.interchange.dump import iter_nodes, iter_rels
from graph.interchange.ftm_out import node_entity, rel_entity
from graph.store.db import Graph
from graph.store.plain import iso

Progress = Callable[[int], None]
T = TypeVar("T")


def _counted(items: Iterable[T], progress: Progress | None, every: int = 500) -> Iterable[T]:
    """``items``, telling ``progress`` how many went by (in steps of ``every``, and the rest at the end)."""
    if progress is None:
        yield from items
        return
    n = 0
    for item in items:
        yield item
        n += 1
        if n == every:
            progress(n)
            n = 0
    if n:
        progress(n)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    return iso(value) or str(value)


def export_csv(graph: Graph, folder: Path, viewer: Viewer, progress: Progress | None = None) -> dict[str, int]:
    """One CSV per base label (``nodes_Person.csv``) and per relationship type (``rels_JUDGE_IN.csv``);
    lists are joined with ';'. Returns rows per file. ``progress`` is told of the records read."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict]] = {}
    for node in _counted(iter_nodes(graph, viewer), progress):
        row = {"uid": node.uid, "extra_labels": ";".join(node.extra_labels), **node.props}
        tables.setdefault(f"nodes_{node.label}.csv", []).append(row)
    for rel in _counted(iter_rels(graph), progress):
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


def export_graphml(graph: Graph, path: Path, viewer: Viewer, progress: Progress | None = None) -> tuple[int, int]:
    import networkx as nx

    g = nx.MultiDiGraph()
    for node in _counted(iter_nodes(graph, viewer), progress):
        attrs = {k: _graphml_value(v) for k, v in node.props.items() if v is not None}
        # "label" is what Gephi and yEd show; "labels" keeps the graph's own labels
        g.add_node(node.uid, **{**attrs, "label": node.props.get("name") or node.uid,
                                "labels": ";".join((node.label, *node.extra_labels))})
    for rel in _counted(iter_rels(graph), progress):
        attrs = {k: _graphml_value(v) for k, v in rel.props.items() if v is not None}
        g.add_edge(rel.start, rel.end, key=rel.uid, **{**attrs, "type": rel.type, "uid": rel.uid})
    nx.write_graphml(g, str(path), named_key_ids=True)
    return g.number_of_nodes(), g.number_of_edges()


def export_ftm(graph: Graph, path: Path, viewer: Viewer, progress: Progress | None = None) -> int:
    """Every node and relationship as a FollowTheMoney entity, one JSON object per line."""
    subjects = _sanction_subjects(graph)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for node in _counted(iter_nodes(graph, viewer), progress):
            fh.write(json.dumps(node_entity(node, subjects.get(node.uid)), ensure_ascii=False) + "\n")
            count += 1
        for rel in _counted(iter_rels(graph), progress):
            fh.write(json.dumps(rel_entity(rel), ensure_ascii=False) + "\n")
            count += 1
    return count


SANCTION_SUBJECTS = "MATCH (x)-[:SUBJECT_OF]->(s:Sanction) RETURN s.uid AS sanction, collect(x.uid) AS subjects"


def _sanction_subjects(graph: Graph) -> dict[str, list[str]]:
    """FtM puts a sanction's subject on the Sanction entity itself (its ``entity`` property)."""
    return {r["sanction"]: r["subjects"] for r in graph.query(SANCTION_SUBJECTS)}
