"""The first web app: home figures from Neo4j, search in any script, nothing loaded from outside."""
import re

from graph.explore.figures import get_figures


def test_home_shows_the_figures(demo_graph, client):
    figures = get_figures(demo_graph)
    assert figures.held > 0 and figures.crimean_tatars_held > 0 and figures.women_held > 0
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"<strong>{figures.held_crimea_russia}</strong>" in html
    assert "Crimean Tatars" in html
    data = client.get("/index.json").get_json()
    assert data["held"] == figures.held and data["by_region"]


def test_home_on_an_empty_database_says_what_to_do(graph, client):
    html = client.get("/").get_data(as_text=True)
    assert "No data yet" in html and "evgraph demo load" in html


def test_search_in_both_scripts(demo_graph, client):
    row = demo_graph.query_one("MATCH (p:Official) WHERE p.name_ru IS NOT NULL RETURN p.uid AS uid, p.name AS name, "
                               "p.name_ru AS ru ORDER BY p.uid LIMIT 1")
    surname_latin = row["name"].split()[-1]
    surname_cyr = row["ru"].split()[-1]
    for q in (surname_latin, surname_cyr, surname_latin.upper()):
        hits = client.get("/search.json", query_string={"q": q}).get_json()["results"]
        assert row["uid"] in {h["uid"] for h in hits}, q
    html = client.get("/search", query_string={"q": surname_cyr}).get_data(as_text=True)
    assert row["name"] in html


def test_search_input_is_not_lucene_syntax(demo_graph, client):
    for q in ['"', "AND OR", "name:*", "((", "\\", "~~~", "<script>alert(1)</script>"]:
        page = client.get("/search", query_string={"q": q})
        assert page.status_code == 200, q
        assert "<script>alert" not in page.get_data(as_text=True)


def test_pages_load_nothing_from_outside(demo_graph, client):
    for url in ("/", "/search?q=a", "/no-such-page"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), url


def test_errors_never_show_a_traceback(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "Traceback" not in page.get_data(as_text=True)
