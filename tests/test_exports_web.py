"""Exports in the browser (editors and admins): FtM, GraphML, the CSV bundle and batches of dossiers run as
background jobs; the page polls their progress; the file is downloaded once by the account that started
it, kept 0600 in the private folder until then; masked exactly as the CLI masks it for the same role;
every export audited."""
from __future__ import annotations

import csv
import io
import json
import re
import stat
import time
import zipfile

import networkx as nx
import pytest
from followthemoney import model

from accounts import audit
from cli import main
from tests.conftest import account_for
from tests.smallworld import CONFIDENTIAL_TITLE, JUDGE, PROTECTED_NAME, load_small_world


@pytest.fixture
def world(graph):
    load_small_world(graph)
    return graph


def _as(app, role):
    app.config["ROLE"] = role
    return app.test_client()


JSON = {"Accept": "application/json"}


def _start(client, url, **form):
    response = client.post(url, data=form, headers=JSON)
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()


def _wait(client, started, timeout=120) -> dict:
    """Poll the job as the page's script does, until it is done; every answer is a progress report."""
    deadline, seen = time.time() + timeout, []
    while time.time() < deadline:
        job = client.get(started["poll"]).get_json()
        seen.append(job)
        assert {"state", "done", "total", "percent", "count_words", "state_words"} <= set(job)
        if job["state"] in ("done", "failed"):
            assert job["state"] == "done", job["message"]
            assert job["percent"] == 100 and job["download"]
            return job
        time.sleep(0.2)
    raise AssertionError(f"export did not finish: {seen[-1]}")


def _download(client, job) -> bytes:
    assert client.head(job["download"]).status_code == 200      # asking first does not use the one download
    response = client.get(job["download"])
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert job["file_name"] in response.headers["Content-Disposition"]
    data = response.data
    assert client.get(job["download"]).status_code == 404       # once
    return data


def test_researchers_and_viewers_are_refused(world, app, settings):
    for role in ("viewer", "researcher"):
        client = _as(app, role)
        assert client.get("/exports").status_code == 403
        assert client.post("/exports/graph/ftm", headers=JSON).status_code == 403
        assert client.post("/exports/dossiers", headers=JSON).status_code == 403
        assert client.get("/exports/jobs/whatever.json").status_code == 403
        assert 'href="/exports"' not in client.get("/").get_data(as_text=True)
    assert audit.entries(settings, action="refused", actor="test-researcher", limit=5)
    editor = _as(app, "editor")
    assert 'href="/exports"' in editor.get("/").get_data(as_text=True)      # the top bar's editor links


