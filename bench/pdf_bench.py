"""Which PDF renderer for the dossier: the same HTML through each, side by side, on the busiest judge's dossier.

    python -m bench.pdf_bench                      # the configured database (load the demo: `evgraph demo load`)
    python -m bench.pdf_bench --rounds 5 --keep /tmp/pdfs

Renderers: WeasyPrint as it was, WeasyPrint tuned (a font configuration and caches kept between dossiers),
Chromium driven by Playwright with its browser kept (the default of dossiers/pdf.py; its first PDF, which
starts the browser, is shown apart) and Chromium's own --print-to-pdf, a process a dossier. A renderer that is
not installed is skipped. Each PDF is read back (pypdf) for its pages, the Cyrillic names, every footnote, the
tables' cells and the page footer; the rounds alternate the renderers so that a busy machine slows them alike.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossiers import scrubbed
from dossiers.chromium import LAUNCH_ARGS, available, executable
from dossiers.html import render_document
from dossiers.pdf import html_to_pdf, local_only_fetcher, weasyprint_pdf
from graph.dossier.assemble import get_dossier
from graph.dossier.model import Dossier
from graph.store.db import connect
from graph.store.records import make_uid


def _weasyprint_tuned():
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts, cache = FontConfiguration(), {}
    return lambda html: HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf(font_config=fonts, cache=cache)


def _chromium_cli(html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        page, out = Path(tmp, "dossier.html"), Path(tmp, "dossier.pdf")
        page.write_text(html, encoding="utf-8")
        subprocess.run([executable(), "--headless", "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                        *LAUNCH_ARGS, f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True,
                       timeout=120)
        return out.read_bytes()


def renderers() -> dict[str, object]:
    """The renderers installed here, by name."""
    found: dict[str, object] = {}
    if importlib.util.find_spec("weasyprint"):
        found["weasyprint"] = weasyprint_pdf
        found["weasyprint-tuned"] = _weasyprint_tuned()
    else:
        print("skipped: WeasyPrint (not installed)")
    if available():
        found["chromium"] = lambda html: html_to_pdf(html, "chromium")
    else:
        print("skipped: Chromium through Playwright (playwright or chromium not installed)")
    if executable():
        found["chromium-cli"] = _chromium_cli
    else:
        print("skipped: Chromium's --print-to-pdf (no chromium)")
    return found


def checks(pdf: bytes, d: Dossier) -> tuple[int, dict[str, bool]]:
    """Pages and what reads back right: Cyrillic names, footnotes (numbers and notes), tables, the footer."""
    import io

    if not importlib.util.find_spec("pypdf"):       # a test dependency: without it, times and sizes only
        return 0, {}
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    cyrillic = [n.value for n in d.identity.names if n.script == "Cyrillic"]
    cells = [c.name for c in d.cases] + [s.sha256 for s in d.annex if s.sha256]
    return len(pages), {
        "cyrillic": bool(cyrillic) and all(" ".join(n.split()) in text for n in cyrillic),
        "footnotes": all(f"{f.number}. {' '.join(f.text.split())[:20]}" in text for f in d.footnotes),
        "tables": all(" ".join(c.split()) in text for c in cells),
        "footer": f"Page 1 of {len(pages)}" in text and f"Page {len(pages)} of {len(pages)}" in text,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--uid", default=make_uid("demo", "official", 0), help="official (default: the busiest judge)")
    parser.add_argument("--rounds", type=int, default=3, help="PDFs per renderer")
    parser.add_argument("--keep", type=Path, help="write each renderer's PDF into this folder")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    with connect() as graph:
        d = scrubbed(get_dossier(graph, args.uid))
    html = render_document(d)
    found = renderers()
    times: dict[str, list[float]] = {name: [] for name in found}
    pdfs: dict[str, bytes] = {}
    if "chromium" in found:
        start = time.perf_counter()
        found["chromium"](html)
        print(f"chromium: first PDF of the process (starts the browser) {time.perf_counter() - start:.2f} s")
    for _round in range(args.rounds):
        for name, work in found.items():
            start = time.perf_counter()
            pdfs[name] = work(html)
            times[name].append(time.perf_counter() - start)
    print(f"{d.identity.name} ({args.uid}): {len(d.cases)} cases, {len(d.violations)} violations, "
          f"{len(d.footnotes)} footnotes; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'renderer':17} {'best s':>7} {'median s':>8} {'ratio':>6} {'pages':>5} {'KiB':>6}  cyrillic footnotes tables footer")
    base = min(times.get("weasyprint") or [1.0])
    for name, took in times.items():
        pages, ok = checks(pdfs[name], d)
        print(f"{name:17} {min(took):7.2f} {statistics.median(took):8.2f} {min(took) / base:6.2f} {pages:5d} "
              f"{len(pdfs[name]) / 1024:6.0f}  " + " ".join(f"{'yes' if ok[k] else 'NO':>{len(k)}}" for k in ok))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{name}.pdf").write_bytes(pdfs[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
