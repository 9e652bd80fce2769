"""A page for every kind of node, readable as a report: a header, facts, tables whose rows carry footnotes
to their sources, and the footnotes themselves. The per-kind tables live in pages_people.py,
pages_places.py and pages_evidence.py (made of the shapes in tables.py); this module puts them together."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from graph.access.masking import opened
from graph.access.viewer import Viewer
from graph.explore import pages_evidence, pages_people, pages_places
from graph.explore.listing import Ask, Listing, Scope, stream as listing_stream
from graph.explore.refs import (Citations, Footnote, NodeRef, by_uid, evidence_of, node_map, ref, spell_notes,
                                visible_facts)
from graph.explore.tables import Cell, Row, Table, cell, table, text
from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA


@dataclass(frozen=True)
class EntityPage:
    node: NodeRef
    labels: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    footnotes: tuple[Footnote, ...]
    notice: str = ""                  # why part of the page is withheld
    review: str | None = None         # what an editor said of the record (needs_review, verified)
    twins: tuple[NodeRef, ...] = ()   # the records judged to be this same entity (graph/resolution)
    version: int = 0                  # how many times it was edited in the app
    fact_notes: tuple[tuple[int, ...], ...] = ()   # footnote numbers of each of ``facts`` (its record's sources)
    revisions: tuple = ()             # its latest revisions (graph/curation/history), when asked for; none if masked

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def table_rows(self, key: str) -> tuple[list[str], list[list[str]]] | None:
        """One table as CSV-ready columns and rows, each row ending with its sources spelled out."""
        found = self.table(key)
        if found is None:
            return None
        rows = [[c.text for c in row.cells] + [spell_notes(self.footnotes, row.notes)] for row in found.rows]
        return list(found.columns) + [gettext("Sources")], rows

    def as_dict(self) -> dict:
        return {"node": self.node.as_dict(), "facts": dict(self.facts),
                "fact_sources": {label: list(notes) for (label, _v), notes in zip(self.facts, self.fact_notes)},
                "tables": [t.as_dict() for t in self.tables], "footnotes": [f.as_dict() for f in self.footnotes],
                "notice": self.notice, "review": self.review, "version": self.version,
                "same_as": [t.as_dict() for t in self.twins]}


# A builder takes (tx, uid, viewer, citations, scope) and returns the tables of one kind; its listings (listing.py)
# are one page each, over every record of the entity (scope.uids), as the scope asks.
Builder = Callable[..., list[Table]]

HEADER = (f"{by_uid('n')} RETURN {node_map('n')} AS m, properties(n) AS props, labels(n) AS labels, "
          f"{evidence_of('n')} AS sources")


def evidence_table(found: list[dict], viewer: Viewer, cite: Citations) -> Table:
    """What the node itself is evidenced by (EVIDENCED_BY, the ``evidence`` of AROUND), each row footnoted."""
    rows = []
    for r in found:
        r = {**r, **opened(r["rel"], r["sealed"], viewer)}   # a quote from a confidential source is sealed
        rows.append(Row((text(r["pages"]), Cell(r["quote"] or "")), cite.cite([r["source"]])))
    return table("evidence", N_("Evidence"), (N_("Pages"), N_("Quote")), rows,
                 N_("No source is attached to this record itself."))


# Relationship types that have their own table on some page; any other type (e.g. OWNS, FAMILY_OF from
# sanctions lists) appears in the generic "Other connections" table, so no statement is ever left out.
COVERED_TYPES = frozenset({"DEFENDANT_IN", "JUDGE_IN", "PROSECUTOR_IN", "INVESTIGATOR_IN", "HEARD_BY", "HOLDS_POSITION",
                           "PART_OF", "HELD_AT", "RUN_BY", "AGAINST", "RESPONSIBLE_FOR", "IN_CASE", "AT",
                           "EVIDENCED_BY", "SUBJECT_OF", "IMPORTED_BY"})
OTHER_TYPES = tuple(t for t in SCHEMA.relationships if t not in COVERED_TYPES)


def other_table(found: list[dict], viewer: Viewer, cite: Citations) -> Table:
    """The node's relationships of OTHER_TYPES (the ``other`` of AROUND), each row footnoted."""
    rows = [Row((cell(r["a"], viewer), Cell(SCHEMA.relation_words(r["type"])), cell(r["b"], viewer),
                 text(r["role"]), text(r["since"]), text(r["until"])), cite.cite(r["sources"]))
            for r in found] if OTHER_TYPES else []
    return table("other", N_("Other connections"),
                 (N_("Subject"), N_("Relation"), N_("Object"), N_("Role"), N_("From"), N_("Until")), rows)


