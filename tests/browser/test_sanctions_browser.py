"""The sanctions gap and a dossier as an advocate sees them, in Chromium."""
from graph.store.records import make_uid
from tests.conftest import screenshot


def test_gap_view_and_dossier_in_a_browser(demo_graph, page):
    page.goto(page.base_url + "/")
    page.click("text=Sanctions gap")
    page.wait_for_selector("table.gap")
    assert page.locator("table.gap tbody tr").count() > 10
    assert page.locator("table.gap thead th.auth").count() == 7
    screenshot(page, "sanctions-gap")
    page.screenshot(path=str(screenshot(page, "sanctions-gap").with_name("sanctions-gap-top.png")))
    page.select_option("select[name=not_listed_by]", "EU")
    page.select_option("select[name=min_reliability]", "B")
    page.click("form.gap-filters button[type=submit]")
    page.wait_for_selector("table.gap")
    assert "not_listed_by=EU" in page.url
    first = page.locator("table.gap tbody tr").first
    assert "✗" in first.locator("td.auth").first.inner_text()
    busiest = make_uid("demo", "official", 0)
    page.goto(page.base_url + f"/officials/{busiest}/dossier")
    page.wait_for_selector("article.dossier")
    assert page.locator("#annex tbody tr").count() > 5
    screenshot(page, "dossier")
    page.screenshot(path=str(screenshot(page, "dossier").with_name("dossier-top.png")))
    with page.expect_download() as download:
        page.click("a.button:text('PDF')")
    assert download.value.suggested_filename.endswith(".pdf")
