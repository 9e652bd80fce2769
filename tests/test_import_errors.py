"""Broken files get a message a person can act on (file, row, column, what was expected), and an
invalid file writes nothing unless --skip-invalid is given."""
import csv
import zipfile

import pytest

from cli import main
from graph.store.db import count_nodes

HEADER = "id,name,detained_on,status,sources\n"


@pytest.fixture(autouse=True)
def evidence(tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))


def run(runner, path, *args):
    return runner.invoke(main, ["import", str(path), *args])


def fails(graph, runner, path, *expected, args=()):
    result = run(runner, path, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert count_nodes(graph) == 0
    return result.output


def test_not_utf8_is_named_and_can_be_read_with_encoding(graph, runner, tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes((HEADER + "1,Сервер Мустафаєв,21.5.2018,convicted,Звіт 2019\n").encode("cp1251"))
    out = fails(graph, runner, path, "cp1251.csv", "is not UTF-8", "line 2", "--encoding")
    assert "CSV UTF-8" in out
    result = run(runner, path, "--encoding", "cp1251")
    assert result.exit_code == 0, result.output
    assert count_nodes(graph) > 0


def test_semicolon_and_tab_delimiters_are_handled(graph, runner, tmp_path):
    for delimiter, name in ((";", "semi.csv"), ("\t", "tab.csv")):
        path = tmp_path / name
        path.write_text(HEADER.replace(",", delimiter) + delimiter.join(["1", "A B", "2020", "detained", "R"]) + "\n",
                        encoding="utf-8")
        result = run(runner, path, "--dry-run")
        assert result.exit_code == 0 and "1 rows, 0 rejected" in result.output, result.output


def test_unknown_delimiter_says_so(graph, runner, tmp_path):
    path = tmp_path / "colon.csv"
    path.write_text("id:name:status:sources\n1:A B:detained:R\n", encoding="utf-8")
    fails(graph, runner, path, "colon.csv", "has no column for name", "single column", "separated")


def test_empty_file_and_header_only(graph, runner, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    fails(graph, runner, empty, "empty.csv", "is empty")
    header_only = tmp_path / "header.csv"
    header_only.write_text(HEADER)
    fails(graph, runner, header_only, "header.csv", "no data rows")


def test_file_that_is_not_what_its_extension_says(graph, runner, tmp_path):
    fake_xlsx = tmp_path / "register.xlsx"
    fake_xlsx.write_text(HEADER + "1,A,2020,detained,R\n")
    fails(graph, runner, fake_xlsx, "register.xlsx", "not an Excel workbook", "looks like text")
    fake_csv = tmp_path / "register.csv"
    with zipfile.ZipFile(fake_csv, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    fails(graph, runner, fake_csv, "register.csv", "is an Excel workbook", "rename it to .xlsx")
    fake_json = tmp_path / "entities.json"
    fake_json.write_text("id,name\n1,x\n")
    fails(graph, runner, fake_json, "entities.json", "not a FollowTheMoney entity")


def test_duplicated_headers(graph, runner, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,name,status,Name,sources\n1,A,detained,B,R\n", encoding="utf-8")
    fails(graph, runner, path, "dup.csv", "column 'Name' appears twice", "columns 2 and 4")


def test_dates_in_every_format_and_a_bad_one(graph, runner, tmp_path):
    good = tmp_path / "dates.csv"
    good.write_text(HEADER + "1,A,21.5.2018,detained,R\n2,B,2018-05-21,detained,R\n3,C,43241,detained,R\n",
                    encoding="utf-8")
    assert run(runner, good).exit_code == 0
    days = {r["d"].to_native().isoformat() for r in graph.query("MATCH (p:Detainee) RETURN p.detained_on AS d")}
    assert days == {"2018-05-21"}
    graph.execute("MATCH (n) DETACH DELETE n")
    bad = tmp_path / "baddate.csv"
    bad.write_text(HEADER + "1,A,21.5.2018,detained,R\n2,B,31/31/2018,detained,R\n", encoding="utf-8")
    fails(graph, runner, bad, "baddate.csv, row 3, column 'detained_on'", "'31/31/2018' is not a real date",
          "d.m.yyyy, yyyy-mm-dd")


def test_invalid_value_names_row_column_and_choices(graph, runner, tmp_path):
    path = tmp_path / "status.csv"
    path.write_text(HEADER + "1,A,2020,jailed,R\n2,B,2020,detained,\n3,C,soon,jailed,R\n", encoding="utf-8")
    out = fails(graph, runner, path, "row 2, column 'status'", "'jailed' is not one of: detained, convicted",
                "row 3, column 'sources'", "no source", "--skip-invalid", "row 4, column 'detained_on'",
                "row 4, column 'status'")
    assert "3 of 3 rows are invalid" in out


def test_missing_required_column(graph, runner, tmp_path):
    path = tmp_path / "noname.csv"
    path.write_text("id,status,sources\n1,detained,R\n", encoding="utf-8")
    fails(graph, runner, path, "noname.csv", "has no column for name", "Its columns are: id, status, sources")


def test_row_with_too_many_cells(graph, runner, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(HEADER + "1,Mustafayev, Server,2020,detained,R\n", encoding="utf-8")
    fails(graph, runner, path, "row 2", "has 6 cells but the header has 5 columns")


def test_skip_invalid_writes_valid_rows_and_rejects_csv(graph, runner, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + "1,A,2020,detained,R\n2,B,someday,detained,R\n3,C,2021,convicted,R\n", encoding="utf-8")
    result = run(runner, path, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert graph.query_one("MATCH (p:Detainee) RETURN count(p) AS n")["n"] == 2
    rejects = tmp_path / "mixed.csv.rejects.csv"
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["evgraph_row"] == "3" and rows[0]["name"] == "B"
    assert "detained_on" in rows[0]["evgraph_rejected_because"] and "someday" in rows[0]["evgraph_rejected_because"]
    path.write_text(HEADER + "1,A,2020,detained,R\n3,C,2021,convicted,R\n", encoding="utf-8")
    assert run(runner, path, "--skip-invalid").exit_code == 0
    assert not rejects.exists()


def test_skip_invalid_with_no_valid_row_writes_nothing_at_all(graph, runner, tmp_path):
    path = tmp_path / "all_bad.csv"
    path.write_text(HEADER + "1,A,31.02.2020,detained,R\n2,B,2020,jailed,R\n", encoding="utf-8")
    out = fails(graph, runner, path, "nothing imported: no valid row", "all_bad.csv.rejects.csv",
                "row 2, column 'detained_on'", "row 3, column 'status'", args=("--skip-invalid",))
    assert "not a real date" in out     # no ImportBatch either: count_nodes was 0 in fails()
    assert len(list(csv.DictReader((tmp_path / "all_bad.csv.rejects.csv").open(encoding="utf-8")))) == 2


def test_dry_run_writes_nothing(graph, runner, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "1,A,2020,detained,R\n", encoding="utf-8")
    result = run(runner, path, "--dry-run")
    assert result.exit_code == 0 and "dry run: nothing written" in result.output
    assert "1 rows, 0 rejected" in result.output
    assert count_nodes(graph) == 0


def test_bad_ftm_line_is_named(graph, runner, tmp_path):
    path = tmp_path / "e.ftm.json"
    path.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "schema": "Dragon"}\n'
                    'not json\n{"id": "c", "schema": "Person", "properties": {"name": ["C"], "wings": ["2"]}}\n'
                    '{"id": "d", "schema": "Person", "properties": {"name": ["D"], "birthDate": ["soon"]}}\n',
                    encoding="utf-8")
    fails(graph, runner, path, "e.ftm.json, line 2", "unknown FtM schema 'Dragon'", "e.ftm.json, line 3",
          "not a FollowTheMoney entity", "line 4", "Person has no property 'wings'", "line 5",
          "Person.birthDate: 'soon' is not a valid date")


def test_missing_file(graph, runner, tmp_path):
    fails(graph, runner, tmp_path / "nope.csv", "nope.csv", "no such file")


def test_a_database_failure_halfway_says_what_to_do_and_a_rerun_completes(graph, runner, tmp_path, monkeypatch):
    """A big import is many transactions; if the database fails between two, what was written is removed
    again, the message says so, and running the same import again completes it without duplicating anything."""
    from neo4j.exceptions import TransientError

    import graph.interchange.imports as imports

    path = tmp_path / "register.csv"
    path.write_text(HEADER + "1,A,2020,detained,R\n2,B,2021,convicted,R\n", encoding="utf-8")
    real = imports.write_records

    def nodes_then_failure(graph_, nodes, rels, **kwargs):
        real(graph_, nodes, (), **kwargs)
        raise TransientError("the database went away")

    monkeypatch.setattr(imports, "write_records", nodes_then_failure)
    result = run(runner, path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "stopped part-way" in result.output and "Run the same import again" in result.output
    assert "removed again" in result.output
    # one unit of success: what the failed import created is gone, and its batch says it failed
    assert graph.query("MATCH (n) WHERE NOT n:DataStamp RETURN labels(n) AS l, n.status AS status") == \
        [{"l": ["ImportBatch"], "status": "failed"}]
    monkeypatch.setattr(imports, "write_records", real)
    assert run(runner, path).exit_code == 0
    done = graph.query_one("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r")
    assert run(runner, path).exit_code == 0
    assert graph.query_one("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r") == done
    assert done["r"] > 0
