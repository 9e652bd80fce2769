"""The EU's human-rights sanctions regimes (OpenSanctions transcriptions of the Official Journal, in
../shared/data) import through the shipped eu_journal mapping: people with names in both scripts,
each with their EU Sanction, citing the regulation; names match across scripts."""
from datetime import date

import pytest

from cli import main
from graph.access.viewer import OPERATOR, Viewer
from graph.evidence.rule import find_breaches
from graph.explore.search import search_names
from tests.conftest import SHARED_DATA
from tests.test_import_register import counts

RUSSIA = SHARED_DATA / "eu_oj_32024R1485_russia_human_rights.csv"
GLOBAL = SHARED_DATA / "eu_oj_32020R1998_global_human_rights.csv"


def test_russia_regime_imports_people_sanctions_and_source(graph, runner):
    result = runner.invoke(main, ["import", str(RUSSIA)])
    assert result.exit_code == 0, result.output
    assert "mapping eu_journal" in result.output and "105 rows, 0 rejected" in result.output
    row = graph.query_one("""
        CALL { MATCH (p:Person) RETURN count(p) AS people }
        CALL { MATCH (o:Organization) RETURN count(o) AS orgs }
        CALL { MATCH (s:Sanction {authority: 'EU', programme: 'EU-RUS'}) RETURN count(s) AS sanctions }
        CALL { MATCH ()-[r:SUBJECT_OF]->() RETURN count(r) AS subject_of }
        CALL { MATCH (s:Source {kind: 'sanctions_list'}) RETURN collect(s.url) AS urls }
        RETURN people, orgs, sanctions, subject_of, urls""")
    assert row == {"people": 98, "orgs": 7, "sanctions": 105, "subject_of": 105,
                   "urls": ["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1485"]}
    assert not find_breaches(graph, OPERATOR)


def test_dubovik_has_both_scripts_and_his_own_sanction(graph, runner):
    assert runner.invoke(main, ["import", str(RUSSIA)]).exit_code == 0
    row = graph.query_one("""
        MATCH (p:Person {name: 'Nikolai Pavlovich DUBOVIK'})-[r:SUBJECT_OF]->(s:Sanction)
        RETURN p.name_ru AS ru, p.birth_date AS born, p.gender AS gender, p.positions AS positions,
               s.authority AS authority, s.programme AS programme, s.listed_on AS listed, s.reference AS ref,
               s.reason AS reason, r.source_uids AS cites""")
    assert row["ru"] == "Николай Павлович ДУБОВИК" and row["born"].to_native() == date(1956, 4, 23)
    assert row["gender"] == "male" and row["positions"] == ["Judge of the Supreme Court of the Russian Federation"]
    assert (row["authority"], row["programme"], row["ref"]) == ("EU", "EU-RUS", "32024R1485")
    assert row["listed"].to_native() == date(2024, 5, 27)
    assert "Navalny" in row["reason"] and "Dubovik" in row["reason"] and len(row["cites"]) == 1


@pytest.mark.parametrize("query", ["Дубовик", "Dubovik", "DUBOVIK Nikolai", "Dubovyk", "Николай Дубовик",
                                   "dubowik"])
def test_judge_is_found_in_any_script(graph, runner, query):
    if not graph.query_one("MATCH (p:Person {name: 'Nikolai Pavlovich DUBOVIK'}) RETURN count(p) AS n")["n"]:
        assert runner.invoke(main, ["import", str(RUSSIA)]).exit_code == 0
    hits = search_names(graph, query, Viewer("researcher"), limit=5)
    assert hits and hits[0].name == "Nikolai Pavlovich DUBOVIK", (query, [h.name for h in hits])


def test_global_regime_and_reimport_changes_nothing(graph, runner):
    for path in (RUSSIA, GLOBAL):
        result = runner.invoke(main, ["import", str(path)])
        assert result.exit_code == 0, result.output
    first = counts(graph)
    sanctions = graph.query("MATCH (s:Sanction) RETURN s.programme AS p, count(s) AS n ORDER BY p")
    assert sanctions == [{"p": "EU-HR", "n": 177}, {"p": "EU-RUS", "n": 105}]
    # 'Aлександр Петрович КАЛАШНИКОВ' mixes a Latin A into Cyrillic: still kept as the Russian name
    kalashnikov = graph.query_one("MATCH (p:Person) WHERE p.name CONTAINS 'KALASHNIKOV' RETURN p.name_ru AS ru")
    assert kalashnikov["ru"].endswith("КАЛАШНИКОВ")
    for path in (RUSSIA, GLOBAL):
        assert runner.invoke(main, ["import", str(path)]).exit_code == 0
    assert counts(graph) == first
    assert graph.query_one("MATCH (b:ImportBatch) RETURN count(b) AS n")["n"] == 2
    assert not find_breaches(graph, OPERATOR)
