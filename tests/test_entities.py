"""Entity pages: one per kind, footnoted to sources, masked for the viewer, escaped, exported."""
import pytest

from graph.store.schema import SCHEMA

# a sealed record is shown by its pseudonym: these words and a code
PROTECTED_PERSON = SCHEMA.sealing["Person"].pseudonym
CONFIDENTIAL_SOURCE = SCHEMA.sealing["Source"].pseudonym
from tests.explore_data import XSS, load


@pytest.fixture
def data(graph):
    return load(graph)


def html(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    return page.get_data(as_text=True)


def test_a_page_for_every_kind(data, client):
    expect = {"judge": ["Positions over time", "Cases and role in each", "Violations responsible for", "Victims",
                        "Sanctions by authority", "not sanctioned"],
              "detainee": ["PACE Resolution 1900", "Timeline", "Transferred to" if False else "Held at",
                           "Detention sites over time", "Violations suffered", "Verdict: 12 years"],
              "court": ["Chain of command: above", "Ministry of Justice", "Cases heard", "People who held posts here"],
              "ministry": ["Chain of command: below", "Southern District Military Court"],
              "case": ["Defendants and officials", "presiding", "Southern District Military Court"],
              "sizo": ["People held here", "Penitentiary Service"],
              "violation": ["Responsible", "direct", "Server Mustafayev"],
              "sanction": ["Designated", "Ivan Petrovich Sudin", "UK sanctions list"],
              "report": ["Statements that cite it", "judge in (presiding)", "Records it is evidence for"]}
    for key, words in expect.items():
        text = html(client, f"/entity/{data[key]}")
        for word in words:
            assert word in text, (key, word)
        assert "Show network" in text


def test_statements_carry_footnotes_to_graded_sources(data, client):
    text = html(client, f"/entity/{data['judge']}")
    assert 'href="#fn1"' in text and f'href="/entity/{data["report"]}"' in text
    assert ">A1<" in text
    page = client.get(f"/entity/{data['judge']}.json").get_json()
    positions = next(t for t in page["tables"] if t["key"] == "positions")
    assert positions["rows"][0]["sources"] == [1]
    assert page["footnotes"][0] == {"n": 1, "uid": data["report"], "label": "Monitoring report 2018",
                                    "grade": "A1", "kind": "ngo report"}


def test_database_text_is_escaped(data, client):
    for key in ("xss", "case", "judge"):
        text = html(client, f"/entity/{data[key]}")
        assert "<img src=x" not in text, key
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, key
    assert client.get(f"/entity/{data['xss']}.json").get_json()["node"]["name"] == XSS


def test_protected_person_is_hidden_from_researchers(data, client, app):
    for key in ("witness", "case", "judge", "report"):
        text = html(client, f"/entity/{data[key]}")
        assert "Secretova" not in text, key
    assert PROTECTED_PERSON in html(client, f"/entity/{data['case']}")
    page = client.get(f"/entity/{data['witness']}.json").get_json()
    assert page["node"]["name"].startswith(PROTECTED_PERSON) and page["facts"] == {} and page["tables"] == []
    app.config["ROLE"] = "editor"
    assert "Leyla Secretova" in html(client, f"/entity/{data['witness']}")


def test_confidential_source_is_masked(data, client, app):
    for key in ("secret", "detainee", "violation"):
        text = html(client, f"/entity/{data[key]}")
        assert "Testimony of witness" not in text and "secret.example" not in text, key
        assert CONFIDENTIAL_SOURCE in text and "B2" in text, key
    app.config["ROLE"] = "admin"
    text = html(client, f"/entity/{data['secret']}")
    assert "Testimony of witness Leyla Secretova" in text and "secret.example" in text


def test_json_csv_and_missing(data, client):
    uid = data["detainee"]
    by_accept = client.get(f"/entity/{uid}", headers={"Accept": "application/json"}).get_json()
    assert by_accept == client.get(f"/entity/{uid}.json").get_json()
    assert by_accept["node"]["kind"] == "detainee"
    csv = client.get(f"/entity/{uid}/timeline.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Date,Event,Sources" and "[1] Monitoring report 2018 (A1)" in csv.get_data(as_text=True).lstrip("\ufeff")
    assert client.get(f"/entity/{uid}/cases.json").get_json()["rows"][0]["Case"]["uid"] == data["case"]
    assert client.get(f"/entity/{uid}/nope.csv").status_code == 404
    missing = client.get("/entity/no-such-uid")
    assert missing.status_code == 404 and "Traceback" not in missing.get_data(as_text=True)
    assert client.get("/entity/no-such-uid.json").get_json()["error"]


def test_explore_reads_never_look_up_a_uid_without_a_label():
    """A label-free MATCH (n {uid: ...}) reads every node: explore code uses nodeview.by_uid instead."""
    import re

    from graph.explore import entity as entities
    from graph.explore import network, pages_evidence, pages_people, pages_places, paths
    pattern = re.compile(r"\(\s*\w*\s*\{\s*uid\s*:")
    for module in (entities, network, pages_evidence, pages_people, pages_places, paths):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str):
                assert not pattern.search(value), f"{module.__name__}.{name}"


def test_other_connections_are_never_left_out(data, graph, client):
    from graph.store.records import NodeRecord, RelRecord
    from graph.store.writer import write_records
    write_records(graph, [NodeRecord("Organization", "t-firm", {"name": "Sudin Holdings LLC"})],
                  [RelRecord("OWNS", "Person", data["judge"], "Organization", "t-firm",
                             {"share": "51%", "source_uids": [data["report"]]})])
    page = client.get(f"/entity/{data['judge']}.json").get_json()
    other = next(t for t in page["tables"] if t["key"] == "other")
    assert other["rows"][0]["Object"] == {"text": "Sudin Holdings LLC", "uid": "t-firm"}
    assert other["rows"][0]["Role"]["text"] == "51%" and other["rows"][0]["sources"]
    assert "Other connections" in client.get("/entity/t-firm").get_data(as_text=True)
