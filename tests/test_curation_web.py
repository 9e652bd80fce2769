"""Curation through the web app and its JSON API: editors only, errors beside the fields, uploads checked
and hashed, a stale page refused, the audit chain intact, the evidence rule holding after every test."""
from __future__ import annotations

import io
import re

import pytest

from accounts import audit
from graph.access.viewer import viewer_for
from graph.evidence.rule import find_breaches
from tests.conftest import make_app

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor_app(graph, neo4j, settings):
    return make_app(neo4j, settings, ROLE="editor")


@pytest.fixture(autouse=True)
def checks_hold(graph, settings):
    yield
    assert [b.description for b in find_breaches(graph, viewer_for(graph, "admin", "check"))] == []
    assert audit.verify(settings).ok


def _uid(response) -> str:
    return re.search(r"/entity/([^/?]+)", response.headers["Location"]).group(1)


def test_researcher_sees_no_edit_buttons_and_gets_403(graph, editor_app, neo4j, settings):
    uid = _uid(editor_app.test_client().post("/new/court", data={"name": "Kyiv District Court of Simferopol",
                                                                 "reason": "court site"}))
    researcher = make_app(neo4j, settings, ROLE="researcher").test_client()
    page = researcher.get(f"/entity/{uid}").get_data(as_text=True)
    assert "Kyiv District Court" in page and "edit-record" not in page and "New record" not in page
    for method, url in (("get", "/new"), ("get", "/new/detainee"), ("post", "/new/detainee"),
                        ("get", f"/entity/{uid}/edit"), ("post", f"/entity/{uid}/edit"),
                        ("post", f"/entity/{uid}/retract"), ("get", f"/entity/{uid}/connect"),
                        ("get", "/retracted"), ("post", "/api/records"), ("get", f"/api/records/{uid}")):
        assert getattr(researcher, method)(url).status_code == 403, url
    # and the researcher learns that the record changed, and when, not who or why
    assert "Changes made in the app" in page and "court site" not in page


def test_create_with_errors_beside_the_fields_then_edit_and_conflict(editor_app, graph):
    client = editor_app.test_client()
    bad = client.post("/new/detainee", data={"name": "", "birth_date": "spring", "status": "free", "reason": ""})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert html.count('class="field-error"') >= 4 and "a year (2014)" in html and "spring" in html
    assert graph.query("MATCH (p:Person) RETURN p") == []
    person = {"name": "Ruslan Suleimanov", "name_uk": "Руслан Сулейманов", "birth_date": "1980",
              "status": "convicted", "region": "crimea", "pace_criteria": ["a", "e"], "reason": "CHR report"}
    unsourced = client.post("/new/detainee", data=person)     # a PACE criterion is a claim: not without a source
    assert unsourced.status_code == 400 and "criterion (a), (e)" in unsourced.get_data(as_text=True)
    made = client.post("/new/detainee", data={**person, "new_source_name": "CHR report on Ruslan Suleimanov"})
    assert made.status_code == 302
    uid = _uid(made)
    page = client.get(f"/entity/{uid}?saved=created").get_data(as_text=True)
    assert "Created." in page and "1980" in page and "1980-01-01" not in page
    form = client.get(f"/entity/{uid}/edit").get_data(as_text=True)
    assert 'name="version" value="1"' in form
    assert client.post(f"/entity/{uid}/edit", data={"name": "Ruslan Suleimanov", "birth_date": "1980-06-02",
                                                    "status": "convicted", "version": "1",
                                                    "reason": "verdict"}).status_code == 302
    stale = client.post(f"/entity/{uid}/edit", data={"name": "Ruslan Suleymanov", "status": "released",
                                                     "version": "1", "reason": "stale tab"})
    assert stale.status_code == 409
    text = stale.get_data(as_text=True)
    assert "changed by someone else" in text and "birth date 1980 → 1980-06-02" in text and "Ruslan Suleymanov" in text
    assert graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.name AS n", {"u": uid})["n"] == "Ruslan Suleimanov"


