"""Tables of the pages of organisations (courts included, with the chain of command), cases and
detention sites."""
from __future__ import annotations

from graph.access.masking import hides_person
from graph.access.viewer import Viewer
from graph.explore.pages_people import sanctions_table
from graph.explore.refs import Citations, node_map
from graph.explore.tables import Cell, Row, Table, cell, cells, enum, table, text
from graph.store.schema import SCHEMA

CHAIN_UP = f"""
MATCH path = (o:Organization {{uid: $uid}})-[:PART_OF*1..12]->(:Organization)
WITH path ORDER BY length(path) DESC LIMIT 1
UNWIND range(1, length(path)) AS k
WITH k, nodes(path)[k] AS x
RETURN k, {node_map('x')} AS x, x.kind AS kind ORDER BY k
"""

CHAIN_DOWN = f"""
MATCH path = (x:Organization)-[:PART_OF*1..3]->(o:Organization {{uid: $uid}})
WITH path, x, nodes(path)[1] AS parent
RETURN length(path) AS depth, {node_map('x')} AS x, x.kind AS kind, {node_map('parent')} AS parent
ORDER BY depth, x.name LIMIT 500
"""

STAFF = f"""
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization {{uid: $uid}})
RETURN {node_map('p')} AS p, r.title AS title, r.since AS since, r.until AS until, r.source_uids AS sources
ORDER BY r.since LIMIT 1000
"""

SITES_RUN = f"""
MATCH (s:DetentionSite)-[:RUN_BY]->(o:Organization {{uid: $uid}})
RETURN {node_map('s')} AS s, s.kind AS kind, s.location AS location ORDER BY s.name
"""

CASES_HEARD = f"""
MATCH (c:Case)-[:HEARD_BY]->(o:Organization {{uid: $uid}})
RETURN {node_map('c')} AS c, c.opened_on AS opened, c.verdict_on AS verdict, c.sentence AS sentence,
       [(j:Person)-[:JUDGE_IN]->(c) | {node_map('j')}] AS judges,
       COUNT {{ (c)<-[:DEFENDANT_IN]-() }} AS defendants
ORDER BY c.verdict_on DESC LIMIT 1000
"""


def organisation_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    up = list(tx.run(CHAIN_UP, uid=uid))
    down = list(tx.run(CHAIN_DOWN, uid=uid))
    staff = list(tx.run(STAFF, uid=uid))
    heard = list(tx.run(CASES_HEARD, uid=uid))
    sites = list(tx.run(SITES_RUN, uid=uid))
    tables = [
        table("chain_up", "Chain of command: above", ("Level", "Organisation", "Kind"),
              [Row((Cell(str(r["k"])), cell(r["x"], viewer), enum(r["kind"]))) for r in up],
              "Top of its chain of command (nothing above it is recorded).", cited=False),
        table("chain_down", "Chain of command: below", ("Depth", "Organisation", "Kind", "Reports to"),
              [Row((Cell(str(r["depth"])), cell(r["x"], viewer), enum(r["kind"]), cell(r["parent"], viewer)))
               for r in down], "No unit below it is recorded.", cited=False),
        table("staff", "People who held posts here", ("Person", "Title", "From", "Until"),
              [Row((cell(r["p"], viewer), text(r["title"]), text(r["since"]), text(r["until"] or "")),
                   cite.cite(r["sources"])) for r in staff], "No post recorded."),
    ]
    if heard:
        tables.append(table("cases", "Cases heard", ("Case", "Judges", "Defendants", "Opened", "Verdict", "Sentence"),
                            [Row((cell(r["c"], viewer), cells(r["judges"], viewer), text(r["defendants"]),
                                  text(r["opened"]), text(r["verdict"]), text(r["sentence"]))) for r in heard],
                            cited=False))
    if sites:
        tables.append(table("sites", "Detention sites it runs", ("Site", "Kind", "Location"),
                            [Row((cell(r["s"], viewer), enum(r["kind"]), text(r["location"]))) for r in sites],
                            cited=False))
    sanctions = sanctions_table(tx, uid, viewer, cite, show_missing=False)
    return tables + ([sanctions] if sanctions.rows else [])


