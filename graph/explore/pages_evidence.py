"""Tables of the pages of sources (every claim citing them), sanctions and violations."""
from __future__ import annotations

from graph.access.masking import hides_person
from graph.access.viewer import Viewer
from graph.explore.refs import Citations, kind_of, node_map
from graph.explore.tables import Cell, Row, Table, cell, enum, table, text
from graph.store.schema import SCHEMA

# The node claims: what is EVIDENCED_BY the source.
EVIDENCES = f"""
MATCH (n)-[e:EVIDENCED_BY]->(s:Source {{uid: $uid}})
RETURN {node_map('n')} AS n, e.pages AS pages, e.quote AS quote
ORDER BY n.name LIMIT $limit
"""

# The relationship claims: every asserting relationship whose source_uids name the source. There is no index on
# list membership, so this scans the asserting relationships once; the limit keeps the page bounded.
CITED_BY = f"""
MATCH (a)-[r]->(b) WHERE type(r) IN $types AND $uid IN r.source_uids
RETURN {node_map('a')} AS a, type(r) AS type, {node_map('b')} AS b, r.role AS role, r.title AS title
LIMIT $limit
"""
CLAIM_LIMIT = 2000


def _claim(rtype: str, role: str | None, title: str | None) -> str:
    words = SCHEMA.relation_words(rtype)
    extra = role or title
    return f"{words} ({extra})" if extra else words


def source_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    nodes = list(tx.run(EVIDENCES, uid=uid, limit=CLAIM_LIMIT))
    rels = list(tx.run(CITED_BY, uid=uid, types=list(SCHEMA.asserting_types), limit=CLAIM_LIMIT))
    return [
        table("supports", "Records it is evidence for", ("Record", "Kind", "Pages", "Quote"),
              [Row((cell(r["n"], viewer), Cell(_kind(r["n"])), text(r["pages"]), text(r["quote"])))
               for r in nodes], "No record cites it as evidence.", cited=False),
        table("claims", "Statements that cite it", ("Subject", "Statement", "Object"),
              [Row((cell(r["a"], viewer), Cell(_claim(r["type"], r["role"], r["title"])), cell(r["b"], viewer)))
               for r in rels], "No statement cites it.", cited=False),
    ]


def _kind(m: dict) -> str:
    return kind_of(m.get("labels") or ())


SUBJECTS = f"""
MATCH (x)-[:SUBJECT_OF]->(s:Sanction {{uid: $uid}})
RETURN {node_map('x')} AS x
"""


def sanction_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    return [table("subjects", "Designated", ("Person or organisation",),
                  [Row((cell(r["x"], viewer),)) for r in tx.run(SUBJECTS, uid=uid)], "No subject recorded.",
                  cited=False)]


VIOLATION = f"""
MATCH (v:Violation {{uid: $uid}})
OPTIONAL MATCH (v)-[a:AGAINST]->(victim:Person)
OPTIONAL MATCH (v)-[:IN_CASE]->(c:Case)
OPTIONAL MATCH (v)-[:AT]->(site:DetentionSite)
RETURN {node_map('victim')} AS victim, a.source_uids AS victim_sources, {node_map('c')} AS c,
       {node_map('site')} AS site
"""

RESPONSIBLE = f"""
MATCH (p:Person)-[r:RESPONSIBLE_FOR]->(v:Violation {{uid: $uid}})
RETURN {node_map('p')} AS p, r.role AS role, p.rank AS rank, r.source_uids AS sources
ORDER BY r.role DESC, p.name
"""


def violation_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    rows = list(tx.run(VIOLATION, uid=uid))
    facts = []
    for r in rows:
        if r["victim"]:
            facts.append(Row((Cell("Against"), cell(r["victim"], viewer)), cite.cite(r["victim_sources"])))
        if r["c"]:
            facts.append(Row((Cell("In case"), cell(r["c"], viewer))))
        if r["site"]:
            facts.append(Row((Cell("At"), cell(r["site"], viewer))))
    resp = list(tx.run(RESPONSIBLE, uid=uid))
    return [
        table("context", "Who and where", ("Relation", "Record"), facts, "Not linked to a person, case or site."),
        table("responsible", "Responsible", ("Person", "Role", "Rank"),
              [Row((cell(r["p"], viewer), enum(r["role"]), text("" if hides_person(r["p"], viewer) else r["rank"])),
                   cite.cite(r["sources"])) for r in resp], "Nobody is named as responsible."),
    ]


BUILDERS = {"source": source_tables, "sanction": sanction_tables, "violation": violation_tables}
