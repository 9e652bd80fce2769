"""The dossier's PDF from each renderer (Chromium through Playwright, WeasyPrint): Cyrillic names, notes and table
cells read back from the PDF, nothing fetched from anywhere; and a batch rendered by worker processes is the
batch that one process writes, in the caller's language."""
from __future__ import annotations

import io
import threading
import zipfile
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dossiers.batch import write_batch
from dossiers.chromium import available
from dossiers.html import render_document
from dossiers.pdf import ENGINES, html_to_pdf
from graph.dossier import assemble
from graph.dossier.assemble import get_dossier
from graph.store.language import gettext, using
from tests.smallworld import JUDGE, load_small_world


@pytest.fixture(params=ENGINES)
def engine(request):
    if request.param == "chromium" and not available():
        pytest.skip("Playwright or Chromium is not installed: the PDF comes from WeasyPrint")
    return request.param


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_each_renderer_prints_the_cyrillic_names_the_notes_and_the_tables(graph, engine):
    load_small_world(graph)
    d = get_dossier(graph, JUDGE)
    text = _pdf_text(html_to_pdf(render_document(d), engine))
    assert "Виктор Сергеевич Тестов" in text and d.identity.name in text
    assert d.footnotes and all(f"{f.number}. {' '.join(f.text.split())}" in text for f in d.footnotes)
    assert d.cases and all(c.name in text for c in d.cases)
    assert all(s.sha256 in text for s in d.annex if s.sha256)
    assert "Page 1 of" in text


def test_no_renderer_fetches_anything(engine):
    """Not even from this machine: a document naming a local server's stylesheet, font, image and frame gets
    none of them (the dossier's own document names nothing; this one is written to ask)."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    html = (f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{base}/a.css">'
            f'<style>@import "{base}/b.css"; @font-face {{ font-family: X; src: url({base}/c.ttf) }}'
            f' body {{ font-family: X, sans-serif; background: url({base}/d.png) }}</style></head>'
            f'<body><p>Тест</p><img src="{base}/e.png"><iframe src="{base}/f.html"></iframe></body></html>')
    try:
        pdf = html_to_pdf(html, engine)
    finally:
        server.shutdown()
    assert pdf[:5] == b"%PDF-" and "Тест" in _pdf_text(pdf)
    assert asked == []


class _Frozen(datetime):
    """The dossiers' clock stopped, so that two batches can be compared byte for byte."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_a_batch_rendered_by_worker_processes_is_the_batch_of_one_process(graph, monkeypatch):
    load_small_world(graph)
    monkeypatch.setattr(assemble, "datetime", _Frozen)    # the dossiers are read in the caller
    uids = [JUDGE, "nobody", "judge-2", JUDGE]
    batches = []
    for workers in (1, 2):
        out, progress = io.BytesIO(), []
        with using("uk"):
            result = write_batch(graph, uids, out, "html", workers=workers, progress=progress.append)
        with zipfile.ZipFile(out) as zf:
            batches.append((result, progress, [(n, zf.read(n)) for n in zf.namelist()]))
    assert batches[0] == batches[1]
    result, progress, files = batches[1]
    assert result.written == 2 and result.skipped == ("nobody",) and progress == [1, 1]
    assert [n for n, _data in files][-2:] == ["index.csv", "index.html"] and JUDGE in files[0][0]
    with using("uk"):
        kicker = gettext("Perpetrator dossier")
    assert kicker != "Perpetrator dossier" and kicker.encode() in files[0][1]      # the workers spoke Ukrainian
    assert b'<html lang="uk">' in files[0][1] and b"Viktor Sergeyevich Testov" in files[0][1]
