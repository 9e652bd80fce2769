"""A page for every node: /entity/<uid> (HTML, or JSON with .json), and each of its tables as CSV or JSON
at /entity/<uid>/<table>.csv|.json."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from graph.entities import EntityPage, get_entity

from .util import csv_response, get_graph, json_response, viewer, wants

bp = Blueprint("entities", __name__)
HTML_ROWS = 250   # rows of a table shown on the page; the CSV and JSON downloads have every row


def _page(uid: str) -> EntityPage:
    page = get_entity(get_graph(), uid[:64], viewer())
    if page is None:
        abort(404, description="No record has this identifier. It may have been merged or deleted; "
                               "search for the name instead.")
    return page


@bp.get("/entity/<uid>")
@bp.get("/entity/<uid>.json", endpoint="show_json")
def show(uid: str):
    page = _page(uid)
    if wants("json"):
        return json_response(page.as_dict())
    return render_template("entity.html", page=page, notes={f.n: f for f in page.footnotes}, html_rows=HTML_ROWS)


@bp.get("/entity/<uid>/<key>.<fmt>")
def table(uid: str, key: str, fmt: str):
    page = _page(uid)
    found = page.table(key)
    if found is None or fmt not in ("csv", "json"):
        abort(404, description="This page has no such table.")
    if fmt == "json":
        return json_response(found.as_dict())
    columns, rows = page.table_rows(key)
    return csv_response(columns, rows, f"{uid}-{key}.csv")
