"""The web console: saved queries with a form, free Cypher with detected $parameters, the same view as
CSV and JSON, clear messages, escaped database text."""
from __future__ import annotations

import csv
import io

from graph.console.saved import load_queries


def test_console_lists_saved_queries_by_tag(demo_graph, client):
    html = client.get("/console").get_data(as_text=True)
    assert "Cypher console" in html and 'href="/console"' in html
    for query in load_queries().values():
        assert f'data-query="{query.name}"' in html
    assert "<h3>officials</h3>" in html


def test_saved_query_runs_with_a_form_and_downloads(demo_graph, client):
    page = client.get("/console?query=officials_most_violations&p.limit=4")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="p.limit" value="4"' in html
    assert html.count("<tr>") == 5 and "4 rows" in html
    assert "format=csv" in html and "format=json" in html
    csv_page = client.get("/console?query=officials_most_violations&p.limit=4&format=csv")
    assert csv_page.mimetype == "text/csv" and "attachment" in csv_page.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_page.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["uid", "name"] and len(rows) == 5
    data = client.get("/console.json?query=officials_most_violations&p.limit=4").get_json()
    assert data["query"] == "officials_most_violations" and len(data["rows"]) == 4 and data["rows"][0]["uid"]
    assert client.get("/console.csv?query=officials_most_violations&p.limit=2").get_data(as_text=True).count("\n") == 3


def test_free_query_detects_parameters(demo_graph, client):
    q = "MATCH (c:Case) WHERE c.anonymous_witnesses >= $n RETURN c.uid AS uid, c.name AS name LIMIT $k"
    html = client.get("/console", query_string={"q": q}).get_data(as_text=True)
    assert 'name="p.n"' in html and 'name="p.k"' in html and "Give a value for $n, $k" in html
    data = client.get("/console.json", query_string={"q": q, "p.n": "3", "p.k": "2"}).get_json()
    assert len(data["rows"]) == 2 and data["columns"] == ["uid", "name"]
    posted = client.post("/console", data={"q": q, "p.n": "3", "p.k": "2"})
    assert posted.status_code == 200 and "2 rows" in posted.get_data(as_text=True)


def test_messages_for_syntax_error_refusal_bad_param_and_unknown_query(demo_graph, client):
    page = client.get("/console", query_string={"q": "MATCH (n RETURN n"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Syntax error" in html and "column 10" in html and "Traceback" not in html
    refused = client.get("/console", query_string={"q": "MATCH (n) WHERE n.x = $x RETURN n; CREATE (y)"})
    assert refused.status_code == 400 and "Refused" in refused.get_data(as_text=True)
    bad = client.get("/console?query=officials_most_violations&p.limit=lots")
    assert bad.status_code == 400 and "whole number" in bad.get_data(as_text=True)
    assert client.get("/console?query=no_such_query").status_code == 404
    assert client.get("/console.csv").status_code == 400


def test_row_cap_notice(demo_graph, app, client, monkeypatch):
    import webapp.console as console

    real = console.run_read_only
    monkeypatch.setattr(console, "run_read_only", lambda *a, **kw: real(*a, **{**kw, "row_cap": 7}))
    html = client.get("/console", query_string={"q": "UNWIND range(1, 20) AS x RETURN x"}).get_data(as_text=True)
    assert "the row cap" in html and "7 rows" in html


def test_a_long_answer_shows_its_first_rows_and_downloads_whole(demo_graph, client, monkeypatch):
    """A page of 5,000 rows is megabytes of HTML: the page draws the first SHOWN_ROWS, the downloads hold all."""
    import webapp.console as console

    monkeypatch.setattr(console, "SHOWN_ROWS", 30)
    query = {"q": "UNWIND range(1, 75) AS x RETURN x"}
    html = client.get("/console", query_string=query).get_data(as_text=True)
    assert "first 30 of these 75 rows" in html and "75 rows" in html
    assert html.count("<tr>") == 31                 # the header and 30 rows
    assert len(client.get("/console.json", query_string=query).get_json()["rows"]) == 75
    assert len(list(csv.reader(io.StringIO(client.get("/console.csv", query_string=query).get_data(as_text=True)
                                           .lstrip("\ufeff"))))) == 76


def test_network_for_node_results(demo_graph, client):
    data = client.get("/console.json?query=case_network").get_json()
    assert data["graph"]["nodes"] and data["graph"]["relationships"]
    html = client.get("/console?query=case_network").get_data(as_text=True)
    assert 'data-tab="network"' in html and 'id="network-data"' in html and "vis-network.min.js" in html
    plain = client.get("/console?query=courts_political_cases").get_data(as_text=True)
    assert 'data-tab="network"' not in plain and "vis-network.min.js" not in plain


def test_database_text_is_escaped(graph, client):
    graph.execute("CREATE (:Person {uid: 'x1', name: '<script>alert(1)</script>'})")
    html = client.get("/console", query_string={"q": "MATCH (p:Person) RETURN p.uid AS uid, p.name AS name, p"}) \
        .get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "\\u003cscript\\u003e" in html   # the network data is JSON with < escaped


def test_table_helpers():
    from graph.store.plain import display as cell_text
    from webapp.tables import link_columns

    assert link_columns(["uid", "name", "judge_uid", "judge", "court"]) == \
        {"uid": "uid", "name": "uid", "judge_uid": "judge_uid", "judge": "judge_uid"}
    assert cell_text(None) == "" and cell_text(["a", "b"]) == "a; b" and cell_text(True) == "yes"
    assert cell_text({"_node": "1", "labels": ["Case"], "name": "X"}) == "(Case) X" and cell_text(0.5) == "0.5"


def test_rows_link_to_entity_pages_once_they_exist(demo_graph, settings):
    from tests.conftest import make_app

    app = make_app(demo_graph, settings)
    if "entities.show" not in app.view_functions:   # the entity pages land separately: stand one in
        app.add_url_rule("/entity/<uid>", endpoint="entities.show", view_func=lambda uid: uid)
    html = app.test_client().get("/console?query=officials_most_violations&p.limit=2").get_data(as_text=True)
    uid = demo_graph.query_one("MATCH (o:Official) RETURN o.uid AS uid ORDER BY COUNT { (o)-[:RESPONSIBLE_FOR]->() } "
                               "DESC LIMIT 1")["uid"]
    assert f'href="/entity/{uid}"' in html
    analytics = app.test_client().get("/analytics").get_data(as_text=True)
    assert 'href="/entity/' in analytics
