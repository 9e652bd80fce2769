"""Evidence you can open: a source's page shows its file (name, type, size, SHA-256) with a download link
and a preview for images and PDFs; the download hashes the file again on the way out and refuses bytes
that no longer match (tampering, shown on the page and audited); a confidential source's file does not
exist for a role that may not see the source; every download is audited."""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pytest

from accounts import audit
from graph.evidence.store import describe_file, file_source, store_file
from graph.store.records import NodeRecord, RelRecord
from graph.store.sealing import sealing_ring
from graph.store.writer import write_records
from tests.conftest import sealed_uid

SECRET_TITLE = "Statement of witness Qzvlorn (do not disclose)"


def _png(tmp_path: Path, name: str = "scan.png") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(2048))   # unique: the store is shared
    return path


def _pdf(tmp_path: Path, name: str = "verdict.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% " + secrets.token_hex(64).encode() + b"\n%%EOF\n")
    return path


@pytest.fixture
def files(graph, settings, tmp_path):
    """Sources with files: an image, a PDF, a text file, a confidential scan (sealed in the store), and a
    file the store never received."""
    evidence = settings.evidence_dir
    png, pdf, txt = _png(tmp_path), _pdf(tmp_path), tmp_path / "notes.txt"
    txt.write_text("notes " + secrets.token_hex(16), encoding="utf-8")
    secret = _png(tmp_path, "secret.png")
    missing = _pdf(tmp_path, "never-stored.pdf")
    records = {
        "png": file_source(store_file(png, evidence), "scan.png", kind="photo"),
        "pdf": file_source(store_file(pdf, evidence), "Verdict of the court", kind="court_decision"),
        "txt": file_source(store_file(txt, evidence), "notes.txt", kind="other"),
        "secret": file_source(store_file(secret, evidence, sealing_ring(graph)), SECRET_TITLE, kind="testimony",
                              confidential=True),
        "missing": file_source(describe_file(missing), "never-stored.pdf", kind="court_decision"),
    }
    write_records(graph, [*records.values(), NodeRecord("Case", "case-f", {"name": "Case with files"})],
                  [RelRecord("EVIDENCED_BY", "Case", "case-f", "Source", r.uid, {}) for r in records.values()])
    uids = {k: r.uid for k, r in records.items()}
    uids["secret"] = sealed_uid(graph, records["secret"].uid)
    data = {"png": png.read_bytes(), "pdf": pdf.read_bytes(), "txt": txt.read_bytes(), "secret": secret.read_bytes()}
    return {"uids": uids, "records": records, "data": data}


def _as(app, role):
    app.config["ROLE"] = role
    return app.test_client()


def _entries(settings, action, uid):
    return audit.entries(settings, action=action, uid=uid, limit=20)


def test_download_is_hashed_again_and_audited(files, app, settings):
    client = _as(app, "researcher")
    uid = files["uids"]["png"]
    response = client.get(f"/source/{uid}/file")
    assert response.status_code == 200
    assert response.data == files["data"]["png"]
    assert hashlib.sha256(response.data).hexdigest() == files["records"]["png"].props["sha256"]
    assert response.mimetype == "image/png"                         # from the recorded kind, not sniffed
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "scan.png" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Evidence-SHA256"] == files["records"]["png"].props["sha256"]
    logged = _entries(settings, "evidence", uid)
    assert logged and logged[0]["actor"] == "test-researcher" and logged[0]["detail"]["event"] == "download"
    assert logged[0]["detail"]["sha256"] == files["records"]["png"].props["sha256"]
    # a PDF's title names no file: it gets the title and the extension of its kind
    pdf = client.get(f"/source/{files['uids']['pdf']}/file")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Verdict of the court.pdf" in pdf.headers["Content-Disposition"]


