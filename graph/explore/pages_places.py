"""Tables of the pages of organisations (courts included, with the chain of command), cases and
detention sites."""
from __future__ import annotations

from graph.access.masking import hides_person
from graph.access.viewer import Viewer
from graph.explore.pages_people import sanctions_table
from graph.explore.listing import Listing, Scope, Sort, shown
from graph.explore.refs import Citations, evidence_of, node_map
from graph.explore.tables import Cell, Row, Table, cell, cells, enum, table, text
from graph.store.language import N_
from graph.store.schema import SCHEMA

CHAIN_UP = f"""
MATCH path = (o:Organization {{uid: $uid}})-[:PART_OF*1..12]->(:Organization)
WITH path ORDER BY length(path) DESC LIMIT 1
UNWIND range(1, length(path)) AS k
WITH k, nodes(path)[k] AS x, nodes(path)[k - 1] AS below, relationships(path)[k - 1] AS r
RETURN k, {node_map('x')} AS x, x.kind AS kind, coalesce(r.source_uids, []) + {evidence_of('below')} AS sources
ORDER BY k
"""

CHAIN_DOWN = f"""
MATCH path = (x:Organization)-[:PART_OF*1..3]->(o:Organization {{uid: $uid}})
WITH path, x, nodes(path)[1] AS parent, relationships(path)[0] AS r
RETURN length(path) AS depth, {node_map('x')} AS x, x.kind AS kind, {node_map('parent')} AS parent,
       coalesce(r.source_uids, []) + {evidence_of('x')} AS sources
ORDER BY depth, x.name LIMIT 500
"""

def _staff(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["p"], viewer), text(r["title"]), text(r["since"]), text(r["until"] or "")), cite.cite(r["sources"]))


STAFF = Listing(
    "staff", N_("People who held posts here"), (N_("Person"), N_("Title"), N_("From"), N_("Until")),
    N_("No post recorded."),
    body="MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) WHERE o.uid IN $uids",
    tie="elementId(r)", default="From",
    sorts={"Person": shown("p"), "Title": Sort("r.title"), "From": Sort("r.since", "date"), "Until": Sort("r.until", "date")},
    returns=f"{node_map('p')} AS p, r.title AS title, r.since AS since, r.until AS until, r.source_uids AS sources",
    row=_staff)


def _site_run(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["s"], viewer), enum(r["kind"]), text(r["location"])), cite.cite(r["sources"]))


SITES_RUN = Listing(
    "sites", N_("Detention sites it runs"), (N_("Site"), N_("Kind"), N_("Location")), N_("No detention site recorded."),
    body="MATCH (s:DetentionSite)-[r:RUN_BY]->(o:Organization) WHERE o.uid IN $uids",
    tie="elementId(r)", default="Site",
    sorts={"Site": Sort("s.name"), "Kind": Sort("s.kind"), "Location": Sort("s.location")},
    returns=f"{node_map('s')} AS s, s.kind AS kind, s.location AS location, coalesce(r.source_uids, []) + {evidence_of('s')} AS sources",
    row=_site_run)


def _heard(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["c"], viewer), cells(r["judges"], viewer), text(r["defendants"]), text(r["opened"]),
                text(r["verdict"]), text(r["sentence"])), cite.cite(r["sources"]))


CASES_HEARD = Listing(
    "cases", N_("Cases heard"), (N_("Case"), N_("Judges"), N_("Defendants"), N_("Opened"), N_("Verdict"), N_("Sentence")),
    N_("Nothing recorded."),
    body="MATCH (c:Case)-[r:HEARD_BY]->(o:Organization) WHERE o.uid IN $uids",
    tie="elementId(r)", default="Verdict", descending=True,
    sorts={"Case": Sort("c.name"), "Opened": Sort("c.opened_on", "date"), "Verdict": Sort("c.verdict_on", "date")},
    returns=f"""{node_map('c')} AS c, c.opened_on AS opened, c.verdict_on AS verdict, c.sentence AS sentence,
       [(j:Person)-[:JUDGE_IN]->(c) | {node_map('j')}] AS judges,
       COUNT {{ (c)<-[:DEFENDANT_IN]-() }} AS defendants, coalesce(r.source_uids, []) + {evidence_of('c')} AS sources""",
    row=_heard)


def organisation_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    scope = scope or Scope([uid])
    up = list(tx.run(CHAIN_UP, uid=uid))
    down = list(tx.run(CHAIN_DOWN, uid=uid))
    tables = [
        table("chain_up", N_("Chain of command: above"), (N_("Level"), N_("Organisation"), N_("Kind")),
              [Row((Cell(str(r["k"])), cell(r["x"], viewer), enum(r["kind"])), cite.cite(r["sources"])) for r in up],
              N_("Top of its chain of command (nothing above it is recorded).")),
        table("chain_down", N_("Chain of command: below"), (N_("Depth"), N_("Organisation"), N_("Kind"), N_("Reports to")),
              [Row((Cell(str(r["depth"])), cell(r["x"], viewer), enum(r["kind"]), cell(r["parent"], viewer)),
                   cite.cite(r["sources"])) for r in down], N_("No unit below it is recorded.")),
        scope.page(tx, STAFF, viewer, cite),
    ]
    tables += [t for t in (scope.page(tx, CASES_HEARD, viewer, cite), scope.page(tx, SITES_RUN, viewer, cite)) if t.rows]
    sanctions = sanctions_table(tx, uid, viewer, cite, show_missing=False)
    return tables + ([sanctions] if sanctions.rows else [])


