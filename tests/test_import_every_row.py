"""Imports keep every real row (issue 12, part 6): dates keep their precision and their text, "year
unknown" and "N/D" are not errors, names written in two scripts in one cell are two names, mappings are
checked strictly before anything is read, a list of officials has a mapping kind of its own, and a
rejects file imports again once mended. Also the name keys: the soft sign and ё written "yo"."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from cli import main
from graph.store.names import name_keys
from importers import parse_file
from importers.errors import FileProblem
from tests.conftest import SHARED_DATA

EU_HEADERS = ["celex", "recordId", "programKey", "annex", "startDate", "reason", "schema", "name", "alias",
              "birthDate", "birthPlace", "position", "gender", "nationality"]


def _write(path, headers, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _annex(tmp_path):
    rows = [
        ["32099R0001", "1", "EU-RUS", "I", "1.2.2025", "Judge who sentenced V. Kara-Murza.", "Person",
         "Sergei AKSENOV", "Sergei AKSENOV (Сергей АКСЁНОВ)", "10 October (year unknown)", "", "judge", "male", "RU"],
        ["32099R0001", "2", "EU-RUS", "I", "1.2.2025", "Prosecutor.", "Person", "Ivan PETROV", "", "28 September; (year unknown)",
         "", "prosecutor", "male", "RU"],
        ["32099R0001", "3", "EU-RUS", "I", "1.2.2025", "Investigator.", "Person", "Oleg SIDOROV", "", "N/D", "N/D",
         "investigator", "male", "RU"],
        ["32099R0001", "4", "EU-RUS", "I", "1.2.2025", "Head of colony.", "Person", "Pavel KOZLOV", "", "March/April 1965",
         "", "head of IK-6", "male", "RU"],
        ["32099R0001", "5", "EU-RUS", "I", "1.2.2025", "Judge.", "Person", "Anna IVANOVA", "", "1971", "", "judge",
         "female", "RU"],
    ]
    return _write(tmp_path / "annex.csv", EU_HEADERS, rows)


def test_an_annex_with_unknown_years_imports_every_row(graph, runner, tmp_path):
    result = runner.invoke(main, ["import", str(_annex(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "5 rows, 0 rejected" in result.output
    people = {r["name"]: r for r in graph.query(
        "MATCH (p:Person) RETURN p.name AS name, p.birth_date AS born, p.birth_date_precision AS precision, "
        "p.birth_date_as_written AS written, p.birth_place AS place, p.name_ru AS ru, p.aliases AS aliases")}
    assert len(people) == 5
    assert people["Sergei AKSENOV"]["born"] is None and people["Sergei AKSENOV"]["written"] == "10 October (year unknown)"
    assert people["Sergei AKSENOV"]["ru"] == "Сергей АКСЁНОВ"                     # the cell was two names
    assert people["Ivan PETROV"]["written"] == "28 September; (year unknown)"
    assert people["Oleg SIDOROV"]["born"] is None and people["Oleg SIDOROV"]["written"] is None   # N/D: no value
    assert people["Oleg SIDOROV"]["place"] is None
    kozlov = people["Pavel KOZLOV"]
    assert kozlov["born"].to_native() == date(1965, 1, 1) and kozlov["precision"] == "year"
    assert kozlov["written"] == "March/April 1965"
    assert people["Anna IVANOVA"]["precision"] == "year" and people["Anna IVANOVA"]["written"] is None


def test_the_entity_page_says_the_date_as_known(graph, runner, tmp_path, client):
    assert runner.invoke(main, ["import", str(_annex(tmp_path))]).exit_code == 0
    uid = graph.query_one("MATCH (p:Person {name: 'Pavel KOZLOV'}) RETURN p.uid AS u")["u"]
    page = client.get(f"/entity/{uid}").get_data(as_text=True)
    assert "1965 (as written: March/April 1965)" in page and "1965-01-01" not in page
    uid = graph.query_one("MATCH (p:Person {name: 'Sergei AKSENOV'}) RETURN p.uid AS u")["u"]
    assert "10 October (year unknown)" in client.get(f"/entity/{uid}").get_data(as_text=True)


def test_real_annex_dates_keep_their_precision():
    parsed = parse_file(SHARED_DATA / "eu_oj_32020R1998_global_human_rights.csv")
    assert not parsed.rejects
    born = {n.props["name"]: (n.props.get("birth_date"), n.props.get("birth_date_precision"),
                              n.props.get("birth_date_as_written"))
            for n in parsed.nodes if n.label == "Person"}
    kinds = {(p, bool(w)) for _, p, w in born.values()}
    assert ("month", False) in kinds and ("year", False) in kinds and ("year", True) in kinds
    assert all(d is not None or w for d, _, w in born.values() if d or w)


def test_strict_mappings_name_the_line(tmp_path):
    table = _write(tmp_path / "list.csv", ["full name", "born"], [["A", "1970"]])
    cases = {
        "kind: register\ncolumns:\n  name: full name\n  birth_dat: born\n": ("line 4", "birth_dat", "birth_date"),
        "kind: register\ncolumns:\n  name: full name\ncolumn_sep: ';'\n": ("line 4", "unknown key 'column_sep'"),
        "kind: register\ncolumns:\n  name: full name\nvalues:\n  status: {free: released}\n": ("line 5", "status"),
        "kind: register\ncolumns:\n  name: full name\n  birth_date: birthdate\n": ("birth_date", "birthdate"),
    }
    for text, expected in cases.items():
        mapping = tmp_path / "m.yaml"
        mapping.write_text(text)
        with pytest.raises(FileProblem) as err:
            parse_file(table, mapping_path=mapping)
        for words in expected:
            assert words in str(err.value), (text, str(err.value))


def test_a_list_of_officials_with_posts(graph, runner, tmp_path):
    path = _write(tmp_path / "officials.csv",
                  ["name", "name_ru", "position", "organisation", "organisation_kind", "since", "until", "sources"],
                  [["Viktor Zinchenko", "Виктор Зинченко", "judge", "Kyiv District Court of Simferopol", "court",
                    "2014-03", "", "https://example.org/zinchenko"],
                   ["Oleg Ivanov", "", "head of SIZO-2", "FSIN Crimea", "penitentiary", "2016", "2019-05-01",
                    "Report of the Crimean Human Rights Group, 2020"]])
    mapping = "importers/mappings/officials.yaml"
    result = runner.invoke(main, ["import", str(path), "--mapping", mapping])
    assert result.exit_code == 0, result.output
    rows = graph.query("MATCH (p:Official)-[h:HOLDS_POSITION]->(o:Organization) RETURN p.name AS p, h.title AS t, "
                       "h.since AS since, h.since_precision AS sp, o.kind AS k, size(h.source_uids) AS n ORDER BY p")
    assert [(r["p"], r["t"], r["k"], r["sp"], r["n"]) for r in rows] == [
        ("Oleg Ivanov", "head of SIZO-2", "penitentiary", "year", 1),
        ("Viktor Zinchenko", "judge", "court", "month", 1)]
    assert runner.invoke(main, ["check"]).exit_code == 0


def test_a_rejects_file_imports_again_once_mended(graph, runner, tmp_path):
    path = _annex(tmp_path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("1.2.2025", "someday", 1)      # Ivan PETROV's listing date
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(main, ["import", str(path), "--skip-invalid"])
    assert result.exit_code == 0 and "1 rejected" in result.output, result.output
    rejects = path.with_name(path.name + ".rejects.csv")
    rows = list(csv.DictReader(rejects.open()))
    assert rows[0]["reason"] == "Prosecutor." and "someday" in rows[0]["evgraph_rejected_because"]
    rejects.write_text(rejects.read_text().replace("someday", "1.2.2025"))
    again = runner.invoke(main, ["import", str(rejects)])
    assert again.exit_code == 0 and "1 rows, 0 rejected" in again.output, again.output
    assert graph.query_one("MATCH (p:Person {name: 'Ivan PETROV'})-[:SUBJECT_OF]->(s:Sanction) "
                           "RETURN s.reason AS r")["r"] == "Prosecutor."


def test_name_keys_across_soft_signs_and_yo():
    assert name_keys("Аксенов Сергей") == name_keys("Sergei Aksyonov") == name_keys("Сергей Аксёнов")
    assert name_keys("Королёв") == name_keys("Korolyov") == name_keys("Korolev")
    assert name_keys("Киселев") == name_keys("Kiselyov")
    assert name_keys("Ильин") == name_keys("Ilyin") == name_keys("Il'in") == ["ilin"]
    assert name_keys("Дарья") == name_keys("Darya") and name_keys("Дьяков") == name_keys("D'yakov")
    assert name_keys("Antonio") != name_keys("Antone")


def test_rekey_brings_keys_made_under_older_rules_up_to_date(graph, runner):
    graph.execute("CREATE (:Person {uid: 'p-ilin', name: 'Ильин', name_keys: ['il in']})")
    result = runner.invoke(main, ["db", "rekey"])
    assert result.exit_code == 0 and "1 records changed" in result.output, result.output
    assert graph.query_one("MATCH (p:Person {uid: 'p-ilin'}) RETURN p.name_keys AS k")["k"] == ["ilin"]
    assert "0 records changed" in runner.invoke(main, ["db", "rekey"]).output
