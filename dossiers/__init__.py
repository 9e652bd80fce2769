"""Renderers of a dossier (graph/dossier/assemble.py builds its content once): HTML, PDF, DOCX and JSON, and a
ZIP of many. Each takes the same ``Dossier`` and returns bytes or text."""
from __future__ import annotations

import dataclasses

from graph.dossier.model import Dossier
from graph.store.plain import printable

FORMATS = ("html", "pdf", "docx", "json")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "json": "application/json", "zip": "application/zip"}


def render(dossier: Dossier, fmt: str) -> bytes:
    """The dossier as ``fmt`` (html, pdf, docx, json), whatever the graph holds: texts lose the characters
    no document format takes (a control character in a name must not stop a DOCX)."""
    dossier = scrubbed(dossier)
    if fmt == "html":
        from .html import render_document
        return render_document(dossier).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf
        return render_pdf(dossier)
    if fmt == "docx":
        from .word import render_docx
        return render_docx(dossier)
    if fmt == "json":
        from .json_out import render_json
        return render_json(dossier).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def file_name(dossier: Dossier, fmt: str) -> str:
    """A safe file name: dossier-<surname>-<uid>.<fmt>."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", dossier.identity.name.lower()).strip("-")[:40] or "official"
    return f"dossier-{slug}-{dossier.identity.uid}.{fmt}"


def scrubbed(value):
    """The same content tree with every text made printable (graph.store.plain.printable)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        return tuple(scrubbed(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: scrubbed(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
