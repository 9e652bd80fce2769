"""Tables of the pages of sources (every claim citing them), sanctions and violations."""
from __future__ import annotations

from graph.access.masking import hides_person
from graph.access.viewer import Viewer
from graph.explore.listing import Listing, Scope, Sort, shown
from graph.explore.refs import Citations, evidence_of, kind_of, kind_words, node_map, role_words
from graph.explore.tables import Cell, Row, Table, cell, enum, table, text
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA

# The node claims: what is EVIDENCED_BY the source (a source may be the evidence of thousands of records).
def _supported(r, viewer: Viewer, cite: Citations) -> Row:
    return Row((cell(r["n"], viewer), Cell(kind_words(_kind(r["n"]))), text(r["pages"]), text(r["quote"])),
               cite.cite([r["source"]]))     # this source


EVIDENCES = Listing(
    "supports", N_("Records it is evidence for"), (N_("Record"), N_("Kind"), N_("Pages"), N_("Quote")),
    N_("No record cites it as evidence."),
    body="MATCH (n)-[e:EVIDENCED_BY]->(s:Source) WHERE s.uid IN $uids",
    tie="elementId(e)", default="Record",
    sorts={"Record": shown("n"), "Pages": Sort("e.pages")},
    returns=f"{node_map('n')} AS n, e.pages AS pages, e.quote AS quote, s.uid AS source",
    row=_supported)

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
    extra = role_words(rtype, role) or title
    return gettext("%(relation)s (%(detail)s)", relation=words, detail=extra) if extra else words


def source_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope: Scope | None = None) -> list[Table]:
    scope = scope or Scope([uid])
    rels = list(tx.run(CITED_BY, uid=uid, types=list(SCHEMA.asserting_types), limit=CLAIM_LIMIT))
    return [
        scope.page(tx, EVIDENCES, viewer, cite),
        table("claims", N_("Statements that cite it"), (N_("Subject"), N_("Statement"), N_("Object")),
              [Row((cell(r["a"], viewer), Cell(_claim(r["type"], r["role"], r["title"])), cell(r["b"], viewer)),
                   cite.cite([uid])) for r in rels], N_("No statement cites it.")),
    ]


def _kind(m: dict) -> str:
    return kind_of(m.get("labels") or ())


SUBJECTS = f"""
MATCH (x)-[r:SUBJECT_OF]->(s:Sanction {{uid: $uid}})
RETURN {node_map('x')} AS x, coalesce(r.source_uids, []) + {evidence_of('s')} AS sources
"""


def sanction_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope=None) -> list[Table]:
    return [table("subjects", N_("Designated"), (N_("Person or organisation"),),
                  [Row((cell(r["x"], viewer),), cite.cite(r["sources"])) for r in tx.run(SUBJECTS, uid=uid)],
                  N_("No subject recorded."))]


VIOLATION = f"""
MATCH (v:Violation {{uid: $uid}})
OPTIONAL MATCH (v)-[a:AGAINST]->(victim:Person)
OPTIONAL MATCH (v)-[in_case:IN_CASE]->(c:Case)
OPTIONAL MATCH (v)-[at:AT]->(site:DetentionSite)
RETURN {node_map('victim')} AS victim, a.source_uids AS victim_sources, {node_map('c')} AS c,
       {node_map('site')} AS site, {evidence_of('v')} AS own_sources,
       coalesce(in_case.source_uids, []) AS case_sources, coalesce(at.source_uids, []) AS site_sources
"""

RESPONSIBLE = f"""
MATCH (p:Person)-[r:RESPONSIBLE_FOR]->(v:Violation {{uid: $uid}})
RETURN {node_map('p')} AS p, r.role AS role, p.rank AS rank, r.source_uids AS sources
ORDER BY r.role DESC, p.name
"""


def violation_tables(tx, uid: str, viewer: Viewer, cite: Citations, scope=None) -> list[Table]:
    rows = list(tx.run(VIOLATION, uid=uid))
    facts = []
    for r in rows:
        if r["victim"]:
            facts.append(Row((Cell(gettext("Against")), cell(r["victim"], viewer)), cite.cite(r["victim_sources"])))
        if r["c"]:
            facts.append(Row((Cell(gettext("In case")), cell(r["c"], viewer)),
                             cite.cite(r["case_sources"] + r["own_sources"])))   # a fact of the violation's record
        if r["site"]:
            facts.append(Row((Cell(gettext("At")), cell(r["site"], viewer)),
                             cite.cite(r["site_sources"] + r["own_sources"])))
    resp = list(tx.run(RESPONSIBLE, uid=uid))
    return [
        table("context", N_("Who and where"), (N_("Relation"), N_("Record")), facts,
              N_("Not linked to a person, case or site.")),
        table("responsible", N_("Responsible"), (N_("Person"), N_("Role"), N_("Rank")),
              [Row((cell(r["p"], viewer), enum(r["role"]), text("" if hides_person(r["p"], viewer) else r["rank"])),
                   cite.cite(r["sources"])) for r in resp], N_("Nobody is named as responsible.")),
    ]


LISTINGS = {"source": (EVIDENCES,)}

BUILDERS = {"source": source_tables, "sanction": sanction_tables, "violation": violation_tables}
