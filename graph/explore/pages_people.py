"""Tables of a person's page: a detainee's cases, detention, violations suffered and timeline; an
official's positions, cases, violations responsible for, victims and sanctions."""
from __future__ import annotations

from graph.access.masking import hides_person, revealed
from graph.access.viewer import Viewer
from graph.explore.listing import Listing, Scope, Sort, shown
from graph.explore.refs import Citations, by_uid, criteria_evidence_of, evidence_of, node_map
from graph.explore.tables import Cell, Row, Table, cell, cells, enum, table, text
from graph.store.language import N_, gettext
from graph.store.plain import display, iso
from graph.store.schema import SCHEMA

# A detainee's tables are small (a person is in few cases and places) and stop at 2000 rows (LIMIT in each
# statement); an official's can be a hub's (a judge of 10,000 cases) and are listings: a page at a time (listing.py).

# The whole record and its own small tables in one statement (one round trip of a page that is read ~100 times a
# second): a protected detainee's facts are sealed, and opened here only for a viewer who may read them. A detainee's
# cases, places and violations come with it; an official's tables are listings (a page at a time), read apart.
PERSON = f"""
MATCH (p:Person {{uid: $uid}})
RETURN properties(p) AS props, labels(p) AS labels, {evidence_of('p')} AS sources,
  {criteria_evidence_of('p')} AS pace_sources,
  CASE WHEN p:Detainee THEN COLLECT {{
    MATCH (p)-[r:DEFENDANT_IN]->(c:Case)
    OPTIONAL MATCH (c)-[:HEARD_BY]->(court:Organization)
    RETURN {{c: {node_map('c')}, articles: c.articles, opened: c.opened_on, verdict: c.verdict_on, sentence: c.sentence,
            court: {node_map('court')}, sources: r.source_uids}} AS row ORDER BY row.opened LIMIT 2000
  }} END AS cases,
  CASE WHEN p:Detainee THEN COLLECT {{
    MATCH (p)-[r:HELD_AT]->(s:DetentionSite)
    RETURN {{s: {node_map('s')}, since: r.since, until: r.until, sources: r.source_uids}} AS row
    ORDER BY row.since LIMIT 2000
  }} END AS held,
  CASE WHEN p:Detainee OR NOT p:Official THEN COLLECT {{
    MATCH (v:Violation)-[r:AGAINST]->(p)
    OPTIONAL MATCH (v)-[:AT]->(site:DetentionSite)
    RETURN {{v: {node_map('v')}, kind: v.kind, date: v.date, site: {node_map('site')},
            responsible: [(o:Person)-[:RESPONSIBLE_FOR]->(v) | {node_map('o')}],
            sources: r.source_uids + [(v)-[:EVIDENCED_BY]->(s:Source) | s.uid]}} AS row ORDER BY row.date LIMIT 2000
  }} END AS suffered
"""


def _criteria_table(pace: list | None, evidence: list | None, cite: Citations) -> Table:
    """One row per criterion met, footnoted to the sources that support that criterion (EVIDENCED_BY with it)."""
    by_criterion: dict[str, list[str]] = {}
    for criterion, source in evidence or ():
        by_criterion.setdefault(criterion, []).append(source)
    rows = [Row((Cell(f"({c})"), Cell(SCHEMA.words("pace_criteria", c) if c in SCHEMA.vocabularies["pace_criteria"]
                                      else gettext("unknown criterion"))), cite.cite(by_criterion.get(c)))
            for c in pace or ()]
    return table("pace", N_("PACE Resolution 1900 criteria met"), (N_("Criterion"), N_("Meaning")), rows,
                 N_("No criterion recorded."))


def detainee_tables(row, viewer: Viewer, cite: Citations) -> list[Table]:
    """A detainee's tables from the record's row of PERSON."""
    props = revealed({**row["props"], "labels": row["labels"]}, viewer)
    person = {"pace": props.get("pace_criteria"), "reasons": props.get("pace_reasons"),
              "detained_on": props.get("detained_on"), "released_on": props.get("released_on"),
              "status": props.get("status"), "sources": row["sources"], "pace_sources": row["pace_sources"]}
    criteria = _criteria_table(person["pace"], person["pace_sources"], cite)   # cited first: it comes first
    cases, held, suffered = row["cases"], row["held"], row["suffered"]
    timeline = _timeline(person, cases, held, suffered, viewer, cite)
    return [
        criteria,
        timeline,
        table("cases", N_("Cases"), (N_("Case"), N_("Articles"), N_("Court"), N_("Opened"), N_("Verdict"), N_("Sentence")),
              [Row((cell(r["c"], viewer), text(r["articles"]), cell(r["court"], viewer), text(r["opened"]),
                    text(r["verdict"]), text(r["sentence"])), cite.cite(r["sources"])) for r in cases],
              N_("Not a defendant in any recorded case.")),
        table("detention", N_("Detention sites over time"), (N_("Site"), N_("Kind"), N_("From"), N_("Until")),
              [Row((cell(r["s"], viewer), enum(r["s"]["kind"]), text(r["since"]), text(r["until"] or "")),
                   cite.cite(r["sources"])) for r in held], N_("No place of detention recorded.")),
        table("violations", N_("Violations suffered"), (N_("Date"), N_("Violation"), N_("Where"), N_("Responsible")),
              [Row((text(r["date"]), cell(r["v"], viewer), cell(r["site"], viewer), cells(r["responsible"], viewer)),
                   cite.cite(r["sources"])) for r in suffered], N_("No violation recorded.")),
    ]