def test_preview_headers(files, app, settings):
    client = _as(app, "viewer")
    image = client.get(f"/source/{files['uids']['png']}/file/preview")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == files["data"]["png"]
    assert image.headers["Content-Disposition"].startswith("inline")
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in image.headers["Content-Security-Policy"]
    pdf = client.get(f"/source/{files['uids']['pdf']}/file/preview")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in pdf.headers["Content-Security-Policy"]
    assert "sandbox" not in pdf.headers["Content-Security-Policy"]
    # only images and PDFs are shown inline; a text file is downloaded
    assert client.get(f"/source/{files['uids']['txt']}/file/preview").status_code == 404
    text = client.get(f"/source/{files['uids']['txt']}/file")
    assert text.status_code == 200 and text.mimetype == "text/plain"
    assert text.headers["Content-Disposition"].startswith("attachment")
    events = [e["detail"]["event"] for e in _entries(settings, "evidence", files["uids"]["pdf"])]
    assert "preview" in events


def test_the_page_shows_the_file_with_a_download_and_a_preview(files, app):
    client = _as(app, "researcher")
    png = files["records"]["png"].props
    html = client.get(f"/entity/{files['uids']['png']}").get_data(as_text=True)
    assert 'id="file"' in html and "scan.png" in html and "image/png" in html and png["sha256"] in html
    assert "2,056 bytes" in html and 'id="file-intact"' in html
    assert f'href="/source/{files["uids"]["png"]}/file"' in html
    assert f'<img class="evidence-preview" id="file-preview" src="/source/{files["uids"]["png"]}/file/preview"' in html
    pdf = client.get(f"/entity/{files['uids']['pdf']}").get_data(as_text=True)
    assert f'<iframe class="evidence-preview pdf" id="file-preview" src="/source/{files["uids"]["pdf"]}/file/preview"' in pdf
    txt = client.get(f"/entity/{files['uids']['txt']}").get_data(as_text=True)
    assert 'id="download-file"' in txt and 'id="file-preview"' not in txt
    # in Ukrainian too
    uk = client.get(f"/entity/{files['uids']['png']}?lang=uk").get_data(as_text=True)
    assert "Завантажити" in uk and "Файл" in uk


def test_tampered_file_is_shown_refused_and_audited(files, app, settings):
    uid = files["uids"]["pdf"]
    sha = files["records"]["pdf"].props["sha256"]
    client = _as(app, "researcher")
    assert 'id="file-intact"' in client.get(f"/entity/{uid}").get_data(as_text=True)    # checked once, intact
    stored = Path(settings.evidence_dir) / files["records"]["pdf"].props["archived_copy"]
    os.chmod(stored, 0o600)
    stored.write_bytes(stored.read_bytes().replace(b"%%EOF", b"%%EOF\n% altered"))
    os.chmod(stored, 0o400)
    html = client.get(f"/entity/{uid}").get_data(as_text=True)
    assert 'id="tampering"' in html and "Tampering" in html
    assert hashlib.sha256(stored.read_bytes()).hexdigest() in html
    assert 'id="download-file"' not in html and 'id="file-preview"' not in html
    for url in (f"/source/{uid}/file", f"/source/{uid}/file/preview"):
        refused = client.get(url)
        assert refused.status_code == 409
        assert "no longer matches the SHA-256" in refused.get_data(as_text=True)
        assert refused.headers.get("Content-Disposition") is None
    logged = _entries(settings, "tampering", uid)
    assert {e["detail"]["event"] for e in logged} >= {"page", "download", "preview"}
    assert all(e["detail"]["sha256_recorded"] == sha and e["detail"]["sha256_found"] != sha for e in logged)
    assert not [e for e in _entries(settings, "evidence", uid) if e["detail"].get("event") == "download"
                and e["seq"] > logged[-1]["seq"]]
    uk = client.get(f"/entity/{uid}?lang=uk").get_data(as_text=True)
    assert 'id="tampering"' in uk and "Підробка" in uk


