"""The reads behind a dossier: one read transaction returns plain rows for graph/dossier/assemble.py to assemble."""
from __future__ import annotations

import re

from graph.store.plain import plain

IDENTITY = """
MATCH (p:Person:Official {uid: $uid})
RETURN p {.*} AS p, [(p)-[e:EVIDENCED_BY]->(s:Source) WHERE e.criterion IS NULL | s.uid] AS sources,
       COLLECT { MATCH (p)-[:SAME_AS*1..5]-(q:Person) WHERE NOT coalesce(q.protected, false)
                 RETURN DISTINCT q {.uid, .name, .name_ru, .name_uk, .name_en, .aliases,
                                    sources: [(q)-[e:EVIDENCED_BY]->(s:Source) WHERE e.criterion IS NULL | s.uid]} } AS twins
"""

POSITIONS = """
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) WHERE p.uid IN $uids
RETURN r.title AS title, o.uid AS org_uid, o.name AS org, o.kind AS kind, r.since AS since, r.until AS until,
       r.since_precision AS since_precision, r.until_precision AS until_precision,
       coalesce(r.source_uids, []) AS sources, r.review AS review,
       COLLECT { MATCH path = (o)-[:PART_OF*1..8]->(x:Organization)
                 WITH x, length(path) AS d ORDER BY d RETURN x.name } AS chain
ORDER BY coalesce(r.since, date('1900-01-01')), o.name
"""

# The cases and violations are listed in date order up to $detail (DETAIL_ROWS): the order is found on the
# relationships alone, and only the rows listed are read in full.
DETAIL_ROWS = 200

CASES = """
MATCH (p:Person)-[r:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) WHERE p.uid IN $uids
WITH r, c ORDER BY coalesce(c.opened_on, c.verdict_on, date('1900-01-01')), c.name LIMIT $detail
OPTIONAL MATCH (c)-[:HEARD_BY]->(court:Organization)
RETURN c.uid AS uid, c.name AS name, c.number AS number, coalesce(c.articles, []) AS articles,
       type(r) AS type, r.role AS role, court.uid AS court_uid, court.name AS court,
       c.opened_on AS opened_on, c.verdict_on AS verdict_on, c.sentence AS sentence,
       c.opened_on_precision AS opened_on_precision, c.verdict_on_precision AS verdict_on_precision,
       coalesce(r.source_uids, []) AS sources, r.review AS review,
       COLLECT { MATCH (d:Person)-[:DEFENDANT_IN]->(c)
                 RETURN CASE WHEN coalesce(d.protected, false) THEN null ELSE d.name END } AS defendants,
       COLLECT { MATCH (d:Person)-[:DEFENDANT_IN]->(c) RETURN d.uid } AS defendant_uids
ORDER BY coalesce(c.opened_on, c.verdict_on, date('1900-01-01')), c.name
"""

VIOLATIONS = """
MATCH (p:Person)-[r:RESPONSIBLE_FOR]->(v:Violation) WHERE p.uid IN $uids
WITH r, v ORDER BY coalesce(v.date, date('2999-01-01')), v.name LIMIT $detail
OPTIONAL MATCH (v)-[:AT]->(site:DetentionSite)
OPTIONAL MATCH (site)-[:RUN_BY]->(runner:Organization)
OPTIONAL MATCH (v)-[:IN_CASE]->(c:Case)
OPTIONAL MATCH (c)-[:HEARD_BY]->(court:Organization)
RETURN v.uid AS uid, v.kind AS kind, v.name AS name, v.date AS date, v.date_precision AS date_precision,
       v.description AS description,
       coalesce(v.legal_norms, []) AS legal_norms, r.role AS role,
       site.name AS site, runner.uid AS runner_uid, c.uid AS case_uid, c.name AS case_name,
       court.uid AS court_uid,
       coalesce(r.source_uids, []) + [(v)-[:EVIDENCED_BY]->(s:Source) | s.uid] AS sources,
       coalesce(r.review, v.review) AS review,
       COLLECT { MATCH (v)-[:AGAINST]->(x:Person)
                 RETURN CASE WHEN coalesce(x.protected, false) THEN null ELSE x.name END } AS victims,
       COLLECT { MATCH (v)-[:AGAINST]->(x:Person) RETURN x.uid } AS victim_uids
ORDER BY coalesce(v.date, date('2999-01-01')), v.name
"""

