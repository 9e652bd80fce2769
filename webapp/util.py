"""Small helpers every view uses: the graph, the viewer, and ``respond``, the one way a view answers in
HTML, JSON or CSV (the Datasette habit: every table in every format from the same view)."""
from __future__ import annotations

import csv
import io
from typing import Any, Callable

from flask import Response, abort, current_app, g, request

from graph.store.db import Graph
from graph.store.plain import cell_text, to_json

from .auth import record


def get_graph() -> Graph:
    return current_app.extensions["graph"]


def viewer():
    return g.get("viewer")


def require_editor(refusal: str) -> None:
    """The gate of every POST that changes data: an editor or admin, else 403 with ``refusal`` and an audit
    entry. (That the form came from this app is checked for every POST by Flask-WTF's CSRFProtect.)"""
    if viewer() is None or not viewer().may_edit:
        record("refused", reason=f"not an editor: {request.method} {request.path}")
        abort(403, description=refusal)


def wants(fmt: str) -> bool:
    """True when the URL ends in .json/.csv, ?format= asks for it, or the Accept header prefers it."""
    if request.path.endswith("." + fmt) or request.args.get("format") == fmt:
        return True
    mime = {"json": "application/json", "csv": "text/csv"}[fmt]
    best = request.accept_mimetypes.best_match([mime, "text/html"])
    return best == mime and request.accept_mimetypes[mime] > request.accept_mimetypes["text/html"]



Table = tuple[list[str], list[list]]


def respond(html: Callable[[], Any], *, data: Callable[[], Any] | None = None,
            table: Callable[[], Table] | None = None, filename: str = "table.csv", status: int = 200):
    """Answer in the format asked for (``wants``): CSV of ``table()``, JSON of ``data()``, else
    ``html()``. Each is called only when needed, so a page does no work for a format nobody asked for."""
    if table is not None and wants("csv"):
        columns, rows = table()
        return csv_response(columns, rows, filename, status)
    if data is not None and wants("json"):
        return json_response(data(), status)
    page = html()
    return page if isinstance(page, Response) else (page, status)


def json_response(data, status: int = 200) -> Response:
    return Response(to_json(data, indent=1), status=status,
                    mimetype="application/json")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value) -> str:
    """A cell as text that a spreadsheet will not run: downloads are opened in Excel, and a name typed
    into some register as ``=HYPERLINK(...)`` must not become a live formula there (OWASP's CSV
    injection advice: a leading apostrophe). Numbers keep their sign."""
    text = cell_text(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def csv_response(columns: list[str], rows: list[list], filename: str, status: int = 200) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_inert(v) for v in row])
    return Response(buffer.getvalue(), status=status, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
