"""The local Neo4j launcher: conf, idempotent start, status, clear errors."""
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
