"""Accounts, logins, the second factor, roles, CSRF, the audit chain, and a wrong data key."""
from __future__ import annotations

import dataclasses
import time

import pyotp
import pytest
from sqlalchemy import text

from accounts import audit
from accounts.db import engine_for
from accounts.users import ACCOUNT_LIMIT, ADDRESS_LIMIT, Accounts
from cli import main
from graph.store.records import NodeRecord
from graph.store.sealing import KeyRing, KeyUnavailable, forget_keys
from graph.store.writer import write_records
from tests.conftest import TEST_PASSWORD, make_app, account_for


_address = [0]


def anonymous(app):
    """A client not logged in, from an address of its own (lockouts count per address)."""
    app.config["ROLE"] = None
    client = app.test_client()
    _address[0] += 1
    client.environ_base["REMOTE_ADDR"] = f"10.0.{_address[0] // 250}.{_address[0] % 250 + 1}"
    return client


def last(settings, action):
    rows = audit.entries(settings, action=action, limit=1)
    return rows[0] if rows else None


def fresh(settings, name, role="researcher", password=TEST_PASSWORD):
    accounts = Accounts(settings)
    if accounts.get(name):
        with engine_for(settings).begin() as conn:
            conn.execute(text("DELETE FROM accounts WHERE name = :n"), {"n": name})
    return accounts.add(name, role, password)[0]


def log_in(client, name, password=TEST_PASSWORD):
    return client.post("/login", data={"name": name, "password": password})


def test_every_page_needs_a_login(app):
    client = anonymous(app)
    page = client.get("/")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert client.get("/index.json").status_code == 401
    assert client.get("/search.json?q=x").status_code == 401
    login = client.get("/login")
    assert login.status_code == 200 and b"Log in" in login.data
    assert login.headers["Cache-Control"] == "no-store" and login.headers["Server"] == "Evidence Graph"


def test_login_wrong_password_unknown_disabled(app, settings):
    fresh(settings, "amina")
    client = anonymous(app)
    wrong = log_in(client, "amina", "not the password")
    assert wrong.status_code == 401 and b"Wrong account name or password" in wrong.data
    assert last(settings, "login_failed")["actor"] == "amina"
    unknown = log_in(client, "nobody-here", "whatever it is")
    assert unknown.status_code == 401 and b"Wrong account name or password" in unknown.data
    ok = log_in(client, "amina")
    assert ok.status_code == 302 and last(settings, "login")["actor"] == "amina"
    assert client.get("/").status_code == 200
    copied = anonymous(app)
    copied._as_role = None          # RoleClient: leave the session alone, it is the copied cookie's
    copied.set_cookie("evgraph_session", client.get_cookie("evgraph_session").value)
    assert copied.get("/").status_code == 200
    client.post("/logout")
    assert copied.get("/").status_code == 302          # logging out ends a copied cookie too
    assert last(settings, "refused")["reason"].startswith("session expired or ended")
    log_in(client, "amina")
    Accounts(settings).set_disabled("amina", True)
    assert client.get("/").status_code == 302          # the session ended with the account
    disabled = log_in(client, "amina")
    assert disabled.status_code == 403 and b"disabled" in disabled.data


def test_lockout_per_account_and_per_address(app, settings):
    fresh(settings, "bohdan")
    client = anonymous(app)
    for _ in range(ACCOUNT_LIMIT):
        log_in(client, "bohdan", "wrong password!")
    locked = log_in(client, "bohdan")                  # even the right password waits now
    assert locked.status_code == 429 and b"Too many failed logins" in locked.data
    assert last(settings, "login_failed")["reason"] == "locked out"
    Accounts(settings).reset_password("bohdan", TEST_PASSWORD)   # an admin's reset unlocks
    assert log_in(client, "bohdan").status_code == 302
    # one address trying many names is stopped too
    client = anonymous(app)
    for i in range(ADDRESS_LIMIT):
        log_in(client, f"guess-{i}", "wrong password!")
    fresh(settings, "chrystia")
    assert log_in(client, "chrystia").status_code == 429


