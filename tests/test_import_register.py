"""`evgraph import` of NGO registers: default layout (CSV and XLSX), Ukrainian headers, own mappings,
sources per row, idempotence and provenance."""
import csv
from datetime import date
from pathlib import Path

import pytest

from cli import main
from graph.access.viewer import OPERATOR
from graph.evidence.rule import find_breaches
from importers.mapping import MAPPINGS_DIR

TEMPLATES = Path(__file__).parent.parent / "importers" / "templates"
HEADER = ["id", "name", "name_uk", "birth_date", "gender", "status", "region", "detained_on", "case_number",
          "case_name", "articles", "court", "judges", "prosecutors", "investigators", "detention_site", "sources",
          "source_reliability"]
ROWS = [
    ["R-1", "Server Mustafayev", "Сервер Мустафаєв", "5.3.1986", "male", "convicted", "crimea", "2018-05-21",
     "1-12/2019", "Second Bakhchysarai case", "205.5(2);278", "Southern District Military Court",
     "Рустам Вадимович Фалалеев;Roman Viktorovich Saranov", "Yevgeny Kolpikov", "Investigator Sidorenko",
     "SIZO-2 Simferopol", "https://crimeansolidarity.org/case-1;verdict.pdf", "B"],
    ["R-2", "Olena Test", "", "1990", "female", "detained", "donetsk", "1.2.2022", "", "", "", "", "", "", "",
     "Izolyatsia", "Testimony of a released prisoner", "C"],
    ["R-3", "Ivan Example", "Іван Приклад", "1975-01-02", "male", "convicted", "crimea", "44000", "1-12/2019",
     "Second Bakhchysarai case", "205.5(2)", "Southern District Military Court", "Falaleev Rustam", "", "",
     "", "https://crimeansolidarity.org/case-1", ""],
]


def write_csv(path: Path, header: list, rows: list, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def evidence(tmp_path, monkeypatch):
    store = tmp_path / "evidence"
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(store))
    return store


@pytest.fixture
def register(tmp_path):
    (tmp_path / "verdict.pdf").write_bytes(b"%PDF-1.4 verdict")
    return write_csv(tmp_path / "register.csv", HEADER, ROWS)


def counts(graph) -> tuple[int, int]:
    row = graph.query_one("CALL { MATCH (n) WHERE NOT n:DataStamp RETURN count(n) AS n } CALL { MATCH ()-[r]->() RETURN count(r) AS r } "
                          "RETURN n, r")
    return row["n"], row["r"]


def test_register_imports_people_cases_officials_and_sources(graph, runner, register, evidence):
    result = runner.invoke(main, ["import", str(register)])
    assert result.exit_code == 0, result.output
    assert "mapping default" in result.output
    person = graph.query_one("MATCH (p:Person:Detainee {name: 'Server Mustafayev'}) RETURN p")["p"]
    assert person["name_uk"] == "Сервер Мустафаєв" and person["status"] == "convicted"
    assert person["birth_date"].to_native() == date(1986, 3, 5)
    # Excel serial 44000 is 2020-06-18
    ivan = graph.query_one("MATCH (p:Detainee {name: 'Ivan Example'}) RETURN p.detained_on AS d")
    assert ivan["d"].to_native() == date(2020, 6, 18)
    case = graph.query_one("MATCH (c:Case {number: '1-12/2019'})<-[:DEFENDANT_IN]-(p) "
                           "RETURN c.articles AS a, count(p) AS defendants")
    assert case == {"a": ["205.5(2)", "278"], "defendants": 2}
    # the same judge in Cyrillic and in Latin on two rows is one Official
    judges = graph.query("MATCH (j:Official)-[r:JUDGE_IN]->(:Case) RETURN j.name AS name, j.name_ru AS ru, "
                         "size(r.source_uids) AS cited ORDER BY name")
    assert len([j for j in judges if j["ru"] == "Рустам Вадимович Фалалеев" or "Falaleev" in j["name"]]) >= 1
    assert all(j["cited"] >= 1 for j in judges)
    stored = graph.query_one("MATCH (s:Source {name: 'verdict.pdf'}) RETURN s")["s"]
    assert (evidence / stored["archived_copy"]).read_bytes() == b"%PDF-1.4 verdict"
    assert stored["reliability"] == "B" and len(stored["sha256"]) == 64
    assert not find_breaches(graph, OPERATOR)