# The records judged to be this one (positive judgements, graph/resolution), a bounded few.
_TWINS_OF = f"MATCH (n)-[:SAME_AS*1..5]-(m) WITH DISTINCT m LIMIT 20 RETURN {node_map('m')}"
TWINS = f"{by_uid('n')} RETURN COLLECT {{ {_TWINS_OF} }} AS twins"

# A page's node's twins, other connections and own evidence in one statement (one round trip instead of three).
# The types are in the pattern (not a WHERE on type(r)): Neo4j then reads only those of a hub's relationships.
AROUND = f"""
{by_uid('n')}
RETURN COLLECT {{ {_TWINS_OF} }} AS twins,
  COLLECT {{ MATCH (n)-[r:{'|'.join(OTHER_TYPES) or 'NONE'}]-() WITH r, startNode(r) AS a, endNode(r) AS b
            RETURN {{a: {node_map('a')}, type: type(r), b: {node_map('b')},
                    role: coalesce(r.role, r.relationship, r.share, r.title), since: r.since, until: r.until,
                    sources: r.source_uids}} AS row ORDER BY row.type, row.since LIMIT 2000 }} AS other,
  COLLECT {{ MATCH (n)-[e:EVIDENCED_BY]->(s:Source) WHERE e.criterion IS NULL
            RETURN {{source: s.uid, pages: e.pages, quote: e.quote, rel: e.uid, sealed: e.sealed,
                    published: s.published_on}} AS row ORDER BY row.published LIMIT 2000 }} AS evidence
"""


BUILDERS: dict[str, Builder] = {**pages_people.BUILDERS, **pages_places.BUILDERS, **pages_evidence.BUILDERS}


PROTECTED_NOTICE = N_("This person is protected (a witness or a relative). Their identity and the records about "
                      "them are shown only to editors and administrators.")


def _merged(tables: list[Table], more: list[Table]) -> list[Table]:
    """A twin's tables into the page's: rows of a table the page has join it (the same row once)."""
    by_key = {t.key: i for i, t in enumerate(tables)}
    for t in more:
        if t.key in by_key and (t.paging is not None or tables[by_key[t.key]].paging is not None):
            continue          # a listing already reads every record of the entity (Scope.uids)
        if t.key not in by_key:
            if t.rows:
                by_key[t.key] = len(tables)
                tables.append(t)
            continue
        mine = tables[by_key[t.key]]
        seen = {tuple(c.text for c in r.cells) for r in mine.rows}
        extra = tuple(r for r in t.rows if tuple(c.text for c in r.cells) not in seen)
        if extra:
            tables[by_key[t.key]] = replace(mine, rows=mine.rows + extra)
    return tables


def twins_of(found: list[dict], viewer: Viewer) -> list[NodeRef]:
    """The twins (the ``twins`` of AROUND or TWINS) this viewer may see."""
    out = []
    for m in found:
        twin = ref(m, viewer)
        if twin is not None and not twin.masked:
            out.append(twin)
    return out


