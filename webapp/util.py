"""Small helpers every view uses: the graph, the viewer, and ``respond``, the one way a view answers in
HTML, JSON or CSV (the Datasette habit: every table in every format from the same view)."""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from typing import Any, Callable

from flask import Response, abort, current_app, g, request, stream_with_context

from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.plain import people_text, printable, to_json

from .auth import record


def get_graph() -> Graph:
    return current_app.extensions["graph"]


# The roles (graph/access/viewer.py ROLES) as a person reads them; the value sent and stored stays the code.
ROLE_WORDS = {"viewer": N_("viewer"), "researcher": N_("researcher"), "analyst": N_("analyst"),
              "advocate": N_("advocate"), "editor": N_("editor"), "admin": N_("admin")}


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    """A whole number from the query string, held between ``lo`` and ``hi``; ``default`` when it is not one."""
    try:
        return max(lo, min(int(request.args.get(name, default)), hi))
    except ValueError:
        return default


def role_words(role: str | None) -> str:
    return gettext(ROLE_WORDS[role]) if role in ROLE_WORDS else (role or "")


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
    if fmt == "xlsx":     # asked for by name only (above): no browser's Accept header prefers it
        return False
    mime = {"json": "application/json", "csv": "text/csv"}[fmt]
    best = request.accept_mimetypes.best_match([mime, "text/html"])
    return best == mime and request.accept_mimetypes[mime] > request.accept_mimetypes["text/html"]



Table = tuple[list[str], list[list]]


def respond(html: Callable[[], Any], *, data: Callable[[], Any] | None = None,
            table: Callable[[], Table] | None = None, filename: str = "table.csv", status: int = 200):
    """Answer in the format asked for (``wants``): CSV of ``table()``, JSON of ``data()``, else
    ``html()``. Each is called only when needed, so a page does no work for a format nobody asked for."""
    if table is not None and (wants("csv") or wants("xlsx")):
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
    text = people_text(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def csv_response(columns: list[str], rows: list[list], filename: str, status: int = 200) -> Response:
    """A table as a download: CSV in UTF-8 with a byte-order mark, so Excel reads Cyrillic (``?bom=no``
    for plain UTF-8), or the same table as an Excel workbook when ``?format=xlsx`` asks for one. Values
    as people read them: lists joined with "; ", yes/no in the interface language, dates ISO."""
    if wants("xlsx"):
        return xlsx_response(columns, rows, filename, status)
    buffer = io.StringIO()
    if request.args.get("bom", "yes").lower() not in ("no", "0", "false"):
        buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(c) for c in columns])
    for row in rows:
        writer.writerow([_inert(v) for v in row])
    return Response(buffer.getvalue(), status=status, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_stream(columns: list[str], rows, filename: str) -> Response:
    """A table of any length as a CSV download written while its rows are read (the same cells as
    ``csv_response``): nothing but the row being written is held."""
    bom = request.args.get("bom", "yes").lower() not in ("no", "0", "false")

    class Line:
        def write(self, text):
            return text

    writer = csv.writer(Line())

    def lines():
        if bom:
            yield "\ufeff"
        yield writer.writerow([str(c) for c in columns])
        for row in rows:
            yield writer.writerow([_inert(v) for v in row])
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(columns: list[str], rows: list[list], filename: str, status: int = 200) -> Response:
    """The table as one sheet of an XLSX workbook: numbers stay numbers, every text is a text cell (never a
    formula, whatever it starts with), header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(filename.rsplit(".", 1)[0] or "table")[:31].translate(SHEET_TITLE))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: str, font=None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=printable(value))
        cell.data_type = "s"           # "=HYPERLINK(...)" typed into a register stays text
        if font:
            cell.font = font
        return cell

    sheet.append([text_cell(str(c), bold) for c in columns])
    for row in rows:
        sheet.append([v if isinstance(v, (int, float)) and not isinstance(v, bool) else text_cell(people_text(v))
                      for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    name = filename.rsplit(".", 1)[0] + ".xlsx"
    return Response(buffer.getvalue(), status=status, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


SHEET_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def xlsx_url(url: str) -> str:
    """The XLSX twin of a CSV download link."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "format"] + [("format", "xlsx")]
    return urlunsplit(parts._replace(query=urlencode(query)))
