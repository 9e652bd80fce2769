"""The dossier page and its downloads, the gap view with filters and exports, and the match review."""
from __future__ import annotations

import csv
import io
import re

from tests.smallworld import CONFIDENTIAL_TITLE, JUDGE, PROTECTED_NAME, load_small_world
from tests.test_matching import _row, listed_uid, load_listed


def test_dossier_page_has_the_form_and_downloads(graph, client):
    load_small_world(graph)
    page = client.get(f"/officials/{JUDGE}/dossier", query_string={"prepared_by": "<b>NGO</b>"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Виктор Сергеевич Тестов" in html and 'name="min_reliability"' in html
    assert "&lt;b&gt;NGO&lt;/b&gt;" in html and "<b>NGO</b>" not in html
    for fmt in ("pdf", "docx", "json", "html"):
        assert f"/officials/{JUDGE}/dossier.{fmt}" in html
    assert PROTECTED_NAME not in html and CONFIDENTIAL_TITLE not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_dossier_downloads(graph, client):
    load_small_world(graph)
    pdf = client.get(f"/officials/{JUDGE}/dossier.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/officials/{JUDGE}/dossier.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    data = client.get(f"/officials/{JUDGE}/dossier.json", query_string={"min_reliability": "B",
                                                                        "min_credibility": "3"}).get_json()
    assert data["header"]["counts"]["omitted"] >= 2 and data["identity"]["uid"] == JUDGE


def test_dossier_errors_are_pages_not_tracebacks(graph, client):
    load_small_world(graph)
    assert client.get("/officials/nobody/dossier").status_code == 404
    assert client.get("/officials/prot-1/dossier.pdf").status_code == 404
    bad = client.get(f"/officials/{JUDGE}/dossier", query_string={"min_reliability": "Z"})
    assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True)
    assert client.get(f"/officials/{JUDGE}/dossier.exe").status_code == 404


def test_gap_view_filters_and_exports(graph, client):
    load_small_world(graph)
    html = client.get("/sanctions/gap").get_data(as_text=True)
    assert "Viktor Sergeyevich Testov" in html and "Sanctions gap" in html
    rows = client.get("/sanctions/gap.json").get_json()["officials"]
    judge = next(r for r in rows if r["uid"] == JUDGE)
    assert judge["evidenced_violations"] == 3 and judge["UK"] is True and judge["EU"] is False
    strict = client.get("/sanctions/gap.json", query_string={"min_reliability": "B"}).get_json()["officials"]
    assert next(r for r in strict if r["uid"] == JUDGE)["evidenced_violations"] == 2
    assert JUDGE not in {r["uid"] for r in client.get("/sanctions/gap.json?not_listed_by=UK").get_json()["officials"]}
    assert JUDGE in {r["uid"] for r in client.get("/sanctions/gap.json?not_listed_by=EU").get_json()["officials"]}
    assert JUDGE in {r["uid"] for r in client.get("/sanctions/gap.json?role=court&region=crimea").get_json()["officials"]}
    assert JUDGE not in {r["uid"] for r in client.get("/sanctions/gap.json?region=luhansk").get_json()["officials"]}
    table = list(csv.DictReader(io.StringIO(client.get("/sanctions/gap.csv").get_data(as_text=True))))
    assert table[0]["uid"] == JUDGE and set("EU US UK CA UA AU CH".split()) <= set(table[0])
    assert client.get("/sanctions/gap?region=mars").status_code == 400


def test_match_review_confirms_and_rejects(graph, app):
    load_listed(graph)
    from graph.store.records import NodeRecord
    from graph.store.writer import write_records
    write_records(graph, [NodeRecord("Person", "off-x", {"name": "Maksym Panin", "name_ru": "Максим Панин"},
                                     ("Official",))])
    app.config.update(ROLE="editor", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/sanctions/matches?authority=EU").get_data(as_text=True)
    assert "Maksym Panin" in page and "PANIN" in page and "Same person" in page
    target = listed_uid(_row("PANIN"))
    decision = {"official": "off-x", "listed": target, "action": "confirm"}
    # a post that did not come from the page's own form (another site in the same browser) is refused
    for token in ("", "forged"):
        refused = client.post("/sanctions/matches/decide", data={**decision, "csrf_token": token})
        assert refused.status_code == 400 and "reload the page" in refused.get_data(as_text=True)
    assert not graph.query_one("MATCH (:Official {uid: 'off-x'})-[:SUBJECT_OF]->(s) RETURN s")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    done = client.post("/sanctions/matches/decide", data={**decision, "csrf_token": token})
    assert done.status_code == 302
    assert graph.query_one("MATCH (:Official {uid: 'off-x'})-[:SUBJECT_OF]->(s:Sanction) RETURN s.authority AS a")["a"] == "EU"
    assert "Maksym Panin" not in client.get("/sanctions/matches").get_data(as_text=True)
    app.config.update(ROLE="viewer", WTF_CSRF_ENABLED=False)   # the role is checked, not the token
    assert app.test_client().post("/sanctions/matches/decide", data={"official": "off-x", "listed": target,
                                                                     "action": "reject"}).status_code == 403


def test_official_page_links_to_the_dossier(graph, client):
    load_small_world(graph)
    assert f"/officials/{JUDGE}/dossier" in client.get(f"/entity/{JUDGE}").get_data(as_text=True)
    assert f"/entity/{JUDGE}" in client.get("/sanctions/gap").get_data(as_text=True)


def test_the_gap_page_is_paged_and_its_downloads_are_whole(demo_graph, client, monkeypatch):
    import webapp.sanctions as sanctions

    monkeypatch.setattr(sanctions, "GAP_PAGE_ROWS", 5)
    every = [r["uid"] for r in client.get("/sanctions/gap.json").get_json()["officials"]]
    assert len(every) > 10
    seen = []
    for page in range(1, -(-len(every) // 5) + 1):
        html = client.get("/sanctions/gap", query_string={"page": page}).get_data(as_text=True)
        seen += [uid for uid in every if f"/officials/{uid}/dossier" in html]
        assert ('rel="next"' in html) == (page * 5 < len(every))
    assert sorted(seen) == sorted(every) and len(seen) == len(every)
    assert "Officials 1–5 of" in client.get("/sanctions/gap").get_data(as_text=True)
    assert client.get("/sanctions/gap", query_string={"page": "x"}).status_code == 200
