"""`evgraph dossier` (one, and a batch as ZIP) and `evgraph sanctions gap|match|confirm|reject`."""
from __future__ import annotations

import json
import zipfile

from cli import main
from tests.smallworld import JUDGE, load_small_world


def test_dossier_command_writes_each_format(graph, runner, tmp_path):
    load_small_world(graph)
    for fmt in ("json", "html", "docx"):
        out = tmp_path / f"d.{fmt}"
        result = runner.invoke(main, ["dossier", JUDGE, "--format", fmt, "-o", str(out), "--prepared-by", "CHRG"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    data = json.loads((tmp_path / "d.json").read_text())
    assert data["header"]["prepared_by"] == "CHRG"
    strict = runner.invoke(main, ["dossier", JUDGE, "--format", "json", "-o", "-", "--min-reliability", "B",
                                  "--min-credibility", "3"])
    assert json.loads(strict.stdout)["header"]["counts"]["omitted"] >= 2
    missing = runner.invoke(main, ["dossier", "nobody", "--format", "json", "-o", str(tmp_path / "x.json")])
    assert missing.exit_code != 0 and "No official" in missing.output


def test_batch_zip_with_index(graph, runner, tmp_path):
    load_small_world(graph)
    out = tmp_path / "batch.zip"
    result = runner.invoke(main, ["dossier", "--batch", "--min-violations", "1", "--not-listed-by", "EU",
                                  "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(out).namelist()
    assert "index.html" in names and "index.csv" in names and any(JUDGE in n for n in names)
    query = tmp_path / "q.cypher"
    query.write_text("MATCH (o:Official) WHERE o.name STARTS WITH $prefix RETURN o.uid AS uid")
    result = runner.invoke(main, ["dossier", "--query-file", str(query), "--param", "prefix=Anna", "--format", "html",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    index = zipfile.ZipFile(out).read("index.csv").decode()
    assert "Anna Chairova" in index and "Testov" not in index
    write = tmp_path / "w.cypher"
    write.write_text("MATCH (o:Official) DETACH DELETE o RETURN 1 AS uid")
    assert runner.invoke(main, ["dossier", "--query-file", str(write), "-o", str(out)]).exit_code != 0
    assert graph.query_one("MATCH (o:Official) RETURN count(o) AS n")["n"] == 2


def test_sanctions_gap_command(graph, runner):
    load_small_world(graph)
    result = runner.invoke(main, ["sanctions", "gap", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["uid"] == JUDGE and rows[0]["UK"] is True and rows[0]["EU"] is False


def test_sanctions_match_confirm_reject_commands(graph, runner):
    from graph.store.records import NodeRecord
    from graph.store.writer import write_records
    from tests.test_matching import _row, listed_uid, load_listed

    load_listed(graph)
    write_records(graph, [NodeRecord("Person", "off-k", {"name": "Borys Kozhevnikov", "birth_date": None},
                                     ("Official",))])
    result = runner.invoke(main, ["sanctions", "match", "--authority", "EU", "--format", "json"])
    assert result.exit_code == 0, result.output
    target = listed_uid(_row("KOZHEVNIKOV"))
    assert any(c["official_uid"] == "off-k" and c["listed_uid"] == target for c in json.loads(result.stdout))
    assert runner.invoke(main, ["sanctions", "reject", "off-k", target, "--by", "me"]).exit_code == 0
    again = json.loads(runner.invoke(main, ["sanctions", "match", "--format", "json"]).stdout)
    assert not any(c["official_uid"] == "off-k" and c["listed_uid"] == target for c in again)
    assert runner.invoke(main, ["sanctions", "confirm", "off-k", "nobody", "--by", "me"]).exit_code != 0


def test_batch_of_a_saved_query(demo_graph, runner, tmp_path):
    out = tmp_path / "saved.zip"
    result = runner.invoke(main, ["dossier", "--batch", "unsanctioned_officials", "--param", "min_violations=8",
                                  "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(out).namelist()
    assert "index.csv" in names and len(names) > 2
    for name in names:
        if name.endswith(".json"):
            data = json.loads(zipfile.ZipFile(out).read(name))
            assert not data["sanctions"]["listed_by"] and data["header"]["counts"]["violations"] >= 1
    missing = runner.invoke(main, ["dossier", "--batch", "no_such_query", "-o", str(out)])
    assert missing.exit_code != 0 and "No saved query" in missing.output
