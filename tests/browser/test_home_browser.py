"""The home page and search as a person sees them, in Chromium."""
from tests.conftest import screenshot


def test_home_and_search_in_a_browser(demo_graph, page):
    page.goto(page.base_url + "/")
    assert page.locator(".figure").count() >= 6
    assert "Crimean Tatars" in page.inner_text(".lede")
    screenshot(page, "home")
    name = demo_graph.query_one("MATCH (p:Official) RETURN p.name_ru AS ru ORDER BY p.uid LIMIT 1")["ru"]
    page.fill(".quicksearch input", name.split()[-1])
    page.press(".quicksearch input", "Enter")
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() >= 1
    screenshot(page, "search")
