"""FollowTheMoney JSON lines (the yente 'zala' fixture in ../shared/data): people, companies,
sanctions, ownership, directorship and family, validated by the followthemoney library."""
import json

from cli import main
from graph.access.viewer import OPERATOR
from graph.evidence.rule import find_breaches
from tests.conftest import SHARED_DATA
from tests.test_import_register import counts

ZALA = SHARED_DATA / "yente_fixture_zala_entities.ftm.json"


def test_zala_cluster_imports_with_its_links(graph, runner):
    result = runner.invoke(main, ["import", str(ZALA)])
    assert result.exit_code == 0, result.output
    assert "(ftm)" in result.output and "91 rows, 0 rejected" in result.output
    assert "skipped 11 Address entities" in result.output
    row = graph.query_one("""
        CALL { MATCH (p:Person) RETURN count(p) AS people }
        CALL { MATCH (o:Organization) RETURN count(o) AS orgs }
        CALL { MATCH (s:Sanction) RETURN count(s) AS sanctions }
        CALL { MATCH ()-[r:OWNS]->() RETURN count(r) AS owns }
        CALL { MATCH ()-[r:DIRECTOR_OF]->() RETURN count(r) AS directors }
        CALL { MATCH ()-[r:FAMILY_OF]->() RETURN count(r) AS family }
        RETURN people, orgs, sanctions, owns, directors, family""")
    assert row == {"people": 6, "orgs": 11, "sanctions": 41, "owns": 14, "directors": 3, "family": 4}
    osetrova = graph.query_one("MATCH (p:Person {uid: 'NK-2Tbri3s6GgNtAwsSXh4qpL'}) "
                               "RETURN p.name_ru AS ru, p.name_uk AS uk, p.birth_date AS born")
    assert osetrova["ru"] and osetrova["uk"] == "Захарова Марія Олександрівна"
    assert osetrova["born"].to_native().isoformat() == "1988-01-07"
    cst = graph.query_one("MATCH (o:Organization {uid: 'NK-abdzbEBkqyT29GyREbiURZ'})-[:SUBJECT_OF]->(s:Sanction) "
                          "RETURN o.name AS name, collect(DISTINCT s.authority) AS authorities, count(s) AS n")
    assert {"EU", "US", "UK", "UA", "CA", "AU", "CH", "NZ", "JP"} <= set(cst["authorities"]) and cst["n"] == 28
    assert graph.query_one("MATCH (s:Source {kind: 'sanctions_list'}) RETURN count(s) AS n")["n"] >= 5
    assert not find_breaches(graph, OPERATOR)
    first = counts(graph)
    assert runner.invoke(main, ["import", str(ZALA), "--format", "ftm"]).exit_code == 0
    assert counts(graph) == first


def test_ftm_occupancy_employment_membership_court_case(graph, runner, tmp_path):
    entities = [
        {"id": "judge", "schema": "Person", "properties": {"name": ["Дубовик Николай"], "alias": ["Dubovik"]}},
        {"id": "court", "schema": "PublicBody", "properties": {"name": ["Supreme Court"]}},
        {"id": "post", "schema": "Position", "properties": {"name": ["Judge"], "organization": ["court"]}},
        {"id": "occ", "schema": "Occupancy", "properties": {"holder": ["judge"], "post": ["post"],
                                                             "startDate": ["2010"]}},
        {"id": "post2", "schema": "Position", "properties": {"name": ["Member of the Bar"]}},
        {"id": "occ2", "schema": "Occupancy", "properties": {"holder": ["judge"], "post": ["post2"]}},
        {"id": "emp", "schema": "Employment", "properties": {"employee": ["judge"], "employer": ["court"],
                                                             "role": ["Chairman"]}},
        {"id": "mem", "schema": "Membership", "properties": {"member": ["judge"], "organization": ["court"]}},
        {"id": "case", "schema": "CourtCase", "properties": {"name": ["Navalny appeal"], "caseNumber": ["5-1/2020"]}},
        {"id": "party", "schema": "CourtCaseParty", "properties": {"party": ["judge"], "case": ["case"],
                                                                   "role": ["Judge"]}},
        {"id": "doc", "schema": "Document", "properties": {"title": ["Decision"], "sourceUrl": ["https://x.org/d"]}},
        {"id": "docn", "schema": "Documentation", "properties": {"document": ["doc"], "entity": ["case"]}},
    ]
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    rels = {r["t"] for r in graph.query("MATCH (:Person {uid: 'judge'})-[r]->() RETURN DISTINCT type(r) AS t")}
    assert {"HOLDS_POSITION", "MEMBER_OF", "JUDGE_IN", "EVIDENCED_BY"} <= rels
    judge = graph.query_one("MATCH (p:Person {uid: 'judge'}) RETURN p.positions AS pos, p.name_ru AS ru")
    assert judge == {"pos": ["Member of the Bar"], "ru": "Дубовик Николай"}
    titles = {r["t"] for r in graph.query("MATCH (:Person {uid: 'judge'})-[r:HOLDS_POSITION]->() RETURN r.title AS t")}
    assert titles == {"Judge", "Chairman"}
    urls = graph.query_one("MATCH (:Case {number: '5-1/2020'})-[:EVIDENCED_BY]->(s:Source) RETURN collect(s.url) AS u")
    assert urls["u"] == ["https://x.org/d"]
    assert not find_breaches(graph, OPERATOR)