def _timeline(person, cases, held, suffered, viewer: Viewer, cite: Citations) -> Table:
    """Detention, transfers, case opened, verdict, violations and release, in date order."""
    events: list[tuple[object, Cell, tuple[int, ...]]] = []     # (date, what happened, footnotes)
    if person["detained_on"]:
        events.append((person["detained_on"], Cell(gettext("Detained")), cite.cite(person["sources"])))
    for k, r in enumerate(held):
        site = cell(r["s"], viewer).text
        what = gettext("Held at %(site)s", site=site) if k == 0 else gettext("Transferred to %(site)s", site=site)
        events.append((r["since"], Cell(what, r["s"]["uid"]), cite.cite(r["sources"])))
    for r in cases:
        name = cell(r["c"], viewer).text
        if r["opened"]:
            events.append((r["opened"], Cell(gettext("Case opened: %(case)s", case=name), r["c"]["uid"]),
                           cite.cite(r["sources"])))
        if r["verdict"]:
            events.append((r["verdict"], Cell(gettext("Verdict: %(verdict)s", verdict=r["sentence"] or name),
                                              r["c"]["uid"]), cite.cite(r["sources"])))
    for r in suffered:
        events.append((r["date"], Cell(cell(r["v"], viewer).text, r["v"]["uid"]), cite.cite(r["sources"])))
    if person["released_on"]:
        events.append((person["released_on"],
                       Cell(gettext("Freed (%(status)s)", status=SCHEMA.words("status", display(person["status"])))),
                       cite.cite(person["sources"])))
    events.sort(key=lambda e: iso(e[0]) or display(e[0]) or "9999")   # in date order, whatever the language writes
    return table("timeline", N_("Timeline"), (N_("Date"), N_("Event")),
                 [Row((Cell(display(d)), c), n) for d, c, n in events], N_("No dated event recorded."))


def _position(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((text(r["title"]), cell(r["o"], viewer), text(r["since"]), text(r["until"] or "")), cite.cite(r["sources"]))


POSITIONS = Listing(
    "positions", N_("Positions over time"), (N_("Title"), N_("Organisation"), N_("From"), N_("Until")),
    N_("No position recorded."),
    body="MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) WHERE p.uid IN $uids",
    tie="elementId(r)", default="From",
    sorts={"Title": Sort("r.title"), "Organisation": shown("o"), "From": Sort("r.since", "date"),
           "Until": Sort("r.until", "date")},
    returns=f"r.title AS title, {node_map('o')} AS o, r.since AS since, r.until AS until, r.source_uids AS sources",
    row=_position)


def _case_role(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["c"], viewer), Cell(SCHEMA.part(r["part"])), text(r["role"]), cell(r["court"], viewer),
                text(r["opened"]), text(r["defendants"]), text(r["verdict"]), text(r["sentence"])), cite.cite(r["sources"]))


CASE_ROLES = Listing(
    "cases", N_("Cases and role in each"),
    (N_("Case"), N_("Part"), N_("Role"), N_("Court"), N_("Opened"), N_("Defendants"), N_("Verdict"), N_("Sentence")),
    N_("No part in any recorded case."),
    body="MATCH (p:Person)-[r:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) WHERE p.uid IN $uids",
    tie="elementId(r)", default="Opened",
    sorts={"Case": Sort("c.name"), "Part": Sort("type(r)"), "Role": Sort("r.role"), "Opened": Sort("c.opened_on", "date"),
           "Verdict": Sort("c.verdict_on", "date")},
    returns=f"""type(r) AS part, r.role AS role, {node_map('c')} AS c, c.opened_on AS opened, c.verdict_on AS verdict,
       c.sentence AS sentence, [(c)-[:HEARD_BY]->(court:Organization) | {node_map('court')}][0] AS court,
       COUNT {{ (c)<-[:DEFENDANT_IN]-() }} AS defendants, r.source_uids AS sources""",
    row=_case_role)


