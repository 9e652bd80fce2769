"""How is A connected to B: the shortest paths between two nodes (bounded length, a few of them), as a
picture and as statements footnoted to their sources. Paths do not run through sources or import batches:
everything is "connected" through a yearly report, which tells a researcher nothing."""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import unit_of_work
from neo4j.exceptions import ClientError

from graph.access.viewer import Viewer
from graph.explore.network import Builder, Picture
from graph.explore.refs import Citations, Footnote, NodeRef, by_uid, node_map, ref, spell_notes
from graph.explore.search import search_names
from graph.store.db import Graph
from graph.store.schema import SCHEMA

MAX_HOPS = 6
MAX_PATHS = 10
TIMEOUT = 15.0        # seconds: a search across a huge graph gives up rather than hold a worker
PATH_TYPES = tuple(t for t in SCHEMA.relationships if t not in ("EVIDENCED_BY", "IMPORTED_BY"))

# The hop bound is a literal: Cypher cannot take it as a parameter. MAX_HOPS is a constant of this module.
SHORTEST = f"""
{by_uid('a', '$a')}
{by_uid('b', '$b')}
MATCH p = allShortestPaths((a)-[*..{MAX_HOPS}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types)
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {node_map('n')}] AS nodes,
       [r IN relationships(p) | {{id: elementId(r), type: type(r), start: startNode(r).uid, end: endNode(r).uid,
                                 role: r.role, title: r.title, since: r.since, until: r.until,
                                 sources: coalesce(r.source_uids, [])}}] AS rels
"""

NODE = f"{by_uid('n')} RETURN {node_map('n')} AS n"


@dataclass(frozen=True)
class Statement:
    subject: NodeRef
    verb: str
    object: NodeRef
    notes: tuple[int, ...]

    def as_dict(self) -> dict:
        return {"subject": self.subject.as_dict(), "verb": self.verb, "object": self.object.as_dict(),
                "sources": list(self.notes)}


@dataclass(frozen=True)
class Paths:
    a: NodeRef | None
    b: NodeRef | None
    paths: tuple[tuple[Statement, ...], ...]
    footnotes: tuple[Footnote, ...]
    picture: Picture | None
    max_hops: int = MAX_HOPS
    timed_out: bool = False

    TABLE_COLUMNS = ("path", "step", "subject_uid", "subject", "statement", "object_uid", "object", "sources")

    def table_rows(self) -> list[list]:
        """One row per statement of each path, its sources spelled out (as the page's footnotes)."""
        return [[i, k, s.subject.uid, s.subject.name, s.verb, s.object.uid, s.object.name,
                 spell_notes(self.footnotes, s.notes)]
                for i, path in enumerate(self.paths, 1) for k, s in enumerate(path, 1)]

    def as_dict(self) -> dict:
        return {"a": self.a.as_dict() if self.a else None, "b": self.b.as_dict() if self.b else None,
                "max_hops": self.max_hops, "timed_out": self.timed_out, "paths": [[s.as_dict() for s in p] for p in self.paths],
                "footnotes": [f.as_dict() for f in self.footnotes]}


def _verb(rel: dict) -> str:
    words = SCHEMA.relation_words(rel["type"])
    detail = rel.get("role") or rel.get("title")
    return f"{words} ({detail})" if detail else words


def resolve(graph: Graph, text: str, viewer: Viewer) -> NodeRef | None:
    """A uid as is, else the best search hit for a name (protected people are never found by name)."""
    text = (text or "").strip()[:200]
    if not text:
        return None
    row = graph.query_one(NODE, {"uid": text})
    if row:
        return ref(row["n"], viewer)
    hits = search_names(graph, text, viewer, limit=1)
    return NodeRef(hits[0].uid, hits[0].kind, hits[0].name, facts=hits[0].facts) if hits else None


def find_paths(graph: Graph, a_text: str, b_text: str, viewer: Viewer) -> Paths:
    """Resolve both ends (uid or name) and return up to MAX_PATHS shortest paths of at most MAX_HOPS."""
    a, b = resolve(graph, a_text, viewer), resolve(graph, b_text, viewer)
    if not a or not b or a.uid == b.uid:
        return Paths(a, b, (), (), None)

    @unit_of_work(timeout=TIMEOUT)
    def work(tx):
        rows = list(tx.run(SHORTEST, a=a.uid, b=b.uid, types=list(PATH_TYPES), limit=MAX_PATHS))
        cite, builder = Citations(), Builder(viewer)
        paths = tuple(_statements(r, viewer, cite, builder) for r in rows)
        picture = builder.picture(a, 1) if rows else None
        return Paths(a, b, paths, cite.footnotes(tx, viewer), picture)
    try:
        return graph.read(work)
    except ClientError as err:
        if "TransactionTimedOut" not in (err.code or "") and "Timeout" not in (err.code or ""):
            raise
        return Paths(a, b, (), (), None, timed_out=True)


def _statements(row, viewer: Viewer, cite: Citations, builder: Builder) -> tuple[Statement, ...]:
    nodes = {m["uid"]: ref(m, viewer) for m in row["nodes"]}
    for node in nodes.values():
        builder.add_node(node)
    out = []
    for rel in row["rels"]:
        builder.add_edge(rel)
        out.append(Statement(nodes[rel["start"]], _verb(rel), nodes[rel["end"]], cite.cite(rel["sources"])))
    return tuple(out)