def test_totp_enrol_login_and_replay(neo4j, settings):
    app = make_app(neo4j, dataclasses.replace(settings, require_totp="yes"))
    fresh(settings, "dmytro", "editor")
    client = anonymous(app)
    step1 = log_in(client, "dmytro")
    assert step1.status_code == 302 and step1.headers["Location"].endswith("/login/enrol")
    assert client.get("/").status_code == 302              # no page before the second factor
    assert last(settings, "refused")["reason"].startswith("second factor missing")
    enrol = client.get("/login/enrol")
    secret = enrol.data.decode().split('id="totp-secret">')[1].split("<")[0]
    assert client.post("/login/enrol", data={"code": "000000"}).status_code == 401
    t0 = time.time()     # codes from one instant: a 30 s boundary crossed mid-test must not make a fresh code
    assert client.post("/login/enrol", data={"code": pyotp.TOTP(secret).at(t0)}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    # the next login asks for a code; the one used to enrol is refused (a replay), the next one works
    assert log_in(client, "dmytro").headers["Location"].endswith("/login/code")
    replay = client.post("/login/code", data={"code": pyotp.TOTP(secret).at(t0)})
    assert replay.status_code == 401 and b"used already" in replay.data
    assert last(settings, "login_failed")["reason"] == "wrong or reused TOTP code"
    following = pyotp.TOTP(secret).at(t0 + 30)
    assert client.post("/login/code", data={"code": following}).status_code == 302
    assert client.get("/").status_code == 200
    # a researcher needs no second factor
    fresh(settings, "olha", "researcher")
    other = anonymous(app)
    assert log_in(other, "olha").headers["Location"].endswith("/")


def test_role_change_ends_the_session_and_roles_gate_urls(app, settings):
    fresh(settings, "petro", "researcher")
    client = anonymous(app)
    log_in(client, "petro")
    assert client.get("/admin/accounts").status_code == 403
    assert last(settings, "refused")["actor"] == "petro"
    assert client.post("/import/run", data={"token": "x" * 20}).status_code == 403
    assert client.post("/sanctions/matches/decide", data={}).status_code == 403
    Accounts(settings).set_role("petro", "admin")
    assert client.get("/").status_code == 302            # logged out by the change
    log_in(client, "petro")
    assert client.get("/admin/accounts").status_code == 200
    assert client.get("/admin/audit.csv").status_code == 200


def test_admin_page_adds_an_account_and_public_mode(app, settings):
    app.config["ROLE"] = "admin"
    client = app.test_client()
    page = client.post("/admin/accounts", data={"action": "add", "name": "roksolana", "role": "viewer"})
    assert page.status_code == 200 and b"one-time password" in page.data
    assert Accounts(settings).get("roksolana").role == "viewer"
    client.post("/admin/accounts", data={"action": "public-read", "value": "yes"})
    try:
        visitor = anonymous(app)
        home = visitor.get("/")
        assert home.status_code == 200 and b"viewing as <strong>viewer" in home.data
        assert visitor.post("/logout").status_code in (302, 400)
    finally:
        Accounts(settings).set_option("public_read", "no")
    assert anonymous(app).get("/").status_code == 302


def test_a_post_without_its_token_is_refused(neo4j, settings):
    app = make_app(neo4j, settings, WTF_CSRF_ENABLED=True)
    app.config["ROLE"] = "editor"
    client = app.test_client()
    refused = client.post("/sanctions/matches/decide", data={"official": "a", "listed": "b", "action": "reject"})
    assert refused.status_code == 400 and b"did not come from this app" in refused.data
    assert "without a valid form token" in last(settings, "refused")["reason"]
    anon = anonymous(app)
    assert anon.post("/login", data={"name": "x", "password": "y"}).status_code == 400


def test_the_audit_chain_detects_tampering(settings, runner):
    for i in range(3):
        audit.record(settings, "tester", "edit", uids=[f"u{i}"], old={"a": i}, new={"a": i + 1}, reason="test")
    assert audit.verify(settings).ok
    assert runner.invoke(main, ["audit", "verify"]).exit_code == 0
    engine = engine_for(settings)
    with engine.begin() as conn:
        seq = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar() - 1
        conn.execute(text("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = :s"), {"s": seq})
    verdict = audit.verify(settings)
    assert not verdict.ok and verdict.at_seq == seq and "changed" in verdict.problem
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code != 0 and "broken" in result.output
    with engine.begin() as conn:     # put it back, then cut the last entry off
        conn.execute(text("UPDATE audit_log SET reason = 'test' WHERE seq = :s"), {"s": seq})
    assert audit.verify(settings).ok
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": seq + 1})
    assert not audit.verify(settings).ok
    with engine.begin() as conn:      # the log is shared by the run: restore a verifiable chain
        conn.execute(text("DELETE FROM audit_log"))
        conn.execute(text("DELETE FROM audit_head"))
        conn.execute(text("DELETE FROM audit_uids"))
    assert audit.verify(settings).ok


def test_cli_acts_as_an_account(graph, settings, runner, tmp_path):
    account_for(settings, "viewer")
    account_for(settings, "researcher")
    register = tmp_path / "r.csv"
    register.write_text("id,name,sources\nx1,Some One,https://example.org/1\n", encoding="utf-8")
    refused = runner.invoke(main, ["--as", "test-viewer", "import", str(register)])
    assert refused.exit_code != 0 and "needs the editor role" in refused.output
    assert runner.invoke(main, ["--as", "test-researcher", "source", "add", "https://example.org/2",
                                "--title", "t"]).exit_code != 0
    assert runner.invoke(main, ["--as", "nobody-at-all", "check"]).exit_code != 0
    assert runner.invoke(main, ["--as", "test-viewer", "import", str(register), "--dry-run"]).exit_code == 0
    done = runner.invoke(main, ["import", str(register)])
    assert done.exit_code == 0, done.output
    entry = last(settings, "import")
    assert entry["actor"].startswith("local operator") and entry["detail"]["file"] == "r.csv"
    added = runner.invoke(main, ["users", "add", "taras", "--role", "researcher"])
    assert added.exit_code == 0 and "one-time password" in added.output
    listed = runner.invoke(main, ["users", "list", "--format", "csv"])
    assert "taras,researcher" in listed.output
    assert runner.invoke(main, ["--as", "taras", "users", "list"]).exit_code != 0


def test_secret_key_persists_in_a_private_file(neo4j, settings):
    from pathlib import Path

    first, second = make_app(neo4j, settings), make_app(neo4j, settings)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    path = Path(settings.private_dir) / "secret_key"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_wrong_data_key_reads_pseudonyms_and_writes_nothing_sealed(graph, settings):
    write_records(graph, [NodeRecord("Person", "w-key", {"name": "Keyed Witnessova", "protected": True})])
    uid = graph.query_one("MATCH (p:Person {protected: true}) RETURN p.uid AS u")["u"]
    wrong = dataclasses.replace(settings, data_key=KeyRing.new().to_text())
    graph.settings, saved = wrong, graph.settings
    forget_keys(graph)
    try:
        app = make_app(graph, wrong)
        app.config["ROLE"] = "editor"
        page = app.test_client().get(f"/entity/{uid}")
        assert page.status_code == 200
        assert b"Keyed Witnessova" not in page.data and b"Protected person P-" in page.data
        assert b"the data key cannot be read" in page.data
        with pytest.raises(KeyUnavailable, match="not the one that sealed"):
            write_records(graph, [NodeRecord("Person", "w-2", {"name": "Another Witness", "protected": True})])
        with pytest.raises(KeyUnavailable):      # nor anything else: a name in it could not be recognised
            write_records(graph, [NodeRecord("Case", "c-2", {"name": "Case of Keyed Witnessova"})])
    finally:
        graph.settings = saved
        forget_keys(graph)
    assert graph.query_one("MATCH (n) WHERE n.uid IN ['w-2', 'c-2'] RETURN count(n) AS n")["n"] == 0


def test_seal_a_legacy_graph_then_rotate_the_key(graph, settings, runner):
    # written before sealing existed: clear text in the graph
    graph.execute("CREATE (:Person {uid: 'legacy-w', name: 'Legacy Witnessenko', protected: true, notes: 'x'}) "
                  "CREATE (:Violation {uid: 'legacy-v', name: 'Beating', kind: 'torture', "
                  "description: 'seen by Legacy Witnessenko'})")
    done = runner.invoke(main, ["keys", "seal"])
    assert done.exit_code == 0, done.output
    assert "sealed 1 protected records" in done.output and "replaced in 1 other" in done.output
    clear = graph.query("MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING AND n[k] CONTAINS 'Witnessenko') "
                        "RETURN n.uid")
    assert clear == []
    uid = graph.query_one("MATCH (p:Person {protected: true}) RETURN p.uid AS u")["u"]
    app = make_app(graph, settings)
    app.config["ROLE"] = "editor"
    assert b"Legacy Witnessenko" in app.test_client().get(f"/entity/{uid}").data
    assert b"seen by Legacy Witnessenko" in app.test_client().get("/entity/legacy-v").data
    old = graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.sealed AS s", {"u": uid})["s"]
    rotated = runner.invoke(main, ["keys", "rotate", "--retire"])
    assert rotated.exit_code == 0, rotated.output
    new = graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.sealed AS s", {"u": uid})["s"]
    assert new != old and new.split(":")[2] != old.split(":")[2]
    forget_keys(graph)
    assert b"Legacy Witnessenko" in app.test_client().get(f"/entity/{uid}").data
    assert runner.invoke(main, ["keys", "status"]).exit_code == 0


def test_who_saw_whom_is_logged_and_shown_in_the_history(graph, settings):
    write_records(graph, [NodeRecord("Person", "w-seen", {"name": "Seen Witnesska", "protected": True})])
    uid = graph.query_one("MATCH (p:Person {protected: true}) RETURN p.uid AS u")["u"]
    app = make_app(graph, settings)
    app.config["ROLE"] = "researcher"
    page = app.test_client().get(f"/entity/{uid}").get_data(as_text=True)
    assert "Seen Witnesska" not in page and 'id="history"' not in page
    app.config["ROLE"] = "editor"
    client = app.test_client()
    assert "Seen Witnesska" in client.get(f"/entity/{uid}").get_data(as_text=True)
    entry = last(settings, "disclosure")
    assert entry["actor"] == "test-editor" and uid in entry["uids"]
    history = client.get(f"/entity/{uid}").get_data(as_text=True)
    assert 'id="history"' in history and "disclosure" in history


def test_a_namesake_keeps_their_name_and_free_text_loses_the_protected_one(graph):
    write_records(graph, [
        NodeRecord("Person", "w-ns", {"name": "Ivan Namesakenko", "protected": True}),
        NodeRecord("Person", "d-ns", {"name": "Ivan Namesakenko", "notes": "not the witness"}, ("Detainee",)),
        NodeRecord("Violation", "v-ns", {"name": "Beating", "kind": "torture",
                                         "description": "Ivan  NAMESAKENKO saw it from the next cell"}),
    ])
    rows = {r["uid"]: r for r in graph.query("MATCH (n) WHERE n.uid IN ['d-ns', 'v-ns'] "
                                             "RETURN n.uid AS uid, n.name AS name, n.description AS d")}
    assert rows["d-ns"]["name"] == "Ivan Namesakenko"
    assert "Namesakenko" not in rows["v-ns"]["d"] and "Protected person P-" in rows["v-ns"]["d"]
