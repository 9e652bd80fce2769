"""Imports in the browser: check first (row and column of every problem, nothing written), then import
with the same rules as `evgraph import`; editors only, with the form's token."""
from __future__ import annotations

import csv
import io
import re

import pytest

from graph.store.db import count_nodes

HEADER = "id,name,detained_on,status,sources\n"
GOOD = HEADER + "w1,Server Mustafayev,21.5.2018,convicted,https://ngo.example/1\n" \
                "w2,Емір Усеїн Куку,2016-02-11,convicted,https://ngo.example/2\n"
MIXED = GOOD + "w3,Nariman Dzhelialov,someday,detained,https://ngo.example/3\n" \
               "w4,Asan Akhtemov,2017-09-01,jailed,https://ngo.example/4\n"


@pytest.fixture
def editor(app, tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))
    app.config.update(ROLE="editor", UPLOAD_DIR=str(tmp_path / "uploads"), WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/import").get_data(as_text=True)
    client.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client


def check(client, text: str, name: str = "register.csv", **form):
    data = {"csrf_token": client.token, "file": (io.BytesIO(text.encode("utf-8")), name), **form}
    return client.post("/import/check", data=data, content_type="multipart/form-data")


def run_form(page: str) -> dict:
    form = page[page.index('action="/import/run"'):]
    return dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form[:form.index("</form>")]))


def detainees(graph) -> int:
    return graph.query_one("MATCH (p:Detainee) RETURN count(p) AS n")["n"]


def test_check_then_import_then_again_changes_nothing(graph, editor):
    page = check(editor, GOOD)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2</strong> valid" in html and "Import 2 rows" in html
    assert count_nodes(graph) == 0                     # checking writes nothing
    done = editor.post("/import/run", data=run_form(html))
    assert done.status_code == 302
    assert detainees(graph) == 2
    listing = editor.get("/import").get_data(as_text=True)
    assert "Imported register.csv: 2 rows," in listing and "register.csv" in listing
    counts = graph.query_one("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r")
    editor.post("/import/run", data=run_form(check(editor, GOOD).get_data(as_text=True)))
    assert graph.query_one("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r") == counts
    batches = editor.get("/import.json").get_json()["imports"]
    assert len(batches) == 1 and batches[0]["rows"] == 2 and batches[0]["nodes"] >= 2
    assert "register.csv" in editor.get("/import.csv").get_data(as_text=True)