CASE_PEOPLE = f"""
MATCH (p:Person)-[r:DEFENDANT_IN|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case {{uid: $uid}})
RETURN {node_map('p')} AS p, type(r) AS part, r.role AS role, p.status AS status, r.source_uids AS sources
ORDER BY part, p.name
"""

CASE_COURT = f"MATCH (c:Case {{uid: $uid}})-[:HEARD_BY]->(o:Organization) RETURN {node_map('o')} AS o"

def _violations_via(rel: str, label: str) -> str:
    """Violations linked to the page's node by ``rel`` (a constant of this module, not input)."""
    return f"""
MATCH (v:Violation)-[:{rel}]->(:{label} {{uid: $uid}})
OPTIONAL MATCH (v)-[:AGAINST]->(victim:Person)
RETURN {node_map('v')} AS v, v.date AS date, {node_map('victim')} AS victim,
       [(v)-[:EVIDENCED_BY]->(s:Source) | s.uid] AS sources
ORDER BY v.date LIMIT 1000
"""


VIOLATIONS_IN_CASE = _violations_via("IN_CASE", "Case")
VIOLATIONS_AT_SITE = _violations_via("AT", "DetentionSite")

def violations_table(rows, viewer: Viewer, cite: Citations) -> Table:
    return table("violations", "Violations", ("Date", "Violation", "Victim"),
                 [Row((text(r["date"]), cell(r["v"], viewer), cell(r["victim"], viewer)), cite.cite(r["sources"]))
                  for r in rows], "No violation recorded.")


def case_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    people = list(tx.run(CASE_PEOPLE, uid=uid))
    courts = [r["o"] for r in tx.run(CASE_COURT, uid=uid)]
    return [
        table("court", "Heard by", ("Court",), [Row((cell(m, viewer),)) for m in courts],
              "No court recorded.", cited=False),
        table("people", "Defendants and officials", ("Person", "Part", "Role", "Status"),
              [Row((cell(r["p"], viewer), Cell(SCHEMA.part(r["part"])), text(r["role"]),
                    enum("" if hides_person(r["p"], viewer) else r["status"])), cite.cite(r["sources"])) for r in people],
              "Nobody is recorded in this case."),
        violations_table(list(tx.run(VIOLATIONS_IN_CASE, uid=uid)), viewer, cite),
    ]


SITE_RUN_BY = f"MATCH (s:DetentionSite {{uid: $uid}})-[:RUN_BY]->(o:Organization) RETURN {node_map('o')} AS o"

HELD_HERE = f"""
MATCH (p:Person)-[r:HELD_AT]->(s:DetentionSite {{uid: $uid}})
RETURN {node_map('p')} AS p, r.since AS since, r.until AS until, r.source_uids AS sources
ORDER BY r.since LIMIT 2000
"""


def site_tables(tx, uid: str, viewer: Viewer, cite: Citations) -> list[Table]:
    run_by = [r["o"] for r in tx.run(SITE_RUN_BY, uid=uid)]
    held = list(tx.run(HELD_HERE, uid=uid))
    return [
        table("run_by", "Run by", ("Organisation",), [Row((cell(m, viewer),)) for m in run_by],
              "Who runs it is not recorded.", cited=False),
        table("held", "People held here", ("Person", "From", "Until"),
              [Row((cell(r["p"], viewer), text(r["since"]), text(r["until"] or "")), cite.cite(r["sources"]))
               for r in held], "Nobody is recorded as held here."),
        violations_table(list(tx.run(VIOLATIONS_AT_SITE, uid=uid)), viewer, cite),
    ]


BUILDERS = {"court": organisation_tables, "organisation": organisation_tables, "case": case_tables,
            "site": site_tables}