def test_confidential_source_file_does_not_exist_for_a_researcher(files, app, settings):
    uid = files["uids"]["secret"]
    for role in (None, "viewer", "researcher"):
        client = _as(app, role)
        for url in (f"/source/{uid}/file", f"/source/{uid}/file/preview"):
            response = client.get(url)
            if role is None:
                assert response.status_code in (302, 401)
                continue
            assert response.status_code == 404
            # the same answer as for a source that does not exist at all
            other = client.get(url.replace(uid, "no-such-source"))
            assert response.get_data(as_text=True).replace(uid, "no-such-source") == other.get_data(as_text=True)
            assert files["data"]["secret"] not in response.data
        if role:
            html = client.get(f"/entity/{uid}").get_data(as_text=True)
            assert 'id="file"' not in html and "/file" not in html and "Qzvlorn" not in html
            assert files["records"]["secret"].props["sha256"] not in html
    editor = _as(app, "editor")
    html = editor.get(f"/entity/{uid}").get_data(as_text=True)
    assert "Qzvlorn" in html and 'id="download-file"' in html and 'id="file-intact"' in html
    got = editor.get(f"/source/{uid}/file")
    assert got.status_code == 200 and got.data == files["data"]["secret"]      # opened from its seal
    assert editor.get(f"/source/{uid}/file/preview").data == files["data"]["secret"]
    assert _entries(settings, "evidence", uid)[0]["actor"] == "test-editor"
    assert _entries(settings, "disclosure", uid)


def test_tampered_sealed_file_is_refused(files, app, settings):
    uid = files["uids"]["secret"]
    editor = _as(app, "editor")
    from graph.evidence.copies import source_file
    from graph.access.viewer import viewer_for

    found = source_file(app.extensions["graph"], uid, viewer_for(app.extensions["graph"], "editor", "t"))
    stored = Path(settings.evidence_dir) / found.location
    blob = bytearray(stored.read_bytes())
    blob[-20] ^= 0xFF
    os.chmod(stored, 0o600)
    stored.write_bytes(bytes(blob))
    os.chmod(stored, 0o400)
    assert editor.get(f"/source/{uid}/file").status_code == 409
    assert 'id="tampering"' in editor.get(f"/entity/{uid}").get_data(as_text=True)
    assert _entries(settings, "tampering", uid)


def test_a_file_missing_from_the_store_is_said_plainly(files, app, settings):
    uid = files["uids"]["missing"]
    client = _as(app, "researcher")
    html = client.get(f"/entity/{uid}").get_data(as_text=True)
    assert 'id="file-missing"' in html and "not in the evidence store" in html
    assert files["records"]["missing"].props["sha256"] in html and 'id="download-file"' not in html
    response = client.get(f"/source/{uid}/file")
    assert response.status_code == 404 and "not in the evidence store" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert _entries(settings, "evidence", uid)[0]["detail"]["outcome"] == "missing"


def test_sources_without_a_file_and_other_records_have_no_file(files, app, graph):
    from graph.evidence.store import url_source

    web = url_source("https://example.org/report", "A report on the web")
    # what the demo has: a hash and the address of a web archive, no copy in the store
    archived = NodeRecord("Source", "archived-1", {"name": "Archived page", "sha256": "ab" * 32,
                                                   "archived_copy": "https://archive.example.org/x"})
    climbing = NodeRecord("Source", "climbing-1", {"name": "Odd", "sha256": "cd" * 32,
                                                   "archived_copy": "../../../etc/passwd"})
    write_records(graph, [web, archived, climbing])
    client = _as(app, "researcher")
    for uid in (web.uid, "case-f", "no-such-uid"):
        assert client.get(f"/source/{uid}/file").status_code == 404
    assert 'id="file"' not in client.get(f"/entity/{web.uid}").get_data(as_text=True)
    assert 'id="file-missing"' in client.get("/entity/archived-1").get_data(as_text=True)
    assert client.get("/source/climbing-1/file").status_code == 404     # never outside the store