def _responsible(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((text(r["date"]), cell(r["v"], viewer), enum(r["role"]), cell(r["victim"], viewer),
                cell(r["site"], viewer)), cite.cite(r["sources"]))


RESPONSIBLE = Listing(
    "violations", N_("Violations responsible for"), (N_("Date"), N_("Violation"), N_("Role"), N_("Victim"), N_("Where")),
    N_("No violation attributed."),
    body="MATCH (p:Person)-[r:RESPONSIBLE_FOR]->(v:Violation) WHERE p.uid IN $uids",
    tie="elementId(r)", default="Date",
    sorts={"Date": Sort("v.date", "date"), "Violation": Sort("v.name"), "Role": Sort("r.role")},
    returns=f"""{node_map('v')} AS v, v.date AS date, r.role AS role,
       [(v)-[:AGAINST]->(victim:Person) | {node_map('victim')}][0] AS victim,
       [(v)-[:AT]->(site:DetentionSite) | {node_map('site')}][0] AS site, r.source_uids AS sources""",
    row=_responsible)


def _victim(r, viewer: Viewer, cite: Citations) -> Row:
    hidden = hides_person(r["x"], viewer)
    how = [word for word, found in (("violation", r["by_violation"]), ("case", r["by_case"])) if found]
    sources = [uid for found in (r["by_violation"], r["by_case"]) for path in found for uid in path]
    return Row((cell(r["x"], viewer), enum(r["status"] if not hidden else ""), enum(r["region"] if not hidden else ""),
                Cell(", ".join(gettext(word) for word in how))),     # 'violation', 'case': refs.KINDS
               cite.cite(sources))     # a victim through the official's claim and the victim's own


_VICTIMS_OF = """MATCH (p:Person) WHERE p.uid IN $uids
CALL (p) {
  MATCH (p)-[:RESPONSIBLE_FOR]->(:Violation)-[:AGAINST]->(x:Person) RETURN x
  UNION
  MATCH (p)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case)<-[:DEFENDANT_IN]-(x:Person) RETURN x
}
"""

# The victims are found first (two hops from a judge of 10,000 cases is tens of thousands of paths), and how each
# one is a victim, with the sources of both steps, is read from the victim's side for the rows of the page only.
VICTIMS = Listing(
    "victims", N_("Victims"), (N_("Person"), N_("Status"), N_("Region"), N_("Through")), N_("No victim recorded."),
    body=_VICTIMS_OF + "WITH DISTINCT x",
    tie="x.uid", default="Person",
    sorts={"Person": shown("x"), "Status": shown("x", "status"), "Region": shown("x", "region")},
    returns=f"""{node_map('x')} AS x, x.status AS status, x.region AS region,
       [(q:Person)-[a:RESPONSIBLE_FOR]->(:Violation)-[b:AGAINST]->(x) WHERE q.uid IN $uids
        | coalesce(a.source_uids, []) + coalesce(b.source_uids, [])] AS by_violation,
       [(q:Person)-[a:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case)<-[b:DEFENDANT_IN]-(x) WHERE q.uid IN $uids
        | coalesce(a.source_uids, []) + coalesce(b.source_uids, [])] AS by_case""",
    count=_VICTIMS_OF + "RETURN count(DISTINCT x) AS n",
    row=_victim)

SANCTIONS = f"""
{by_uid('p')}
MATCH (p)-[so:SUBJECT_OF]->(s:Sanction)
RETURN {node_map('s')} AS s, s.authority AS authority, s.programme AS programme, s.listed_on AS listed_on,
       s.reference AS reference, coalesce(so.source_uids, []) + [(s)-[:EVIDENCED_BY]->(src:Source) | src.uid] AS sources
ORDER BY s.authority
"""

LISTINGS = {"official": (POSITIONS, CASE_ROLES, RESPONSIBLE, VICTIMS)}


def official_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    scope = scope or Scope([uid])
    return [scope.page(tx, listing, viewer, cite) for listing in LISTINGS["official"]] + \
        [sanctions_table(tx, uid, viewer, cite)]


def sanctions_table(tx, uid: str, viewer: Viewer, cite: Citations, show_missing: bool = True) -> Table:
    """Designations by authority; for a person also the sanctioning authorities (schema.yaml) that have not
    (yet) listed them, the same as the sanctions gap and the dossier."""
    rows = list(tx.run(SANCTIONS, uid=uid))
    have = {r["authority"] for r in rows}
    missing = [a for a in SCHEMA.sanctioning_authorities if a not in have] if show_missing else []
    empty = N_("Not sanctioned by any authority.")
    out = table("sanctions", N_("Sanctions by authority"), (N_("Authority"), N_("Programme"), N_("Listed"), N_("Reference")),
                [Row((Cell(r["authority"], r["s"]["uid"]), text(r["programme"]), text(r["listed_on"]),
                      text(r["reference"])), cite.cite(r["sources"])) for r in rows]
                + [Row((Cell(a), Cell(gettext("not sanctioned")), Cell(""), Cell(""))) for a in missing], empty)
    return out


def person_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    """A person who is both detainee and official gets both; a plain person (a witness) what applies."""
    row = tx.run(PERSON, uid=uid).single()
    labels = row["labels"]
    out = detainee_tables(row, viewer, cite) if "Detainee" in labels else []
    if "Official" in labels:
        out += official_tables(tx, uid, viewer, cite, scope)
    if not out:
        out.append(table("violations", N_("Violations suffered"),
                         (N_("Date"), N_("Violation"), N_("Where"), N_("Responsible")),
                         [Row((text(r["date"]), cell(r["v"], viewer), cell(r["site"], viewer),
                               cells(r["responsible"], viewer)), cite.cite(r["sources"])) for r in row["suffered"]],
                         N_("No violation recorded.")))
    return out


BUILDERS = {"detainee": person_tables, "official": person_tables, "person": person_tables}
