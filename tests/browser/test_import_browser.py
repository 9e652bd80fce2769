"""A data steward imports a register in Chromium: upload, read the problems, import the valid rows."""
from tests.conftest import browser_log_in, screenshot

REGISTER = ("id,name,detained_on,status,sources\n"
            "b1,Server Mustafayev,21.5.2018,convicted,https://ngo.example/1\n"
            "b2,Nariman <b>Dzhelialov</b>,2019-03-27,detained,https://ngo.example/2\n"
            "b3,Asan Akhtemov,someday,jailed,https://ngo.example/3\n")


def test_import_a_register_in_the_browser(graph, page, live_app, tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))
    browser_log_in(page, "editor")
    monkeypatch.setitem(live_app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")

    page.goto(page.base_url + "/")
    page.click("nav >> text=Import")
    page.set_input_files("input[type=file]", str(register))
    page.click("text=Check the file")
    page.wait_for_selector("table.results")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2 and "detained_on" in rows.first.inner_text() and "status" in rows.nth(1).inner_text()
    assert page.locator("text=Nothing will be written").count() == 1
    screenshot(page, "import-check")
    assert graph.query_one("MATCH (n:Detainee) RETURN count(n) AS n")["n"] == 0

    page.click("text=Import the 2 valid rows alone")
    page.wait_for_selector("p.flash")
    assert "Imported register.csv: 2 rows" in page.inner_text("p.flash")
    assert "register.csv" in page.inner_text("table.results")
    screenshot(page, "import-done")
    names = {r["name"] for r in graph.query("MATCH (n:Detainee) RETURN n.name AS name")}
    assert names == {"Server Mustafayev", "Nariman <b>Dzhelialov</b>"}   # stored as written, shown escaped
    page.goto(page.base_url + "/search?q=Dzhelialov")
    assert page.locator("b", has_text="Dzhelialov").count() == 0 and "<b>Dzhelialov</b>" in page.inner_text("main")
