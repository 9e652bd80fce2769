"""The canary: a protected person and a confidential source with unique strings, imported the way a data
steward imports them; then every route of the app (from its URL map, every format) for every role, the
exports, the dossiers, search, network and paths, and 48 console statements built to rebuild strings are
searched for the canaries. They may appear only where the role may see them (editors and admins, on
pages), and ``grep`` over the Neo4j data folder finds none at all.

Reproduce: ``.venv/bin/python -m pytest tests/test_canary.py -q -s`` (prints the figures)."""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from cli import main
from graph.access.viewer import ROLES, Viewer
from graph.console.readonly import QueryFailed, QueryRefused, run_read_only
from tests.conftest import make_app

NAME = "Zqxjkvor Canarywitness"
NAME_RU = "Зкщжквор Канарейкин"
SOURCE_URL = "https://canary-xq7j.example/secret-testimony"
NOTES = "Canarynotes qwpv: lives at the third house"
CANARIES = ("zqxjkvor", "canarywitness", "зкщжквор", "канарейкин", "canary-xq7j", "canarynotes")
TRUSTED = ("editor", "admin")

REGISTER = (
    "id,name,name_ru,status,region,detained_on,case_number,judges,sources,protected,sources_confidential,notes\n"
    f"w1,{NAME},{NAME_RU},detained,crimea,2019-03-27,CANARY-1,Ivan Publichenko,{SOURCE_URL},yes,yes,{NOTES}\n"
    "d2,Public Detainov,,convicted,crimea,2019-03-27,CANARY-1,Ivan Publichenko,https://public.example/1,no,no,"
    f"Cellmate of {NAME} in SIZO-2\n"
)


def found(text: str) -> list[str]:
    low = text.lower()
    return [c for c in CANARIES if c in low]


@pytest.fixture(scope="module")
def world(neo4j, settings, tmp_path_factory):
    from click.testing import CliRunner

    from graph.store.db import delete_all

    delete_all(neo4j)
    folder = tmp_path_factory.mktemp("canary")
    (folder / "register.csv").write_text(REGISTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(folder / "register.csv")])
    assert result.exit_code == 0, result.output
    q = neo4j.query_one
    uids = {
        "witness": q("MATCH (p:Person {protected: true}) RETURN p.uid AS u")["u"],
        "source": q("MATCH (s:Source {confidential: true}) RETURN s.uid AS u")["u"],
        "detainee": q("MATCH (p:Detainee) WHERE NOT coalesce(p.protected, false) RETURN p.uid AS u")["u"],
        "case": q("MATCH (c:Case) RETURN c.uid AS u")["u"],
        "judge": q("MATCH (p:Official) RETURN p.uid AS u")["u"],
    }
    # a confidential source's file (sealed in the evidence store), added the way an editor adds one
    scan = folder / "statement-scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + f"scanned statement: {NOTES}, signed {NAME}".encode("utf-8"))
    result = CliRunner().invoke(main, ["source", "add", str(scan), "--title", f"Statement of {NAME}",
                                       "--kind", "testimony", "--confidential"])
    assert result.exit_code == 0, result.output
    from graph.evidence.store import file_sha256
    from graph.store.records import make_uid
    from tests.conftest import _content, sealed_uid

    uids["scan"] = sealed_uid(neo4j, make_uid("source-file", file_sha256(scan)))
    _content["now"] = "dirty"
    yield uids