def test_editor_runs_each_graph_export(world, app, settings, runner, tmp_path):
    from webapp.jobs import JOBS

    client = _as(app, "editor")
    page = client.get("/exports").get_data(as_text=True)
    assert 'id="export-ftm"' in page and 'id="export-graphml"' in page and 'id="export-csv"' in page
    assert 'id="export-dossiers"' in page and "include_protected" not in page      # an editor is no admin
    assert "Запустити експорт" in client.get("/exports?lang=uk").get_data(as_text=True)
    files = {}
    for kind in ("ftm", "graphml", "csv"):
        started = _start(client, f"/exports/graph/{kind}")
        page = client.get("/exports").get_data(as_text=True)
        assert f'id="job-{started["job"]}"' in page and "<progress" in page and "exports.js" in page
        job = _wait(client, started)
        assert job["total"] > 0 and job["done"] == job["total"]
        stored = JOBS.get(job["id"], "test-editor").path
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
        assert str(stored).startswith(str(settings.private_dir))
        # nobody else may poll or download it, not even an admin
        other = _as(app, "admin")
        assert other.get(started["poll"]).status_code == 404
        assert other.get(job["download"]).status_code == 404
        client = _as(app, "editor")
        files[kind] = _download(client, job)
        assert not stored.exists()
        assert client.get(started["poll"]).get_json()["state"] == "gone"
    lines = files["ftm"].decode("utf-8").splitlines()
    proxies = [model.get_proxy(json.loads(line)) for line in lines]
    assert any(p.schema.name == "CourtCase" for p in proxies)
    g = nx.read_graphml(io.BytesIO(files["graphml"]))
    assert JUDGE in g.nodes
    bundle = zipfile.ZipFile(io.BytesIO(files["csv"]))
    assert {"nodes_Person.csv", "rels_JUDGE_IN.csv"} <= set(bundle.namelist())
    people = list(csv.DictReader(io.StringIO(bundle.read("nodes_Person.csv").decode("utf-8"))))
    assert any(p["uid"] == JUDGE for p in people)
    # masked exactly as `evgraph --as test-editor export` masks it
    for kind, data in files.items():
        text = data.decode("utf-8", "replace") if kind != "csv" else " ".join(
            bundle.read(n).decode("utf-8") for n in bundle.namelist())
        assert PROTECTED_NAME not in text and CONFIDENTIAL_TITLE not in text
    account_for(settings, "editor")
    out = tmp_path / "cli.ftm"
    result = runner.invoke(main, ["--as", "test-editor", "export", "ftm", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(lines)
    logged = audit.entries(settings, action="export", actor="test-editor", limit=20)
    events = {(e["detail"]["format"], e["detail"]["event"]) for e in logged if e["address"] != "command line"}
    assert {("ftm", "started"), ("ftm", "downloaded"), ("graphml", "downloaded"), ("csv", "downloaded")} <= events


def test_only_an_admin_opens_the_seals_and_it_is_logged(world, app, settings):
    editor = _as(app, "editor")
    assert editor.post("/exports/graph/ftm", data={"include_protected": "1"}, headers=JSON).status_code == 403
    admin = _as(app, "admin")
    assert "include_protected" in admin.get("/exports").get_data(as_text=True)
    masked = _download(admin, _wait(admin, _start(admin, "/exports/graph/ftm"))).decode("utf-8")
    assert PROTECTED_NAME not in masked
    clear = _download(admin, _wait(admin, _start(admin, "/exports/graph/ftm", include_protected="1"))).decode("utf-8")
    assert PROTECTED_NAME in clear and CONFIDENTIAL_TITLE in clear
    assert audit.entries(settings, action="disclosure", actor="test-admin", limit=5)
    started = [e for e in audit.entries(settings, action="export", actor="test-admin", limit=10)
               if e["detail"].get("event") == "started"]
    assert started[0]["detail"]["include_protected"] is True


def test_batch_of_dossiers_zip_has_an_index_and_dossiers(world, app, settings):
    client = _as(app, "editor")
    started = _start(client, "/exports/dossiers", selection="unsanctioned", min_violations="1", not_listed_by="EU",
                     format="json", lang="en")
    job = _wait(client, started)
    assert job["total"] >= 1 and job["done"] == job["total"]
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job)))
    names = archive.namelist()
    assert "index.html" in names and "index.csv" in names
    dossier = next(n for n in names if JUDGE in n)
    assert json.loads(archive.read(dossier))["identity"]["uid"] == JUDGE
    index = archive.read("index.csv").decode("utf-8")
    assert JUDGE in index and PROTECTED_NAME not in " ".join(archive.read(n).decode("utf-8") for n in names)
    assert audit.entries(settings, action="dossier", uid=JUDGE, limit=5)
    # a saved query by name, with a parameter, in another format
    job = _wait(client, _start(client, "/exports/dossiers", selection="officials_most_violations", params="limit=5",
                               format="html"))
    names = zipfile.ZipFile(io.BytesIO(_download(client, job))).namelist()
    assert any(JUDGE in n and n.endswith(".html") for n in names) and "index.html" in names
    # what cannot run is said at once, or by the job
    bad = client.post("/exports/dossiers", data={"selection": "no_such_query"}, headers=JSON)
    assert bad.status_code == 400 and "No saved query" in bad.get_json()["message"]
    assert client.post("/exports/dossiers", data={"format": "exe"}, headers=JSON).status_code == 400
    assert client.post("/exports/dossiers", data={"selection": "officials_most_violations", "params": "nope=1"},
                       headers=JSON).status_code == 400
    failing = _start(client, "/exports/dossiers", selection="sanctions_by_authority", format="json")
    for _ in range(300):
        state = client.get(failing["poll"]).get_json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert state["state"] == "failed" and "uid" in state["message"] and not state["download"]


def _strip_time(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)?", "", text)