TOTALS = """
MATCH (p:Person) WHERE p.uid IN $uids
RETURN sum(COUNT { (p)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case) }) AS cases,
       sum(COUNT { (p)-[:RESPONSIBLE_FOR]->(:Violation) }) AS violations
"""

# Summaries of the whole record, for a dossier that lists only its first rows.
BY_COURT = """
MATCH (p:Person)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c:Case) WHERE p.uid IN $uids
WITH DISTINCT c
OPTIONAL MATCH (c)-[:HEARD_BY]->(court:Organization)
WITH coalesce(court.name, '') AS label, c, coalesce(c.verdict_on, c.opened_on) AS day
RETURN label, count(c) AS count, min(day) AS first, max(day) AS last ORDER BY count DESC, label LIMIT 25
"""
BY_KIND = """
MATCH (p:Person)-[:RESPONSIBLE_FOR]->(v:Violation) WHERE p.uid IN $uids
WITH DISTINCT v
RETURN coalesce(v.kind, '') AS label, count(v) AS count, min(v.date) AS first, max(v.date) AS last
ORDER BY count DESC, label LIMIT 25
"""
VICTIM_COUNT = """
MATCH (p:Person) WHERE p.uid IN $uids
CALL (p) {
  MATCH (p)-[:RESPONSIBLE_FOR]->(:Violation)-[:AGAINST]->(x:Person) RETURN x
  UNION
  MATCH (p)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case)<-[:DEFENDANT_IN]-(x:Person) RETURN x
}
RETURN count(DISTINCT x) AS n
"""

SOURCES = """
MATCH (s:Source) WHERE s.uid IN $uids
RETURN s.uid AS uid, s.name AS title, s.kind AS kind, s.published_on AS published_on,
       s.published_on_precision AS published_on_precision, s.captured_on_precision AS captured_on_precision,
       s.captured_on AS captured_on, s.reliability AS reliability, s.credibility AS credibility,
       s.url AS url, s.archived_copy AS archived_copy, s.sha256 AS sha256,
       coalesce(s.confidential, false) AS confidential
"""

# Who held a post at the organisations concerned on each date: heads of them (at the body running a
# place of detention, only the head of that place), and anyone who took part in the case. The posts of the
# organisations concerned are read once (an index lookup per organisation, not a scan of every post per
# event), the people who took part in each case once, and the dates are matched here: a judge of 10,000
# cases has 40,000 dated events but only a few dozen organisations.
POSTS_AT = """
UNWIND $orgs AS ou
MATCH (o:Organization {uid: ou})<-[r:HOLDS_POSITION]-(h:Person)
WHERE h.uid IN $people OR r.title =~ $heads       // a court of thousands of staff: only the posts that can count
RETURN o.uid AS org_uid, h.uid AS person_uid, h.name AS person, coalesce(h.protected, false) AS protected,
       r.title AS title, o.name AS org, r.since AS since, r.until AS until,
       r.since_precision AS since_precision, r.until_precision AS until_precision,
       coalesce(r.source_uids, []) AS sources
"""
TOOK_PART = """
UNWIND $cases AS cu
MATCH (:Case {uid: cu})<-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]-(h:Person)
RETURN cu AS case, collect(DISTINCT h.uid) AS people
"""
HEAD_TITLES = r"(?i)(?!deputy).*\b(head|chair|chairman|chairwoman|chairperson|director|chief|commander|president)\b.*"
HEADS = re.compile(HEAD_TITLES)

SANCTIONS = """
MATCH (p:Person)-[so:SUBJECT_OF]->(s:Sanction) WHERE p.uid IN $uids
RETURN s.authority AS authority, s.programme AS programme, s.listed_on AS listed_on,
       s.listed_on_precision AS listed_on_precision,
       s.reference AS reference, s.name AS name,
       coalesce(so.source_uids, []) + [(s)-[:EVIDENCED_BY]->(x:Source) | x.uid] AS sources
ORDER BY s.authority, s.listed_on
"""

