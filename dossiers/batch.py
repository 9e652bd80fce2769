"""Many dossiers as one ZIP with an index (index.html, index.csv), e.g. for every unsanctioned official
with at least three evidenced violations."""
from __future__ import annotations

import csv
import html
import io
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable

from graph.dossier.assemble import NotAnOfficial, get_dossier
from graph.dossier.model import Dossier
from graph.evidence.grades import EvidenceThreshold
from graph.store.db import Graph
from graph.store.language import N_, current
from graph.store.language import gettext as _

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


def write_batch(graph: Graph, uids: Iterable[str], out, fmt: str = "pdf", *,
                threshold: EvidenceThreshold = EvidenceThreshold(), prepared_by: str = "Evidence Graph",
                title: str | None = None, progress: Callable[[int], None] | None = None) -> BatchResult:
    """Write a dossier per official in ``uids`` (as ``fmt``) and an index into the ZIP file ``out``, in the language
    spoken (graph.store.language.using); ``title`` names the index (default: "Dossiers")."""
    rows, skipped = [], []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for uid in dict.fromkeys(uids):
            try:
                dossier = get_dossier(graph, uid, threshold=threshold, prepared_by=prepared_by)
            except NotAnOfficial:
                skipped.append(uid)
                continue
            name = file_name(dossier, fmt)
            zf.writestr(name, render(dossier, fmt))
            rows.append(_index_row(dossier, name))
            if progress:
                progress(1)
        buffer = io.StringIO()
        csv.writer(buffer).writerows([INDEX_COLUMNS] + rows)
        zf.writestr("index.csv", buffer.getvalue())
        title = title or _("Dossiers")
        zf.writestr("index.html", _index_html(rows, f"{title} ({len(rows)})"))
    return BatchResult(len(rows), tuple(skipped))