def test_invalid_rows_are_named_and_nothing_is_written_unless_asked(graph, editor):
    html = check(editor, MIXED).get_data(as_text=True)
    assert "<td>4</td><td>detained_on</td>" in html and "someday" in html
    assert "<td>5</td><td>status</td>" in html and "jailed" in html
    assert "Nothing will be written while any row is invalid" in html and "Import the 2 valid rows alone" in html
    token = re.search(r"/import/([A-Za-z0-9_-]+)/rejects.csv", html).group(1)
    # without asking for the valid rows alone, a post cannot get round the check
    refused = editor.post("/import/run", data={"csrf_token": editor.token, "token": token})
    assert refused.status_code == 400 and "2 of 4 rows are invalid" in refused.get_data(as_text=True)
    assert count_nodes(graph) == 0
    rejects = list(csv.DictReader(io.StringIO(editor.get(f"/import/{token}/rejects.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["evgraph_row"] for r in rejects] == ["4", "5"] and "someday" in rejects[0]["evgraph_rejected_because"]
    form = run_form(html)
    assert form["skip_invalid"] == "1"
    assert editor.post("/import/run", data=form).status_code == 302
    assert detainees(graph) == 2
    assert "2 rows left out" in editor.get("/import").get_data(as_text=True)
    # checked with --skip-invalid's twin, the page offers the import straight away
    html = check(editor, MIXED, skip_invalid="1").get_data(as_text=True)
    assert "Import 2 rows" in html and "the 2 invalid rows are left out" in html


def test_a_broken_file_gets_a_message_not_a_traceback(graph, editor):
    for text, name, expected in (("", "empty.csv", "is empty"),
                                 ("PK\x03\x04 not really", "register.xlsx", "not a readable Excel workbook")):
        page = check(editor, text, name)
        html = page.get_data(as_text=True)
        assert page.status_code == 422 and expected in html and "Traceback" not in html
    assert check(editor, GOOD, format="pdf").status_code == 400
    assert count_nodes(graph) == 0


def test_only_editors_with_the_form_token_may_import(graph, app, editor):
    assert check(editor, GOOD, csrf_token="forged").status_code == 400
    html = check(editor, GOOD).get_data(as_text=True)
    assert editor.post("/import/run", data={**run_form(html), "csrf_token": ""}).status_code == 400
    assert editor.post("/import/run", data={**run_form(html), "token": "../../etc"}).status_code == 400
    app.config.update(ROLE="researcher", WTF_CSRF_ENABLED=False)   # the role is checked, not the token
    viewer = app.test_client()
    assert "Only editors and admins may import" in viewer.get("/import").get_data(as_text=True)
    assert viewer.post("/import/run", data=run_form(html)).status_code == 403
    assert count_nodes(graph) == 0


def test_uploads_never_imported_are_forgotten_after_a_day(graph, app, editor, tmp_path):
    import os
    import time

    check(editor, MIXED)
    (old,) = (tmp_path / "uploads").iterdir()
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    check(editor, GOOD)
    assert not old.exists() and len(list((tmp_path / "uploads").iterdir())) == 1


def test_an_ftm_file_and_a_sanctions_list_import_from_the_page(graph, editor):
    from tests.conftest import SHARED_DATA

    for name in ("yente_fixture_zala_entities.ftm.json", "eu_oj_32024R1485_russia_human_rights.csv"):
        html = check(editor, (SHARED_DATA / name).read_text(encoding="utf-8"), name).get_data(as_text=True)
        assert "0</strong> invalid" in html, html
        assert editor.post("/import/run", data=run_form(html)).status_code == 302
    assert graph.query_one("MATCH (s:Sanction {authority: 'EU'}) RETURN count(s) AS n")["n"] >= 100
    assert len(editor.get("/import.json").get_json()["imports"]) == 2


def test_upload_names_stay_readable_and_safe(graph, editor):
    from webapp.imports import safe_name

    assert safe_name("реєстр 2024.csv") == "реєстр 2024.csv"
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("C:\\x\\..\\a.xlsx") == "a.xlsx"
    assert safe_name(".hidden.csv") == "hidden.csv" and safe_name("...CSV") == "upload.csv"
    assert safe_name("<script>.csv") == "_script_.csv" and safe_name("") == "upload"
    html = check(editor, GOOD, "реєстр політв'язнів.csv").get_data(as_text=True)
    assert "реєстр політв_язнів.csv" in html and "2</strong> valid" in html


def test_a_database_failure_keeps_the_upload_for_another_try(graph, editor, monkeypatch):
    from neo4j.exceptions import TransientError

    import graph.interchange.imports as imports

    real = imports.write_records

    def failing(*args, **kwargs):
        raise TransientError("the database went away")

    html = check(editor, GOOD).get_data(as_text=True)
    monkeypatch.setattr(imports, "write_records", failing)
    page = editor.post("/import/run", data=run_form(html))
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and "stopped part-way" in text and "press Import again" in text
    monkeypatch.setattr(imports, "write_records", real)
    assert editor.post("/import/run", data=run_form(html)).status_code == 302
    assert detainees(graph) == 2


def test_templates_download(client):
    assert client.get("/import/template.csv").get_data(as_text=True).startswith("id,")
    assert client.get("/import/template.xlsx").data[:2] == b"PK"
    assert client.get("/import/template.exe").status_code == 404
