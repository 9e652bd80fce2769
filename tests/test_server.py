"""The local Neo4j launcher: conf, idempotent start, status, clear errors."""
import re
import stat

import pytest

from graph.store import server
from graph.store.settings import load_settings


def test_server_runs_on_loopback_with_auth(neo4j, settings):
    st = server.status(settings)
    assert st.running and st.version and st.version.startswith("5.26.")
    conf = (settings.home / "conf" / "neo4j.conf").read_text()
    assert "server.bolt.listen_address=127.0.0.1:" in conf
    assert "server.http.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "db.transaction.timeout=" in conf
    mode = stat.S_IMODE(settings.password_file.stat().st_mode)
    assert mode == 0o600


def test_start_on_running_server_does_nothing(neo4j, settings):
    before = server.status(settings)
    after = server.start(settings)
    assert after.pid == before.pid


def test_missing_java_says_what_to_install(monkeypatch):
    monkeypatch.setattr(server.shutil, "which", lambda name: None)
    with pytest.raises(server.ServerError, match="install Java 17"):
        server.require_java()
    with pytest.raises(server.ServerError, match="install Maven"):
        server.require_maven()


def test_stop_of_a_server_that_is_not_running(tmp_path):
    settings = load_settings(home=tmp_path / "nothing", bolt_port=7999)
    assert server.stop(settings) is False
    assert not server.status(settings).running


def test_external_uri_is_used_when_set(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    s = load_settings()
    assert s.uri == "neo4j+s://example.databases.neo4j.io" and not s.uses_local_server
    assert s.password() == "pw"


def test_the_app_runs_unchanged_over_a_routing_uri(graph, settings):
    """A cluster or Aura is reached with a routing URI (neo4j://, neo4j+s://): the same reads and writes,
    through the routing driver, against the local server (a cluster of one)."""
    import dataclasses

    from graph.access.viewer import viewer_for
    from graph.explore.entity import get_entity
    from graph.explore.search import search_names
    from graph.store.db import connect
    from graph.store.records import NodeRecord, RelRecord
    from graph.store.writer import write_records
    from tests.conftest import make_app

    routed = dataclasses.replace(settings, neo4j_uri=f"neo4j://127.0.0.1:{settings.bolt_port}",
                                 neo4j_password=settings.password())
    cluster = connect(routed)
    try:
        write_records(cluster, [NodeRecord("Person", "r-1", {"name": "Routed Detainova", "status": "detained"},
                                           ("Detainee",)), NodeRecord("Case", "r-c", {"name": "Routed case"}),
                                NodeRecord("Source", "r-s", {"name": "Report", "kind": "ngo_report"})],
                      [RelRecord("DEFENDANT_IN", "Person", "r-1", "Case", "r-c", {"source_uids": ["r-s"]})])
        viewer = viewer_for(cluster, "researcher", "routing test")
        assert [h.uid for h in search_names(cluster, "Routed Detainova", viewer)][:1] == ["r-1"]
        assert get_entity(cluster, "r-1", viewer).table("cases").rows
        app = make_app(cluster, routed)
        assert b"Routed Detainova" in app.test_client().get("/entity/r-1").data
        assert type(cluster.driver).__name__ == "Neo4jDriver"     # the routing driver, not a direct one
    finally:
        cluster.close()


def test_the_production_server_serves_the_pages(demo_graph, settings):
    """waitress, as `evgraph serve` runs it, serves the app: a login, then pages and downloads."""
    import http.cookiejar
    import threading
    import urllib.parse
    import urllib.request

    from waitress import create_server

    from tests.conftest import TEST_PASSWORD, account_for, make_app

    account_for(settings, "researcher")
    server = create_server(make_app(demo_graph, settings), host="127.0.0.1", port=0, threads=4,
                           ident="Evidence Graph", clear_untrusted_proxy_headers=True)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        login = urllib.parse.urlencode({"name": "test-researcher", "password": TEST_PASSWORD}).encode()
        assert opener.open(base + "/login", data=login).status == 200
        uid = demo_graph.query_one("MATCH (o:Official)-[:JUDGE_IN]->() RETURN o.uid AS uid LIMIT 1")["uid"]
        for path in ("/", "/search?q=Kurganov", f"/entity/{uid}", f"/network/{uid}", "/sanctions/gap",
                     f"/entity/{uid}/cases.csv"):
            answer = opener.open(base + path)
            assert answer.status == 200 and answer.headers["Server"] == "Evidence Graph", path
            assert "/login" not in answer.url, path          # logged in: the page itself, not the login form
            assert answer.read(), path
    finally:
        server.close()


def _children(pid: int) -> set[int]:
    from pathlib import Path

    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def test_serve_with_workers_answers_restarts_a_dead_worker_and_stops(demo_graph, settings, tmp_path):
    """`evgraph serve --workers 2`: two processes on one address, each its own driver; one killed is started
    again; SIGTERM stops them all."""
    import http.cookiejar
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request
    from pathlib import Path

    from tests.conftest import TEST_PASSWORD, account_for

    account_for(settings, "researcher")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("wb")       # a file, not a pipe nobody reads (it would fill and block)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "evgraph"), "serve", "--port", str(port),
                             "--workers", "2", "--threads", "2"], env=dict(os.environ, EVGRAPH_REQUIRE_TOTP="no"),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def pages() -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = urllib.parse.urlencode({"name": "test-researcher", "password": TEST_PASSWORD}).encode()
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        form = login + (b"&csrf_token=" + token.group(1).encode() if token else b"")
        assert "/login" not in opener.open(base + "/login", data=form).url
        for _ in range(6):          # a new connection each: either worker answers, with the same session
            answer = opener.open(base + "/search?q=Kurganov")
            assert answer.status == 200 and "/login" not in answer.url

    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        workers = _children(proc.pid)
        assert len(workers) == 2
        pages()
        dead = sorted(workers)[0]
        os.kill(dead, signal.SIGKILL)
        for _ in range(60):
            now = _children(proc.pid)
            if len(now) == 2 and dead not in now:
                break
            time.sleep(0.5)
        assert len(now) == 2 and dead not in now, "the supervisor starts a worker in place of the dead one"
        for _ in range(60):         # the new worker answers once it made its app
            try:
                pages()
                break
            except (OSError, AssertionError):
                time.sleep(0.5)
        pages()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(40) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in now)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