def _urls(app, uids: dict, jobs: tuple[str, ...] = ()) -> list[str]:
    """Every GET route of the app with its arguments filled in, in every format (``jobs``: export jobs,
    /exports/jobs/<job>)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        args = set(rule.arguments)
        if not args:
            urls.append(rule.rule)
        elif args == {"uid"}:
            urls += [rule.rule.replace("<uid>", u) for u in uids.values()]
        elif args == {"uid", "fmt"} and "dossier" in rule.rule:
            urls += [rule.rule.replace("<uid>", uids["judge"]).replace("<fmt>", f) for f in ("json", "html", "docx", "pdf")]
        elif args == {"uid", "key", "fmt"}:
            for key in ("cases", "violations", "defendants", "people", "evidence", "other", "sources", "detention"):
                urls += [f"/entity/{u}/{key}.{f}" for u in uids.values() for f in ("csv", "json")]
        elif "table" in args:
            urls += ["/analytics/central.csv", "/analytics/clusters.json"]
        elif args == {"ext"}:
            urls += ["/import/template.csv"]
        elif args == {"job"}:
            urls += [rule.rule.replace("<job>", j) for j in (*jobs, "no-such-job")]
    queries = ["/search?q=Zqxjkvor", "/search.json?q=Canarywitness", "/search?q=Канарейкин",
               f"/paths?a={uids['witness']}&b={uids['judge']}", f"/paths.json?a={uids['detainee']}&b={uids['witness']}",
               f"/paths.csv?a={uids['witness']}&b={uids['judge']}", "/paths?a=Zqxjkvor&b=Publichenko",
               f"/network/{uids['case']}.json?depth=2", f"/api/network/{uids['witness']}.json",
               "/console.json?q=MATCH+(p:Person)+RETURN+p.name,+properties(p)",
               "/console.csv?q=MATCH+(s:Source)+RETURN+s", "/console.json?saved=single_weak_source_claims",
               "/admin/audit.json", "/sanctions/gap.csv", "/evidence.json"]
    return urls + queries


def _text(response) -> str:
    body = response.get_data()
    if body[:2] == b"PK":   # DOCX: the words are in the zipped XML
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    if body[:4] == b"%PDF":
        from pypdf import PdfReader

        return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")


def _export_job(app) -> str:
    """An export an admin started with the seals opened (it holds the canaries): only that admin may poll
    it or download it, once."""
    import time

    app.config["ROLE"] = "admin"
    client = app.test_client()
    started = client.post("/exports/graph/ftm", data={"include_protected": "1"},
                          headers={"Accept": "application/json"}).get_json()
    for _ in range(600):
        if client.get(started["poll"]).get_json()["state"] == "done":
            return started["job"]
        time.sleep(0.1)
    raise AssertionError("the export job did not finish")


def test_every_route_for_every_role(world, neo4j, settings, capsys):
    app = make_app(neo4j, settings)
    job = _export_job(app)
    urls = _urls(app, world, jobs=(job,))
    leaks, checked, seen_by_trusted = [], 0, set()
    for role in (None, *ROLES):
        app.config["ROLE"] = role
        client = app.test_client()
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, (role, url, response.status_code)
            text = _text(response)
            for typed in re.findall(r"[^\W\d_]{6,}", url.split("?", 1)[-1]) if "?" in url else ():
                text = re.sub(re.escape(typed), "", text, flags=re.I)   # what the user typed, echoed back
            hits = found(text)
            checked += 1
            if hits and role not in TRUSTED:
                leaks.append((role, url, hits))
            if hits and role in TRUSTED:
                seen_by_trusted.add(url)
    assert not leaks, leaks
    # and the trusted roles do see them where they should: the person's own page and search
    assert f"/entity/{world['witness']}" in seen_by_trusted
    assert "/search?q=Zqxjkvor" in seen_by_trusted and "/search?q=Канарейкин" in seen_by_trusted
    assert f"/entity/{world['source']}" in seen_by_trusted
    # a confidential file only for them, and an export with the seals opened only for the admin who made it
    assert f"/source/{world['scan']}/file" in seen_by_trusted and f"/source/{world['scan']}/file/preview" in seen_by_trusted
    assert f"/exports/jobs/{job}/download" in seen_by_trusted
    # the console never opens a seal, whoever asks
    assert not any(u.startswith("/console") for u in seen_by_trusted)
    with capsys.disabled():
        print(f"\ncanary: {len(urls)} URLs x {len(ROLES) + 1} roles = {checked} responses checked, "
              f"{len(leaks)} leaks; trusted roles saw the canary on {len(seen_by_trusted)} URLs")


# Statements an attacker writes to rebuild a string the app would mask if it were returned whole.
STATEMENTS = [
    "MATCH (p:Person) RETURN p.name",
    "MATCH (p:Person) RETURN reverse(p.name)",
    "MATCH (p:Person) RETURN split(p.name, ' ')",
    "MATCH (p:Person) RETURN p.name + 'x'",
    "MATCH (p:Person) RETURN 'x' + p.name_ru",
    "MATCH (p:Person) RETURN substring(p.name, 1)",
    "MATCH (p:Person) RETURN left(p.name, 8), right(p.name, 8)",
    "MATCH (p:Person) RETURN replace(p.name, 'a', 'а')",
    "MATCH (p:Person) RETURN toUpper(p.name), toLower(p.name)",
    "MATCH (p:Person) RETURN [c IN split(p.name, '') | c]",
    "MATCH (p:Person) RETURN reduce(s = '', c IN split(p.name, '') | s + c + '.')",
    "MATCH (p:Person) RETURN p.name_keys",
    "MATCH (p:Person) RETURN keys(p), [k IN keys(p) | p[k]]",
    "MATCH (p:Person) RETURN properties(p)",
    "MATCH (p:Person) RETURN p",
    "MATCH (p:Person) RETURN collect(p.name)",
    "MATCH (p:Person) RETURN p {.*}",
    "MATCH (p:Person) WHERE p.protected RETURN p.notes, p.birth_date, p.identifiers",
    "MATCH (p:Person) RETURN [x IN range(0, size(p.name) - 1) | substring(p.name, x, 1)]",
    "MATCH (p:Person) RETURN apoc.text.join([p.name], '')",
    "MATCH (p:Person) UNWIND split(p.name, ' ') AS w RETURN w",
    "MATCH (p:Person) RETURN trim(' ' + p.name + ' ')",
    "MATCH (p:Person) RETURN toString(p.name), p.name CONTAINS 'Zqx' AS guess",
    "MATCH (p:Person) WHERE p.name STARTS WITH 'Zqx' RETURN count(p)",
    "MATCH (s:Source) RETURN s.name, s.url, s.archived_copy",
    "MATCH (s:Source) RETURN properties(s)",
    "MATCH (s:Source) RETURN reverse(s.url)",
    "MATCH (s:Source) RETURN split(s.url, '/')",
    "MATCH ()-[r]->() RETURN properties(r)",
    "MATCH ()-[r:EVIDENCED_BY]->() RETURN r.quote, r.pages",
    "MATCH (p:Detainee) RETURN p.notes, reverse(p.notes)",
    "MATCH (n) RETURN n.name ORDER BY n.name",
    "MATCH (n) RETURN labels(n), properties(n)",
    "MATCH p = (a)-[*1..2]-(b) RETURN p LIMIT 200",
    "CALL db.index.fulltext.queryNodes('names', 'zqxjkvor') YIELD node RETURN node.name",
    "CALL db.index.fulltext.queryNodes('names', 'canarywitness~1') YIELD node RETURN node",
    "CALL db.index.fulltext.queryNodes('names', 'name_keys:zkshchzhkvor') YIELD node RETURN node.uid",
    "MATCH (p:Person) RETURN [w IN split(toLower(p.name), ' ') | reverse(w)]",
    "MATCH (p:Person) WITH p, split(p.name, '') AS cs RETURN cs[0] + cs[1] + cs[2] + cs[3] + cs[4] + cs[5] + cs[6]",
    "MATCH (p:Person) RETURN CASE WHEN p.protected THEN p.name ELSE 'no' END",
    "MATCH (p:Person) RETURN p.name_ru + p.name_uk + p.name_en",
    "MATCH (p:Person) RETURN [a IN coalesce(p.aliases, []) | a + '!']",
    "MATCH (v:Violation) RETURN v.description",
    "MATCH (p:Person) RETURN p.sealed",
    "MATCH (c:Case) RETURN c.name, [(c)<-[:DEFENDANT_IN]-(p) | p.name]",
    "MATCH (p:Person) RETURN toUpper(substring(p.name, 0, 4)) + toLower(substring(p.name, 4))",
    "MATCH (p:Person) RETURN size(p.name), p.name < 'Zr' AND p.name > 'Zq' AS between",
    "MATCH (n) UNWIND keys(n) AS k WITH n, k WHERE n[k] IS :: STRING RETURN k, n[k]",
]


def test_console_statements_never_rebuild_a_canary(world, neo4j, capsys):
    assert len(STATEMENTS) >= 40
    leaks, ran, refused = [], 0, 0
    for role in ROLES:
        for statement in STATEMENTS:
            try:
                result = run_read_only(neo4j, statement, viewer=Viewer(role, "canary test"))
            except (QueryRefused, QueryFailed):
                refused += 1
                continue
            ran += 1
            hits = found(repr(result.rows) + repr(result.nodes) + repr(result.relationships))
            if hits:
                leaks.append((role, statement, hits))
    assert not leaks, leaks
    with capsys.disabled():
        print(f"\ncanary: {len(STATEMENTS)} console statements x {len(ROLES)} roles: {ran} ran, {refused} refused, "
              f"{len(leaks)} leaks")


def test_exports_and_backups_hold_pseudonyms_only(world, neo4j, settings, runner, tmp_path, monkeypatch):
    from tests.conftest import account_for

    for kind, target in (("csv", tmp_path / "csv"), ("ftm", tmp_path / "out.ftm"), ("graphml", tmp_path / "g.graphml")):
        result = runner.invoke(main, ["export", kind, str(target)])
        assert result.exit_code == 0, result.output
    texts = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    assert texts and not any(found(t) for t in texts)
    # an admin may open the seals, and it is logged; a researcher may not
    account_for(settings, "researcher")
    refused = runner.invoke(main, ["--as", "test-researcher", "export", "ftm", str(tmp_path / "x.ftm"),
                                   "--include-protected"])
    assert refused.exit_code != 0 and "needs the admin role" in refused.output
    clear = runner.invoke(main, ["export", "ftm", str(tmp_path / "clear.ftm"), "--include-protected"])
    assert clear.exit_code == 0, clear.output
    assert found((tmp_path / "clear.ftm").read_text(encoding="utf-8"))
    from accounts.audit import entries

    assert entries(settings, action="disclosure", limit=5) and entries(settings, action="export", limit=5)


def test_grep_over_the_neo4j_folder_finds_no_canary(world, neo4j, settings):
    # the transaction logs hold every committed value at once (store files follow at the next checkpoint)
    hits = []
    for folder, _, files in os.walk(Path(settings.home) / "data"):
        for name in files:
            path = Path(folder) / name
            try:
                data = path.read_bytes().lower()
            except OSError:
                continue
            for canary in CANARIES:
                for encoded in {canary.encode("utf-8"), canary.encode("utf-16-le", "ignore")}:
                    if encoded and encoded in data:
                        hits.append((str(path), canary))
    assert not hits, hits


def test_files_are_private(world, settings):
    private = Path(settings.private_dir)
    assert private.stat().st_mode & 0o077 == 0
    for path in private.rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, path
    home = Path(settings.home)
    assert home.stat().st_mode & 0o077 == 0
    for part in ("data", "data/transactions"):
        assert (home / part).stat().st_mode & 0o077 == 0, part
    logs = [p for p in (home / "data" / "transactions").rglob("*") if p.is_file()]
    assert logs and all(p.stat().st_mode & 0o077 == 0 for p in logs if re.search(r"transaction", p.name))