# The last import or demo load; the official's own last change when there is none.
DATA_AS_OF = """
OPTIONAL MATCH (b:ImportBatch)
WITH max(coalesce(b.finished_at, b.updated_at)) AS batch
MATCH (p:Person {uid: $uid})
RETURN coalesce(batch, p.updated_at) AS as_of
"""


def _rows(tx, cypher: str, params: dict) -> list[dict]:
    return [{k: plain(v) for k, v in record.data().items()} for record in tx.run(cypher, params)]


def read_official_tx(tx, uid: str) -> dict | None:
    """Everything the dossier needs about one official, except sources and post holders."""
    ident = tx.run(IDENTITY, {"uid": uid}).single()
    if ident is None:
        return None
    person = {k: plain(v) for k, v in ident["p"].items()}
    twins = [dict(t) for t in ident["twins"]]
    # the records judged to be this person (graph/resolution): their names, posts, cases and listings too
    params = {"uid": uid, "uids": [uid, *(t["uid"] for t in twins)], "detail": DETAIL_ROWS}
    as_of = tx.run(DATA_AS_OF, params).single()["as_of"]
    totals = tx.run(TOTALS, params).single().data()
    summary = {}
    if totals["cases"] > DETAIL_ROWS or totals["violations"] > DETAIL_ROWS:
        summary = {"by_court": _rows(tx, BY_COURT, params), "by_kind": _rows(tx, BY_KIND, params),
                   "victims": tx.run(VICTIM_COUNT, params).single()["n"]}
    return {"totals": totals, "summary": summary, "person": person, "identity_sources": list(ident["sources"]),
            "twins": twins, "uids": params["uids"],
            "positions": _rows(tx, POSITIONS, params), "cases": _rows(tx, CASES, params),
            "violations": _rows(tx, VIOLATIONS, params), "sanctions": _rows(tx, SANCTIONS, params),
            "as_of": plain(as_of)}


def read_sources_tx(tx, uids: list[str]) -> dict[str, dict]:
    return {r["uid"]: r for r in _rows(tx, SOURCES, {"uids": uids})}


def read_holders_tx(tx, uid: str, events: list[dict], uids: list[str] | None = None) -> list[dict]:
    """The post holders of each event ({key, date, orgs, case, runner, site}, dates ISO): rows {key, person_uid,
    person, protected, title, org, since, until, ..., sources} in order of key, organisation, title, person."""
    own = set(uids or [uid])
    heads: dict[str, list[dict]] = {}                       # org -> posts whose title is a head's
    by_person: dict[tuple[str, str], list[dict]] = {}       # (org, person) -> posts
    cases = sorted({e["case"] for e in events if e.get("case")})
    took_part = {r["case"]: set(r["people"]) for r in tx.run(TOOK_PART, {"cases": cases})} if cases else {}
    people = sorted(own.union(*took_part.values()))
    for r in _rows(tx, POSTS_AT, {"orgs": sorted({o for e in events for o in e["orgs"] if o}), "people": people,
                                  "heads": HEAD_TITLES}):
        org = r.pop("org_uid")
        by_person.setdefault((org, r["person_uid"]), []).append(r)
        if r["title"] and HEADS.fullmatch(r["title"]):
            heads.setdefault(org, []).append(r)
    out = []
    for e in events:
        day, runner, site = _day(e["date"]), e.get("runner") or "", e.get("site")
        people = own | took_part.get(e.get("case"), set())
        for org in e["orgs"]:
            found = [p for person in people for p in by_person.get((org, person), ())]
            found += [p for p in heads.get(org, ()) if p["person_uid"] not in people
                      and (org != runner or bool(site and site in p["title"]))]
            out += [{"key": e["key"], **p} for p in found
                    if not (p["since"] and _day(p["since"]) > day) and not (p["until"] and _day(p["until"]) < day)]
    last = "\uffff"         # Cypher's ORDER BY puts missing values last
    return sorted(out, key=lambda r: (r["key"], r["org"] or last, r["title"] or last, r["person"] or last))


def _day(value) -> str:
    return str(value)[:10]
