"""The interface in Ukrainian, in Chromium, as a person switches to it: the top bar, an entity page, the
console, an error page and a dossier; and back to English. Screenshots of each in both languages."""
import re

from tests.conftest import TEST_PASSWORD, screenshot

CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")
# Words of the English interface that must not be left on a Ukrainian page (names in the data may be Latin).
ENGLISH = ("Overview", "Search", "Log out", "Download", "Sources", "Cases", "Timeline", "Positions over time",
           "Cypher console", "Saved queries", "Not found", "Evidence check", "Violations", "Dossier")


def _english_left(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]


def _chrome(page) -> str:
    """What the app itself writes around the data: top bar, headings, table headers, buttons, footer."""
    return "\n".join(page.locator(sel).all_inner_texts().__str__() for sel in
                     ("header.topbar nav", "header.topbar button", "h1", "h2", "th", "main button", "footer"))


READER = "test-ukrainian-reader"      # an account of its own: its language choice is kept with it


def _log_in_as_reader(page, accounts) -> None:
    if accounts.get(READER) is None:
        accounts.add(READER, "researcher", TEST_PASSWORD)
    page.context.clear_cookies()
    page.goto(page.base_url + "/login")
    page.fill("input[name=name]", READER)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


def test_switch_the_interface_to_ukrainian_and_back(demo_graph, page, live_app):
    accounts = live_app.extensions["accounts"]
    _log_in_as_reader(page, accounts)
    official = demo_graph.query_one("MATCH (o:Official)-[:JUDGE_IN]->(c:Case) WITH o, count(c) AS n "
                                    "RETURN o.uid AS uid ORDER BY n DESC, uid LIMIT 1")["uid"]
    try:
        page.goto(page.base_url + f"/entity/{official}")
        screenshot(page, "i18n-en-entity")
        page.click('form.language button[value="uk"]')
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "uk"
        nav = page.inner_text("header.topbar")
        assert "Огляд" in nav and "Пошук" in nav and "Вийти" in nav, nav
        assert not _english_left(nav), nav
        screenshot(page, "i18n-uk-entity")
        chrome = _chrome(page)
        assert CYRILLIC.search(chrome) and not _english_left(chrome), _english_left(chrome)

        page.goto(page.base_url + "/console")
        assert CYRILLIC.search(page.inner_text("main"))
        assert not _english_left(_chrome(page)), _english_left(_chrome(page))
        screenshot(page, "i18n-uk-console")

        page.goto(page.base_url + "/entity/no-such-record")
        assert CYRILLIC.search(page.inner_text("main")) and not _english_left(page.inner_text("main"))
        screenshot(page, "i18n-uk-error")

        page.goto(page.base_url + f"/officials/{official}/dossier")
        assert page.get_attribute("html", "lang") == "uk"
        body = page.inner_text("main")
        assert CYRILLIC.search(body) and not _english_left(_chrome(page)), _english_left(_chrome(page))
        assert page.locator('select[name="lang"] option[selected]').get_attribute("value") == "uk"
        screenshot(page, "i18n-uk-dossier")
        # the dossier's own language, chosen apart from the interface
        page.goto(page.base_url + f"/officials/{official}/dossier?lang=en")
        assert page.get_attribute("html", "lang") == "uk" and "Огляд" in page.inner_text("header.topbar")
        assert _english_left(page.locator("main section.panel").nth(1).inner_text())   # the dossier in English
        screenshot(page, "i18n-uk-page-en-dossier")

        page.click('form.language button[value="en"]')
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "en" and "Overview" in page.inner_text("header.topbar")
        page.goto(page.base_url + "/console")
        screenshot(page, "i18n-en-console")
        page.goto(page.base_url + "/entity/no-such-record")
        screenshot(page, "i18n-en-error")
    finally:
        accounts.set_option(f"language:{READER}", "")
