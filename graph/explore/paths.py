"""How is A connected to B: the shortest paths between two nodes (bounded length, a few of them), as a
picture and as statements footnoted to their sources. Paths do not run through sources or import batches:
everything is "connected" through a yearly report, which tells a researcher nothing."""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import unit_of_work
from neo4j.exceptions import ClientError

from graph.access.viewer import Viewer
from graph.explore.network import Builder, Picture
from graph.explore.refs import Citations, Footnote, NodeRef, by_uid, evidence_of, node_map, ref, role_words, spell_notes
from graph.explore.search import search_names
from graph.store.db import Graph
from graph.store.language import gettext
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

# Whose record's own evidence also backs a statement, as the entity pages footnote it: a designation rests on
# its sanction's sources, a violation's victim, case and place on the violation's, and a statement about an
# organisation or a place (run by, heard by, part of) on that record's.
RECORD_EVIDENCE = {"SUBJECT_OF": "end", "AGAINST": "start", "IN_CASE": "start", "AT": "start",
                   "RUN_BY": "start", "HEARD_BY": "start", "PART_OF": "start"}
EVIDENCE = f"UNWIND $uids AS u {by_uid('n', 'u')} RETURN u AS uid, {evidence_of('n')} AS sources"


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
    a_choices: tuple[NodeRef, ...] = ()     # a name that could mean several records: the ones it could mean
    b_choices: tuple[NodeRef, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return bool(self.a_choices or self.b_choices)

    TABLE_COLUMNS = ("path", "step", "subject_uid", "subject", "statement", "object_uid", "object", "sources")

    def table_rows(self) -> list[list]:
        """One row per statement of each path, its sources spelled out (as the page's footnotes)."""
        return [[i, k, s.subject.uid, s.subject.name, s.verb, s.object.uid, s.object.name,
                 spell_notes(self.footnotes, s.notes)]
                for i, path in enumerate(self.paths, 1) for k, s in enumerate(path, 1)]

    def as_dict(self) -> dict:
        return {"a": self.a.as_dict() if self.a else None, "b": self.b.as_dict() if self.b else None,
                "max_hops": self.max_hops, "timed_out": self.timed_out, "paths": [[s.as_dict() for s in p] for p in self.paths],
                "a_candidates": [c.as_dict() for c in self.a_choices], "b_candidates": [c.as_dict() for c in self.b_choices],
                "footnotes": [f.as_dict() for f in self.footnotes]}


def _verb(rel: dict) -> str:
    words = SCHEMA.relation_words(rel["type"])
    detail = role_words(rel["type"], rel.get("role")) or rel.get("title")
    return gettext("%(relation)s (%(detail)s)", relation=words, detail=detail) if detail else words


CANDIDATES = 20       # at most this many records offered when a name is ambiguous
CLOSE = 0.75          # a hit scoring at least this share of the best one is as good a reading of the name


def resolve(graph: Graph, text: str, viewer: Viewer) -> tuple[NodeRef | None, tuple[NodeRef, ...]]:
    """(the record a uid or a name means, the candidates when a name could mean several). A name is taken
    only when one record stands out: the only close hit, or the only close hit spelled exactly so; else
    nothing is picked and the close hits are returned for a person to choose from (22 people are called
    Ametov: picking one silently would answer a question nobody asked). Protected people are never found
    by name."""
    text = (text or "").strip()[:200]
    if not text:
        return None, ()
    row = graph.query_one(NODE, {"uid": text})
    if row:
        return ref(row["n"], viewer), ()
    hits = search_names(graph, text, viewer, limit=CANDIDATES)
    if not hits:
        return None, ()
    close = [h for h in hits if h.score >= CLOSE * hits[0].score]
    exact = [h for h in close if h.name.casefold() == text.casefold()]
    chosen = close if len(close) == 1 else exact if len(exact) == 1 else None
    if chosen:
        return NodeRef(chosen[0].uid, chosen[0].kind, chosen[0].name, facts=chosen[0].facts), ()
    return None, tuple(NodeRef(h.uid, h.kind, h.name, facts=h.facts) for h in close)


def find_paths(graph: Graph, a_text: str, b_text: str, viewer: Viewer) -> Paths:
    """Resolve both ends (uid or name) and return up to MAX_PATHS shortest paths of at most MAX_HOPS."""
    (a, a_choices), (b, b_choices) = resolve(graph, a_text, viewer), resolve(graph, b_text, viewer)
    if not a or not b or a.uid == b.uid:
        return Paths(a, b, (), (), None, a_choices=a_choices, b_choices=b_choices)

    @unit_of_work(timeout=TIMEOUT)
    def work(tx):
        rows = list(tx.run(SHORTEST, a=a.uid, b=b.uid, types=list(PATH_TYPES), limit=MAX_PATHS))
        cite, builder = Citations(), Builder(viewer)
        wanted = sorted({rel[RECORD_EVIDENCE[rel["type"]]] for r in rows for rel in r["rels"]
                         if rel["type"] in RECORD_EVIDENCE})
        evidence = {e["uid"]: e["sources"] for e in tx.run(EVIDENCE, uids=wanted)} if wanted else {}
        paths = tuple(_statements(r, viewer, cite, builder, evidence) for r in rows)
        picture = builder.picture(a, 1) if rows else None
        return Paths(a, b, paths, cite.footnotes(tx, viewer), picture)
    try:
        return graph.read(work)
    except ClientError as err:
        if "TransactionTimedOut" not in (err.code or "") and "Timeout" not in (err.code or ""):
            raise
        return Paths(a, b, (), (), None, timed_out=True)


def _statements(row, viewer: Viewer, cite: Citations, builder: Builder,
                evidence: dict[str, list[str]] | None = None) -> tuple[Statement, ...]:
    nodes = {m["uid"]: ref(m, viewer) for m in row["nodes"]}
    for node in nodes.values():
        builder.add_node(node)
    out = []
    for rel in row["rels"]:
        builder.add_edge(rel)
        record = rel.get(RECORD_EVIDENCE.get(rel["type"], ""))
        sources = list(rel["sources"]) + list((evidence or {}).get(record) or ())
        out.append(Statement(nodes[rel["start"]], _verb(rel), nodes[rel["end"]], cite.cite(sources)))
    return tuple(out)
