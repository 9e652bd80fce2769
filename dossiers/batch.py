"""Many dossiers as one ZIP with an index (index.html, index.csv), e.g. for every unsanctioned official
with at least three evidenced violations."""
from __future__ import annotations

import csv
import html
import io
import multiprocessing
import os
import zipfile
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable, Iterable

from graph.dossier.assemble import NotAnOfficial, get_dossier
from graph.dossier.model import Dossier
from graph.evidence.grades import EvidenceThreshold
from graph.store.db import Graph
from graph.store.language import N_, current
from graph.store.language import gettext as _
from graph.store.language import using

from . import file_name, render

INDEX_COLUMNS = ["file", "uid", "name", "cases", "victims", "violations", "sources", "listed_by", "not_listed_by"]
# the same columns as index.html heads them, in the dossiers' language (index.csv keeps the keys above)
INDEX_HEADINGS = [N_("File"), N_("UID"), N_("Official"), N_("Cases"), N_("Victims"), N_("Violations"), N_("Sources"),
                  N_("Listed by"), N_("Not listed by")]


@dataclass(frozen=True)
class BatchResult:
    written: int
    skipped: tuple[str, ...]     # uids that are not officials


def _index_row(d: Dossier, name: str) -> list:
    c = d.header.counts
    return [name, d.identity.uid, d.identity.name, c.cases, c.victims, c.violations, c.sources,
            " ".join(d.sanctions.listed_by), " ".join(d.sanctions.gap)]


def _index_html(rows: list[list], title: str) -> str:
    head = "".join(f"<th>{html.escape(_(c))}</th>" for c in INDEX_HEADINGS)
    body = "".join("<tr>" + "".join(
        f'<td><a href="{html.escape(str(v))}">{html.escape(str(v))}</a></td>' if i == 0 else f"<td>{html.escape(str(v))}</td>"
        for i, v in enumerate(r)) + "</tr>" for r in rows)
    return (f'<!doctype html><html lang="{current()}"><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<body><h1>{html.escape(title)}</h1><table border=1 cellpadding=4><tr>{head}</tr>{body}</table></body></html>")


def _render_in(lang: str, dossier: Dossier, fmt: str) -> bytes:
    """render() in a worker process, in the caller's language (a process does not inherit the caller's)."""
    with using(lang):
        return render(dossier, fmt)


def _pool(workers: int | None, count: int) -> tuple[Executor | None, int]:
    """Worker processes for ``count`` dossiers and how many: one a core by default (the graph is read in the
    caller, the rendering is the slow part); none for a single dossier or a single core."""
    workers = min(workers or os.cpu_count() or 1, count)
    if workers < 2:
        return None, 0
    # spawned, not forked: the caller may be a web server with the driver's threads and the PDF browser
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")), workers


def write_batch(graph: Graph, uids: Iterable[str], out, fmt: str = "pdf", *,
                threshold: EvidenceThreshold = EvidenceThreshold(), prepared_by: str = "Evidence Graph",
                title: str | None = None, progress: Callable[[int], None] | None = None,
                workers: int | None = None) -> BatchResult:
    """Write a dossier per official in ``uids`` (as ``fmt``) and an index into the ZIP file ``out``, in the language
    spoken (graph.store.language.using); ``title`` names the index (default: "Dossiers"). The dossiers are read
    here, one after the other, and rendered by ``workers`` processes (default: one a core) in the same order."""
    uids, lang = list(dict.fromkeys(uids)), current()
    rows, skipped = [], []
    pool, ahead = _pool(workers, len(uids))
    pending: deque[tuple[Dossier, str, Future | bytes]] = deque()

    def finish_one(zf: zipfile.ZipFile) -> None:
        dossier, name, data = pending.popleft()
        zf.writestr(name, data.result() if isinstance(data, Future) else data)
        rows.append(_index_row(dossier, name))
        if progress:
            progress(1)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, pool or nullcontext():
        for uid in uids:
            try:
                dossier = get_dossier(graph, uid, threshold=threshold, prepared_by=prepared_by)
            except NotAnOfficial:
                skipped.append(uid)
                continue
            name = file_name(dossier, fmt)
            pending.append((dossier, name, pool.submit(_render_in, lang, dossier, fmt) if pool else
                            render(dossier, fmt)))
            while len(pending) > 2 * ahead:        # a few dossiers ahead of the ZIP, not the whole batch in memory
                finish_one(zf)
        while pending:
            finish_one(zf)
        buffer = io.StringIO()
        csv.writer(buffer).writerows([INDEX_COLUMNS] + rows)
        zf.writestr("index.csv", buffer.getvalue())
        title = title or _("Dossiers")
        zf.writestr("index.html", _index_html(rows, f"{title} ({len(rows)})"))
    return BatchResult(len(rows), tuple(skipped))
