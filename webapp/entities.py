"""A page for every node: /entity/<uid> (HTML, or JSON with .json), and each of its tables as CSV or JSON
at /entity/<uid>/<table>.csv|.json."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from accounts import audit

from graph.curation.history import history as revisions
from graph.explore.entity import EntityPage, get_entity
from graph.store.language import gettext as _

from .util import get_graph, respond, viewer

bp = Blueprint("entities", __name__)
HTML_ROWS = 250   # rows of a table shown on the page; the CSV and JSON downloads have every row


def _page(uid: str) -> EntityPage:
    page = get_entity(get_graph(), uid[:64], viewer())
    if page is None:
        abort(404, description=_("No record has this identifier. It may have been merged or deleted; "
                                 "search for the name instead."))
    return page


@bp.get("/entity/<uid>")
@bp.get("/entity/<uid>.json", endpoint="show_json")
def show(uid: str):
    page = _page(uid)
    return respond(lambda: render_template("entity.html", page=page, notes={f.n: f for f in page.footnotes},
                                           html_rows=HTML_ROWS, history=_history(page.node.uid),
                                           revisions=_revisions(page), saved=request.args.get("saved")),
                   data=page.as_dict)


def _revisions(page: EntityPage):
    """The record's revisions: editors read who, why and what; other roles that it changed and when. A
    masked record shows none (its history would say what it is)."""
    if page.node.masked:
        return []
    return revisions(get_graph(), page.node.uid, viewer(), limit=50)


def _history(uid: str) -> list[dict] | None:
    """What the audit log says about this record (editors and admins only): imports, decisions, edits,
    exports, and who was shown it."""
    if not viewer().may_edit:
        return None
    return audit.entries(current_app.config["SETTINGS"], uid=uid, limit=50)


@bp.get("/entity/<uid>/<key>.<fmt>")
def table(uid: str, key: str, fmt: str):
    page = _page(uid)
    found = page.table(key)
    if found is None or fmt not in ("csv", "json"):
        abort(404, description=_("This page has no such table."))
    return respond(lambda: abort(404), data=found.as_dict, table=lambda: page.table_rows(key),
                   filename=f"{uid}-{key}.csv")
