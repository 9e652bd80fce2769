"""A data steward's morning in Chromium: create a detainee with a case, a judge and a violation with an
uploaded source; edit a date; a stale-page conflict; revert a revision; retract and restore. A researcher
sees no edit buttons and gets 403. After it all the evidence check passes and the audit chain verifies."""
from __future__ import annotations

import re

from accounts import audit
from graph.access.viewer import viewer_for
from graph.evidence.rule import find_breaches
from tests.conftest import browser_log_in, screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _follow(page, selector: str) -> None:
    """Click a link and wait for the page it opens to have loaded (its scripts too)."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def _save(page) -> None:
    _follow(page, "#save")


def _uid(page) -> str:
    return re.search(r"/entity/([^/?#]+)", page.url).group(1)


def _create(page, kind: str, fields: dict, reason: str) -> str:
    page.goto(page.base_url + "/new")
    _follow(page, f"a[href='/new/{kind}']")
    for name, value in fields.items():
        if page.locator(f"select[name={name}]").count():
            page.select_option(f"select[name={name}]", value)
        else:
            page.fill(f"[name={name}]", value)
    page.fill("input[name=reason]", reason)
    _save(page)
    assert "Created." in page.inner_text("main"), page.inner_text("main")[:500]
    return _uid(page)


def _pick(page, picker: str, text: str) -> None:
    page.wait_for_load_state()
    box = page.locator(f"{picker} input.lookup")
    box.fill(text)
    page.locator(f"{picker} .suggestion").first.wait_for()
    page.locator(f"{picker} .suggestion").first.click()


def _upload(page, tmp_path, title: str) -> None:
    page.click(".new-source summary")
    page.fill("input[name=new_source_name]", title)
    page.select_option("select[name=new_source_kind]", "court_decision")
    page.select_option("select[name=new_source_reliability]", "A")
    page.select_option("select[name=new_source_credibility]", "1")
    path = tmp_path / "verdict.pdf"
    path.write_bytes(PDF + title.encode())
    page.set_input_files("input[name=new_source_file]", str(path))


def _connect(page, uid: str, choice_text: str, other: str) -> None:
    page.goto(f"{page.base_url}/entity/{uid}")
    _follow(page, "#add-connection")
    _follow(page, f"a.button:has-text('{choice_text}')")
    _pick(page, "[data-single=other]", other)


def test_a_steward_curates_in_the_browser(page, browser, graph, settings, tmp_path):
    browser_log_in(page, "editor")
    case = _create(page, "case", {"name": "Second Bakhchysarai case"}, "indictment")
    judge = _create(page, "official", {"name": "Judge Viktor Zinchenko", "rank": "judge"}, "verdict")
    detainee = _create(page, "detainee", {"name": "Enver Ametov", "name_uk": "Енвер Аметов", "birth_date": "1986",
                                          "status": "convicted", "region": "crimea"}, "CHR report")
    screenshot(page, "curation-created")
    assert "1986" in page.inner_text(".facts-list") and "1986-01-01" not in page.inner_text(".facts-list")

    # the detainee is a defendant in the case, with an uploaded verdict as the source
    _connect(page, detainee, "defendant in", "Bakhchysarai")
    page.fill("input[name=reason]", "verdict")
    _save(page)
    assert "saved only with its source" in page.inner_text(".form-message")
    screenshot(page, "curation-needs-a-source")
    _pick(page, "[data-single=other]", "Bakhchysarai")
    _upload(page, tmp_path, "Verdict of the Southern District Military Court")
    _save(page)
    assert "Connection saved." in page.inner_text("main")
    assert "Second Bakhchysarai case" in page.inner_text("main")

    # the judge in the case, citing the same verdict, picked by its title
    _connect(page, judge, "judge in", "Bakhchysarai")
    _pick(page, "[data-multiple=sources]", "Southern District")
    page.fill("input[name=reason]", "verdict")
    screenshot(page, "curation-connect-form")
    _save(page)
    assert "Connection saved." in page.inner_text("main")

    # a violation with its own uploaded evidence, against the detainee, the judge responsible
    page.goto(page.base_url + "/new/violation")
    page.fill("input[name=name]", "Conviction on fabricated evidence")
    page.select_option("select[name=kind]", "unfair_trial")
    _upload(page, tmp_path, "Lawyer's appeal")
    page.fill("input[name=reason]", "appeal")
    _save(page)
    violation = _uid(page)
    _connect(page, violation, "against", "Ametov")
    _pick(page, "[data-multiple=sources]", "appeal")
    page.fill("input[name=reason]", "appeal")
    _save(page)
    _connect(page, judge, "responsible for", "fabricated")
    page.select_option("select[name=role]", "direct")
    _pick(page, "[data-multiple=sources]", "appeal")
    page.fill("input[name=reason]", "appeal")
    _save(page)
    page.goto(f"{page.base_url}/entity/{judge}")
    assert "Conviction on fabricated evidence" in page.inner_text("main")

    # edit a date, on a page another editor saves in between: refused, saying what changed
    page.goto(f"{page.base_url}/entity/{detainee}/edit")
    other = page.context.new_page()
    other.goto(f"{page.base_url}/entity/{detainee}/edit")
    other.fill("[name=birth_date]", "1986-05-13")
    other.fill("input[name=reason]", "date from the verdict")
    _save(other)
    assert "Saved." in other.inner_text("main") and "1986-05-13" in other.inner_text(".facts-list")
    other.close()
    page.fill("[name=status]" if page.locator("input[name=status]").count() else "[name=name_uk]", "Енвер Аметов")
    page.select_option("select[name=status]", "released")
    page.fill("input[name=reason]", "freed")
    _save(page)
    message = page.inner_text(".form-message")
    assert "changed by someone else" in message and "birth date 1986 → 1986-05-13" in message
    screenshot(page, "curation-conflict")
    assert graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.status AS s", {"u": detainee})["s"] == "convicted"

    # revert the date edit from the history
    page.goto(f"{page.base_url}/entity/{detainee}")
    screenshot(page, "curation-history")
    row = page.locator("#revisions tr", has_text="date from the verdict")
    row.locator("input[name=reason]").fill("the verdict gives the date of arrest, not of birth")
    with page.expect_navigation(wait_until="load"):
        row.locator("button:has-text('Revert')").click()
    assert "Reverted." in page.inner_text("main")
    facts = page.inner_text(".facts-list")
    assert "1986" in facts and "1986-05-13" not in facts

    # retract, gone from search; restore, back with its connections
    page.goto(f"{page.base_url}/entity/{detainee}/edit")
    page.fill(".danger-zone input[name=reason]", "entered twice")
    _follow(page, "#retract")
    assert "Retracted." in page.inner_text("main") and "Enver Ametov" in page.inner_text("main")
    screenshot(page, "curation-retracted")
    assert page.goto(f"{page.base_url}/entity/{detainee}").status == 404
    page.goto(f"{page.base_url}/search?q=Ametov")
    assert "Enver Ametov" not in page.inner_text("main")
    page.goto(page.base_url + "/retracted")
    row = page.locator("tr", has_text="Enver Ametov")
    row.locator("input[name=reason]").fill("not a duplicate after all")
    with page.expect_navigation(wait_until="load"):
        row.locator("button:has-text('Restore')").click()
    assert "Restored." in page.inner_text("main")
    assert "Second Bakhchysarai case" in page.inner_text("main")
    assert "Conviction on fabricated evidence" in page.inner_text("main")

    # a researcher sees the record, no edit buttons, and gets 403 from the editing URLs
    browser_log_in(page, "researcher")
    page.goto(f"{page.base_url}/entity/{detainee}")
    assert page.locator("#edit-record").count() == 0 and page.locator("#add-connection").count() == 0
    assert "Changes made in the app" in page.inner_text("main") and "entered twice" not in page.inner_text("main")
    for url in (f"/entity/{detainee}/edit", f"/entity/{detainee}/connect", "/new", "/new/detainee", "/retracted"):
        assert page.goto(page.base_url + url).status == 403, url

    assert [b.description for b in find_breaches(graph, viewer_for(graph, "admin", "check"))] == []
    assert audit.verify(settings).ok
