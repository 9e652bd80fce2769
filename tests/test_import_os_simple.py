"""OpenSanctions' targets.simple.csv of Ukraine's War & Sanctions portal (5,600 rows in ../shared/data):
people and companies with their UA programmes as Sanctions, names in every script, vessels skipped."""
from cli import main
from graph.access.viewer import OPERATOR
from graph.evidence.rule import find_breaches
from tests.conftest import SHARED_DATA
from tests.test_import_register import counts

TARGETS = SHARED_DATA / "opensanctions_ua_war_sanctions_targets.simple.csv"


def test_whole_export_imports_once_and_again_without_change(graph, runner):
    result = runner.invoke(main, ["import", str(TARGETS)])
    assert result.exit_code == 0, result.output
    assert "os-simple" in result.output and "5600 rows, 0 rejected" in result.output
    assert "skipped 1340 Vessel rows" in result.output
    row = graph.query_one("""
        CALL { MATCH (p:Person) RETURN count(p) AS people }
        CALL { MATCH (o:Organization) RETURN count(o) AS orgs }
        CALL { MATCH (s:Sanction {authority: 'UA', programme: 'UA-WS-KIDNAPPERS'})<-[:SUBJECT_OF]-()
               RETURN count(s) AS kidnappers }
        RETURN people, orgs, kidnappers""")
    assert row == {"people": 1543, "orgs": 2717, "kidnappers": 523}
    tupikin = graph.query_one("""
        MATCH (p:Person {uid: 'NK-3TNk3j8UvMmALEYKMX4zQw'})-[r:SUBJECT_OF]->(s:Sanction)
        MATCH (src:Source {uid: r.source_uids[0]})
        RETURN p.name AS name, p.name_uk AS uk, p.name_ru AS ru, p.birth_date AS born, s.programme AS programme,
               s.reason AS reason, src.kind AS kind, src.url AS url""")
    assert tupikin["name"] == "TUPIKIN Nikolai Aleksandrovich"
    assert tupikin["uk"] == "ТУПІКІН Микола Олександрович" and tupikin["ru"] == "ТУПИКИН Николай Александрович"
    assert tupikin["programme"] == "UA-WS-PROPAGANDISTS" and tupikin["reason"].startswith("CEO and owner")
    assert tupikin["kind"] == "sanctions_list" and "opensanctions.org" in tupikin["url"]
    assert not find_breaches(graph, OPERATOR)
    first = counts(graph)
    assert runner.invoke(main, ["import", str(TARGETS)]).exit_code == 0
    assert counts(graph) == first