def test_connection_with_uploaded_source_and_refused_fake(editor_app, graph, settings):
    client = editor_app.test_client()
    judge = _uid(client.post("/new/official", data={"name": "Judge Ivan Petrov", "reason": "verdict"}))
    case = _uid(client.post("/new/case", data={"name": "Hizb ut-Tahrir case 2", "reason": "verdict"}))
    no_source = client.post(f"/entity/{judge}/connect", data={"choice": "JUDGE_IN:out", "other": case,
                                                               "reason": "verdict"})
    assert no_source.status_code == 400 and "source" in no_source.get_data(as_text=True)
    fake = client.post(f"/entity/{judge}/connect", data={
        "choice": "JUDGE_IN:out", "other": case, "reason": "verdict", "new_source_name": "Verdict",
        "new_source_file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "verdict.pdf")}, content_type="multipart/form-data")
    assert fake.status_code == 400 and "named as a PDF" in fake.get_data(as_text=True)
    ok = client.post(f"/entity/{judge}/connect", data={
        "choice": "JUDGE_IN:out", "other": case, "reason": "verdict", "new_source_name": "Verdict of 2019",
        "new_source_kind": "court_decision", "new_source_reliability": "A", "new_source_credibility": "1",
        "new_source_file": (io.BytesIO(PDF), "verdict.pdf")}, content_type="multipart/form-data")
    assert ok.status_code == 302, ok.get_data(as_text=True)
    row = graph.query_one("MATCH (:Person {uid: $j})-[r:JUDGE_IN]->(:Case) MATCH (s:Source) WHERE s.uid IN r.source_uids "
                          "RETURN s.sha256 AS sha, s.media_type AS mt", {"j": judge})
    assert row["mt"] == "application/pdf"
    assert (settings.evidence_dir / row["sha"][:2] / row["sha"][2:4] / row["sha"]).read_bytes() == PDF
    assert "Verdict of 2019" in client.get(f"/entity/{judge}").get_data(as_text=True)


def test_json_api(editor_app, graph):
    client = editor_app.test_client()
    made = client.post("/api/records", json={"kind": "site", "values": {"name": "SIZO-1 Simferopol", "kind": "sizo"},
                                             "reason": "report"})
    assert made.status_code == 201
    uid = made.get_json()["uid"]
    bad = client.patch(f"/api/records/{uid}", json={"values": {"latitude": "north"}, "version": 1, "reason": "x"})
    assert bad.status_code == 400 and "latitude" in bad.get_json()["fields"]
    ok = client.patch(f"/api/records/{uid}", json={"values": {"latitude": "44.95"}, "version": 1, "reason": "map"})
    assert ok.get_json()["version"] == 2
    stale = client.patch(f"/api/records/{uid}", json={"values": {"location": "x"}, "version": 1, "reason": "old"})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 2
    assert "latitude" in stale.get_json()["changes"][0]["changes"]
    assert client.get(f"/api/records/{uid}").get_json()["values"]["latitude"] == 44.95
    revs = client.get(f"/api/records/{uid}/history").get_json()["revisions"]
    assert [r["action"] for r in revs] == ["edit", "create"]
    gone = client.post(f"/api/records/{uid}/retract", json={"reason": "duplicate", "version": 2})
    assert gone.status_code == 200
    assert client.get(f"/entity/{uid}").status_code == 404
    assert client.post(f"/api/revisions/{gone.get_json()['revision']}/restore", json={"reason": "not one"}).status_code == 200
    assert client.get(f"/entity/{uid}").status_code == 200
    assert client.get("/api/forms/HELD_AT").get_json()["asserts"] is True


def test_a_source_with_its_file_and_the_same_file_twice(editor_app, graph, settings):
    client = editor_app.test_client()
    made = client.post("/new/source", data={"name": "Photo of the search", "kind": "photo", "reason": "from the lawyer",
                                            "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "search.png")},
                       content_type="multipart/form-data")
    assert made.status_code == 302, made.get_data(as_text=True)
    row = graph.query_one("MATCH (s:Source {uid: $u}) RETURN s.sha256 AS sha, s.media_type AS mt, s.size AS size",
                          {"u": _uid(made)})
    assert row["mt"] == "image/png" and row["size"] == 28
    again = client.post("/new/source", data={"name": "Same photo", "reason": "again",
                                             "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "copy.png")},
                        content_type="multipart/form-data")
    assert again.status_code == 400 and "already the evidence of the source" in again.get_data(as_text=True)
    exe = client.post("/new/source", data={"name": "Scan", "reason": "x",
                                           "file": (io.BytesIO(b"\x7fELF\x02\x01"), "scan.exe")},
                      content_type="multipart/form-data")
    assert exe.status_code == 400 and "not accepted as evidence" in exe.get_data(as_text=True)