def get_entity(graph: Graph, uid: str, viewer: Viewer, asks: dict[str, Ask] | None = None,
               revisions: Callable[..., list] | None = None) -> EntityPage | None:
    """The report page of one node as this viewer may see it, or None when no node has this uid. A long table is
    one page of it (``asks``: what the reader asked of each table by key; the first page by default). With
    ``revisions`` (``(tx, uid) -> revisions``, graph/curation/history.py), the record's revisions are read in the
    same transaction, unless the record is masked (its history would say what it is)."""
    def work(tx):
        head = tx.run(HEADER, uid=uid).single()
        if head is None:
            return None
        node = ref(head["m"], viewer)
        facts = visible_facts(head["props"], head["labels"], viewer)
        if node.masked and node.kind != "source":
            return EntityPage(node, tuple(head["labels"]), (), (), (), gettext(PROTECTED_NOTICE))
        cite = Citations()
        # the facts are those of the record: its own evidence (a source's facts are what the source itself says)
        notes = cite.cite([uid] if node.kind == "source" else head["sources"])
        around = tx.run(AROUND, uid=uid).single()
        twins = twins_of(around["twins"], viewer)
        build = BUILDERS.get(node.kind)
        tables = build(tx, uid, viewer, cite, Scope([uid] + [t.uid for t in twins], asks or {})) if build else []
        other = other_table(around["other"], viewer, cite)
        tables += [other] if other.rows else []
        evidence = evidence_table(around["evidence"], viewer, cite)
        if evidence.rows or node.kind in ("violation", "sanction", "case"):
            tables.append(evidence)
        for twin in twins:
            # one entity, one page: what every record of the cluster says, each row with its own sources
            more = BUILDERS.get(twin.kind, lambda *a: [])(tx, twin.uid, viewer, cite, Scope([twin.uid]))
            near = tx.run(AROUND, uid=twin.uid).single()
            more += [other_table(near["other"], viewer, cite), evidence_table(near["evidence"], viewer, cite)]
            tables = _merged(tables, more)
        return EntityPage(node, tuple(head["labels"]), facts, tuple(tables), cite.footnotes(tx, viewer),
                          review=head["props"].get("review"), version=int(head["props"].get("version") or 0),
                          twins=tuple(twins), fact_notes=tuple(notes for _f in facts),
                          revisions=tuple(revisions(tx, uid)) if revisions and not node.masked else ())
    return graph.read(work)


LISTINGS: dict[str, tuple[Listing, ...]] = {**pages_people.LISTINGS, **pages_places.LISTINGS, **pages_evidence.LISTINGS}


def listings_for(labels, kind: str) -> tuple[Listing, ...]:
    """The listings of a node's page (an official's tables on a person who is also a detainee)."""
    return LISTINGS.get("official", ()) if "Official" in labels else LISTINGS.get(kind, ())


def find_listing(graph: Graph, uid: str, key: str, viewer: Viewer) -> tuple[Listing, list[str]] | None:
    """The listing ``key`` of the node's page and the records it reads (the node and its twins), when this viewer
    may see the page's tables; else None."""
    def work(tx):
        head = tx.run(HEADER, uid=uid).single()
        node = ref(head["m"], viewer) if head else None
        if node is None or (node.masked and node.kind != "source"):
            return None
        found = next((x for x in listings_for(head["labels"], node.kind) if x.key == key), None)
        return (found, [uid] + [t.uid for t in twins_of(tx.run(TWINS, uid=uid).single()["twins"], viewer)]) \
            if found else None
    return graph.read(work)


def stream_rows(graph: Graph, listing: Listing, uids: list[str], viewer: Viewer,
                ask: Ask = Ask()) -> Iterator[tuple[Row, list[Footnote]]]:
    """Every row of a listing with its footnotes, read a chunk per transaction (for a download of any size)."""
    for chunk, cite in listing_stream(graph.read, listing, uids, viewer, ask):
        notes = {f.n: f for f in graph.read(lambda tx, c=cite: c.footnotes(tx, viewer))}
        for row in chunk.rows:
            yield row, [notes[n] for n in row.notes]
