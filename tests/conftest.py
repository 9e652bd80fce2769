"""Test fixtures: one real Neo4j per test run (own port and folder), data cleaned between tests.

The server is started here unless it already runs (then it is reused and left running). Port and folder
can be moved with EVGRAPH_TEST_BOLT_PORT / EVGRAPH_TEST_HOME, e.g. to run two checkouts side by side.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.store import server
from graph.store.db import connect, delete_all
from graph.store.schema import apply_schema
from graph.store.settings import PROJECT_ROOT, load_settings

TEST_PORT = os.environ.get("EVGRAPH_TEST_BOLT_PORT", "7688")
TEST_HOME = os.environ.get("EVGRAPH_TEST_HOME", str(PROJECT_ROOT / ".neo4j-test"))
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).parent / "fixtures"

# The CLI and the app read settings from the environment: point them at the test server.
for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
    os.environ.pop(var, None)
for var in ("EVGRAPH_DATA_KEY", "EVGRAPH_SECRET_KEY", "EVGRAPH_ACCOUNTS_URL", "EVGRAPH_USER"):
    os.environ.pop(var, None)
# The key ring, the session secret and the accounts database of this run: a folder of its own, so a run
# never reads (or seals with) the key of the developer's own server. TOTP is relaxed except where a test
# turns it on.
PRIVATE_DIR = tempfile.mkdtemp(prefix="evgraph-test-private-")
os.environ.update(EVGRAPH_HOME=TEST_HOME, EVGRAPH_BOLT_PORT=TEST_PORT, EVGRAPH_HEAP="1g",
                  EVGRAPH_PAGECACHE="512m", EVGRAPH_TX_TIMEOUT="120s",
                  EVGRAPH_TX_MEMORY="400m", EVGRAPH_PRIVATE_DIR=PRIVATE_DIR, EVGRAPH_REQUIRE_TOTP="no",
                  EVGRAPH_EVIDENCE_DIR=str(Path(PRIVATE_DIR) / "evidence"))

_content = {"now": None}  # what the database holds: None (unknown), "empty", "demo", "dirty"

# Candidates recomputed in the background would write into the next test's database: here they are not.
from graph.resolution import judgements as _resolution  # noqa: E402

_resolution.BACKGROUND = False
from graph.explore import analytics as _analytics  # noqa: E402

_analytics.BACKGROUND = False


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def neo4j(settings):
    """The graph handle on the test server, started once for the whole run."""
    started = not server.status(settings).running
    server.start(settings, timeout=300)
    graph = connect(settings)
    apply_schema(graph)
    yield graph
    graph.close()
    if started and not os.environ.get("EVGRAPH_TEST_KEEP_SERVER"):
        server.stop(settings)


@pytest.fixture
def graph(neo4j):
    """An empty database (schema in place) for a test that writes, and an empty evidence store: files a
    test stored (sealed with whatever key it used) do not outlive the records that cited them."""
    delete_all(neo4j)
    shutil.rmtree(os.environ["EVGRAPH_EVIDENCE_DIR"], ignore_errors=True)
    _content["now"] = "dirty"
    yield neo4j


@pytest.fixture
def demo_graph(neo4j):
    """The default demo data; loaded once and shared by tests that only read it."""
    if _content["now"] != "demo":
        from graph.demo.generator import load_demo

        delete_all(neo4j)
        load_demo(neo4j)
        _content["now"] = "demo"
    yield neo4j


def mark_dirty() -> None:
    """Call from a test that changed the demo data it was given."""
    _content["now"] = "dirty"


TEST_PASSWORD = "correct horse battery staple"


def account_for(settings, role: str):
    """The account ``test-<role>`` (made once per run), with TEST_PASSWORD."""
    from accounts.users import Accounts

    accounts = Accounts(settings)
    name = f"test-{role}"
    return accounts.get(name) or accounts.add(name, role, TEST_PASSWORD)[0]


def log_in(client, role: str | None) -> None:
    """Put a logged-in session of ``test-<role>`` in the client (None: log out)."""
    settings = client.application.config["SETTINGS"]
    with client.session_transaction() as session:
        session.clear()
        if role:
            from webapp.auth import put_in_session

            put_in_session(session, account_for(settings, role))


def _test_client_class():
    from flask.testing import FlaskClient

    class RoleClient(FlaskClient):
        """Requests as the account of the role in ``app.config["ROLE"]`` (researcher unless a test says
        otherwise; None: not logged in), logged in the way Flask-Login keeps a session."""

        def open(self, *args, **kwargs):
            role = self.application.config.get("ROLE", "researcher")
            if role != getattr(self, "_as_role", "unset"):
                log_in(self, role)
                self._as_role = role
            return super().open(*args, **kwargs)

    return RoleClient


def make_app(neo4j, settings, **config):
    from webapp import create_app

    app = create_app({"TESTING": True, "SETTINGS": settings, "GRAPH": neo4j, "WTF_CSRF_ENABLED": False,
                      "LOGIN_DELAY": 0.0, "ROLE": "researcher", **config})
    app.test_client_class = _test_client_class()
    return app


@pytest.fixture
def app(neo4j, settings):
    return make_app(neo4j, settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


# --- real browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def live_app(neo4j, settings):
    """The app the browser tests are served (a test may change its config, and must put it back). It is the
    real thing: forms carry CSRF tokens, pages need a login."""
    from webapp import create_app

    return create_app({"TESTING": True, "SETTINGS": settings, "GRAPH": neo4j, "LOGIN_DELAY": 0.0})


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served on a free 127.0.0.1 port in a thread, for the browser tests."""
    import threading

    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("EVGRAPH_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"{executable} not found: install Debian's chromium (make test does it as root)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; fails the test if anything was requested from outside 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    outside: list[str] = []

    def watch(request):
        url = request.url
        if not url.startswith((live_server, "data:", "blob:", "about:")):
            outside.append(url)

    page.on("request", watch)
    page.base_url = live_server
    browser_log_in(page, "researcher")
    yield page
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def browser_log_in(page, role: str) -> None:
    """Log in through the login page, as a person does."""
    account_for(load_settings(), role)
    page.context.clear_cookies()
    page.goto(page.base_url + "/login")
    page.fill("input[name=name]", f"test-{role}")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/screenshots/ (look at them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sealed_uid(graph, uid: str) -> str:
    """The uid a sealed record (protected person, confidential source) written as ``uid`` has in the graph."""
    from graph.store.sealing import load_keys

    return load_keys(graph).ring.blind_uid(uid)