def test_a_ukrainian_batch_has_ukrainian_dossiers(world, app):
    from dossiers import render
    from graph.dossier.assemble import get_dossier
    from graph.store.language import using

    client = _as(app, "editor")
    batches = {}
    for lang in ("uk", "en"):
        job = _wait(client, _start(client, "/exports/dossiers", selection="unsanctioned", min_violations="1",
                                   not_listed_by="EU", format="html", lang=lang))
        batches[lang] = zipfile.ZipFile(io.BytesIO(_download(client, job)))
    from dossiers.selection import batch_title

    index = batches["uk"].read("index.html").decode("utf-8")
    with using("uk"):
        title = batch_title("unsanctioned", None, 1, "EU")
    assert '<html lang="uk">' in index and title in index and re.search(r"[іїєґ]", title)
    name = next(n for n in batches["uk"].namelist() if JUDGE in n)
    uk = batches["uk"].read(name).decode("utf-8")
    en = batches["en"].read(name).decode("utf-8")
    with using("uk"):
        direct = render(get_dossier(world, JUDGE), "html").decode("utf-8")
    assert _strip_time(uk) == _strip_time(direct)            # made in Ukrainian, in the job's thread too
    assert _strip_time(uk) != _strip_time(en)
    assert re.search(r"[іїєґІЇЄҐ]", re.sub(r"<[^>]+>", " ", uk))


def test_files_are_private_and_expire(world, app, settings):
    from webapp.jobs import JOBS, KEEP_SECONDS

    client = _as(app, "editor")
    job = _wait(client, _start(client, "/exports/graph/graphml"))
    stored = JOBS.get(job["id"], "test-editor").path
    folder = stored.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(stored.stat().st_mode) == 0o600
    JOBS.get(job["id"], "test-editor").finished -= KEEP_SECONDS + 1      # an hour has passed
    stray = folder / "left-by-a-stopped-server.part"
    stray.write_text("x")
    old = time.time() - KEEP_SECONDS - 10
    import os

    os.utime(stray, (old, old))
    JOBS.sweep(settings.private_dir)
    assert not stored.exists() and not stray.exists()
    assert client.get(job["poll"]).status_code == 404 and client.get(job["download"]).status_code == 404


def test_a_job_is_polled_and_downloaded_once_through_any_worker(settings, tmp_path):
    """With `evgraph serve --workers N` another process may answer the poll and the download: it reads the job's
    state file beside the export; the one download is claimed by a rename, so it happens once whichever worker
    answers. A job whose process died before it finished reads as failed."""
    import subprocess

    from webapp.jobs import DONE, FAILED, GONE, Jobs

    private = tmp_path / "private"
    mine, theirs = Jobs(), Jobs()            # two workers: they share nothing but the folder
    job = mine.start(private, "test-editor", "ftm", "graph.ftm.json", "application/json",
                     lambda job, fh: (fh.write(b"the export"), job.advance(), "1 record")[-1], total=1)
    for _ in range(100):
        if mine.get(job.id, "test-editor").state == DONE:
            break
        time.sleep(0.05)
    seen = theirs.get(job.id, "test-editor", private)
    assert (seen.state, seen.done, seen.message, seen.file_name) == (DONE, 1, "1 record", "graph.ftm.json")
    assert theirs.get(job.id, "test-admin", private) is None        # only its owner's
    assert [j.id for j in theirs.of("test-editor", private)] == [job.id] and not theirs.of("test-admin", private)
    assert stat.S_IMODE(seen.state_file.stat().st_mode) == 0o600
    assert theirs.take(job.id, "test-editor", private).read() == b"the export"
    assert mine.take(job.id, "test-editor", private) is None        # downloaded once, through either
    assert mine.get(job.id, "test-editor", private).state == GONE and not mine.of("test-editor", private)
    assert not list((private / "exports").iterdir())

    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = private / "exports" / "stale-job.job"
    stale.write_text(json.dumps({"id": "stale-job", "owner": "test-editor", "kind": "csv", "file_name": "x.zip",
                                 "file": "stale-job.part", "media_type": "application/zip", "total": 9, "done": 3,
                                 "state": "running", "message": "", "started": time.time(), "finished": None,
                                 "pid": gone.pid}))
    assert theirs.get("stale-job", "test-editor", private).state == FAILED