def test_reimport_changes_nothing_and_is_traced(graph, runner, register, evidence):
    assert runner.invoke(main, ["import", str(register)]).exit_code == 0
    first = counts(graph)
    assert runner.invoke(main, ["import", str(register)]).exit_code == 0
    assert counts(graph) == first
    batch = graph.query_one("MATCH (b:ImportBatch) OPTIONAL MATCH (n)-[:IMPORTED_BY]->(b) "
                            "RETURN b.file_name AS f, b.format AS fmt, b.counts AS c, b.sha256 AS sha, count(n) AS linked")
    assert batch["f"] == "register.csv" and batch["fmt"].startswith("register") and len(batch["sha"]) == 64
    assert '"rows": 3' in batch["c"] and batch["linked"] == first[0] - 1


def test_xlsx_register_with_real_excel_dates(graph, runner, tmp_path, evidence):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "detained_on", "birth_date", "status", "sources"])
    sheet.append(["X-1", "Нариман Джелял", date(2021, 9, 4), 28000, "convicted", "https://example.org/a"])
    sheet.append([2, "Vilen Temeryanov", "17.3.2016", "1976-07-20", "released", "https://example.org/b"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    rows = graph.query("MATCH (p:Detainee) RETURN p.name AS name, p.name_uk AS uk, p.detained_on AS d ORDER BY d")
    assert [r["d"].to_native() for r in rows] == [date(2016, 3, 17), date(2021, 9, 4)]
    assert rows[1]["uk"] == "Нариман Джелял"


def test_ukrainian_headers_and_values_are_recognised(graph, runner, tmp_path, evidence):
    path = write_csv(tmp_path / "реєстр.csv", ["№", "ПІБ", "Статус", "Регіон", "Дата затримання", "Судді", "Номер справи",
                                               "Джерела"],
                     [["1", "Ремзі Бекіров", "засуджений", "Крим", "27.03.2019", "Корсакова Є.", "1-5/2020",
                       "https://zmina.info/x"]])
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "register_uk" in result.output
    p = graph.query_one("MATCH (p:Detainee) RETURN p.status AS s, p.region AS r, p.name_uk AS uk")
    assert p == {"s": "convicted", "r": "crimea", "uk": "Ремзі Бекіров"}


def test_own_mapping_with_other_columns(graph, runner, tmp_path, evidence):
    mapping = tmp_path / "mine.yaml"
    mapping.write_text("name: mine\nkind: register\ndataset: ngo-x\ncolumns:\n  id: Ref\n  name: Prisoner\n"
                       "  judges: Judges (comma)\n  case_number: Case\n  sources: Evidence\nseparators: ','\n",
                       encoding="utf-8")
    path = write_csv(tmp_path / "other.csv", ["Ref", "Prisoner", "Case", "Judges (comma)", "Evidence"],
                     [["7", "Emil Ziyadinov", "A-1", "Judge One, Judge Two", "Report 2021"]])
    result = runner.invoke(main, ["import", str(path), "--mapping", str(mapping)])
    assert result.exit_code == 0, result.output
    assert graph.query_one("MATCH (j:Official)-[:JUDGE_IN]->(:Case) RETURN count(j) AS n")["n"] == 2


def test_template_is_the_default_layout(graph, runner, evidence):
    from importers.mapping import load_mapping

    default = load_mapping(MAPPINGS_DIR / "default.yaml")
    header = next(csv.reader((TEMPLATES / "register_template.csv").open(encoding="utf-8")))
    assert header == [hs[0] for hs in default.columns.values()]
    for name in ("register_template.csv", "register_template.xlsx"):
        result = runner.invoke(main, ["import", str(TEMPLATES / name), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "0 rejected" in result.output
