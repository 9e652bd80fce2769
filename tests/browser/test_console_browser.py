"""The Cypher console as an analyst uses it, in Chromium: a saved query with a parameter, its CSV, the
network of a node-returning query, and a refused write."""
import csv

from tests.conftest import screenshot


def test_run_a_saved_query_and_download_csv(demo_graph, page):
    page.goto(page.base_url + "/console")
    page.click('a[data-query="officials_most_violations"]')
    page.wait_for_selector('input[name="p.limit"]')
    page.fill('input[name="p.limit"]', "5")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() == 5
    assert "5 rows" in page.inner_text("#row-count")
    assert "p.limit=5" in page.url
    screenshot(page, "console-saved-query")
    with page.expect_download() as info:
        page.click('a[data-format="csv"]')
    download = info.value
    assert download.suggested_filename == "officials_most_violations.csv"
    with open(download.path(), newline="", encoding="utf-8-sig") as f:   # CSV comes with a BOM, for Excel
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["uid", "name", "rank", "post", "violations"] and len(rows) == 6


def test_editor_network_and_refusal(demo_graph, page):
    page.goto(page.base_url + "/console")
    page.fill("#q", "MATCH (p:Official)-[r:JUDGE_IN]->(c:Case)<-[d:DEFENDANT_IN]-(x:Detainee)\n"
                    "RETURN p, r, c, d, x LIMIT 60")
    page.press("#q", "Control+Enter")
    page.wait_for_selector("table.results tbody tr")
    page.click('[data-tab="network"]')
    page.wait_for_selector('#network[data-ready="true"] canvas')
    page.wait_for_timeout(1500)
    assert page.locator("#network canvas").count() == 1
    screenshot(page, "console-network")
    page.goto(page.base_url + "/console")
    page.fill("#q", "MATCH (n) DETACH DELETE n")
    page.press("#q", "Control+Enter")
    page.wait_for_selector("#console-message")
    assert "Refused" in page.inner_text("#console-message")
    screenshot(page, "console-refused")


def test_charts_and_analytics_in_a_browser(demo_graph, page):
    page.goto(page.base_url + "/")
    assert page.locator("svg.chart-svg").count() == 4
    assert page.locator("svg.chart-svg rect.bar").count() > 20
    screenshot(page, "home-charts")
    page.click("text=Analytics")
    page.wait_for_selector("#central-table tbody tr")
    assert page.locator("#central-table tbody tr").count() == 25
    assert page.locator(".cluster").count() >= 2
    screenshot(page, "analytics")