def _case_person(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["p"], viewer), Cell(SCHEMA.part(r["part"])), text(r["role"]),
                enum("" if hides_person(r["p"], viewer) else r["status"])), cite.cite(r["sources"]))


CASE_PEOPLE = Listing(
    "people", N_("Defendants and officials"), (N_("Person"), N_("Part"), N_("Role"), N_("Status")),
    N_("Nobody is recorded in this case."),
    body="MATCH (p:Person)-[r:DEFENDANT_IN|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) WHERE c.uid IN $uids",
    tie="type(r) + elementId(r)", default="Part",
    sorts={"Person": shown("p"), "Part": Sort("type(r)"), "Role": Sort("r.role"), "Status": shown("p", "status")},
    returns=f"{node_map('p')} AS p, type(r) AS part, r.role AS role, p.status AS status, r.source_uids AS sources",
    row=_case_person)

CASE_COURT = (f"MATCH (c:Case {{uid: $uid}})-[r:HEARD_BY]->(o:Organization) RETURN {node_map('o')} AS o, "
              f"coalesce(r.source_uids, []) + {evidence_of('c')} AS sources")

def _violation(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((text(r["date"]), cell(r["v"], viewer), cell(r["victim"], viewer)), cite.cite(r["sources"]))


def _violations_via(rel: str, label: str) -> Listing:
    """Violations linked to the page's node by ``rel`` (a constant of this module, not input)."""
    return Listing(
        "violations", N_("Violations"), (N_("Date"), N_("Violation"), N_("Victim")), N_("No violation recorded."),
        body=f"MATCH (v:Violation)-[r:{rel}]->(x:{label}) WHERE x.uid IN $uids",
        tie="elementId(r)", default="Date",
        sorts={"Date": Sort("v.date", "date"), "Violation": Sort("v.name")},
        returns=f"""{node_map('v')} AS v, v.date AS date, [(v)-[:AGAINST]->(victim:Person) | {node_map('victim')}][0] AS victim,
       [(v)-[:EVIDENCED_BY]->(s:Source) | s.uid] AS sources""",
        row=_violation)


VIOLATIONS_IN_CASE = _violations_via("IN_CASE", "Case")
VIOLATIONS_AT_SITE = _violations_via("AT", "DetentionSite")


def case_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    scope = scope or Scope([uid])
    courts = list(tx.run(CASE_COURT, uid=uid))
    return [
        table("court", N_("Heard by"), (N_("Court"),),
              [Row((cell(r["o"], viewer),), cite.cite(r["sources"])) for r in courts], N_("No court recorded.")),
        scope.page(tx, CASE_PEOPLE, viewer, cite),
        scope.page(tx, VIOLATIONS_IN_CASE, viewer, cite),
    ]


SITE_RUN_BY = (f"MATCH (s:DetentionSite {{uid: $uid}})-[r:RUN_BY]->(o:Organization) RETURN {node_map('o')} AS o, "
               f"coalesce(r.source_uids, []) + {evidence_of('s')} AS sources")

def _held(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["p"], viewer), text(r["since"]), text(r["until"] or "")), cite.cite(r["sources"]))


HELD_HERE = Listing(
    "held", N_("People held here"), (N_("Person"), N_("From"), N_("Until")), N_("Nobody is recorded as held here."),
    body="MATCH (p:Person)-[r:HELD_AT]->(s:DetentionSite) WHERE s.uid IN $uids",
    tie="elementId(r)", default="From",
    sorts={"Person": shown("p"), "From": Sort("r.since", "date"), "Until": Sort("r.until", "date")},
    returns=f"{node_map('p')} AS p, r.since AS since, r.until AS until, r.source_uids AS sources",
    row=_held)


def site_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    scope = scope or Scope([uid])
    run_by = list(tx.run(SITE_RUN_BY, uid=uid))
    return [
        table("run_by", N_("Run by"), (N_("Organisation"),),
              [Row((cell(r["o"], viewer),), cite.cite(r["sources"])) for r in run_by],
              N_("Who runs it is not recorded.")),
        scope.page(tx, HELD_HERE, viewer, cite),
        scope.page(tx, VIOLATIONS_AT_SITE, viewer, cite),
    ]


LISTINGS = {"court": (STAFF, CASES_HEARD, SITES_RUN), "organisation": (STAFF, CASES_HEARD, SITES_RUN),
            "case": (CASE_PEOPLE, VIOLATIONS_IN_CASE), "site": (HELD_HERE, VIOLATIONS_AT_SITE)}

BUILDERS = {"court": organisation_tables, "organisation": organisation_tables, "case": case_tables,
            "site": site_tables}
