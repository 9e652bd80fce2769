"""A person logs in in Chromium: the login page, a wrong password, the admin's pages, logging out."""
from graph.store.settings import load_settings
from tests.conftest import TEST_PASSWORD, account_for, screenshot


def test_log_in_look_around_log_out(page):
    page.context.clear_cookies()
    page.goto(page.base_url + "/")
    assert "/login" in page.url                      # nothing before a login
    screenshot(page, "login")
    account_for(load_settings(), "admin")
    page.fill("input[name=name]", "test-admin")
    page.fill("input[name=password]", "not the password")
    page.click("form.stacked button[type=submit]")
    assert "Wrong account name or password" in page.inner_text("p.flash")
    page.fill("input[name=name]", "test-admin")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("nav >> text=Accounts")
    page.click("nav >> text=Accounts")
    assert "test-admin" in page.inner_text("table.report")
    screenshot(page, "admin-accounts")
    page.click("nav >> text=Audit log")
    page.click("text=Verify the chain")
    assert "The chain holds" in page.inner_text("p.flash")
    assert "login_failed" in page.inner_text("table.report")
    screenshot(page, "admin-audit")
    page.click("text=Log out")
    assert "/login" in page.url
