"""A page for every node: /entity/<uid> (HTML, or JSON with .json), and each of its tables as CSV or JSON
at /entity/<uid>/<table>.csv|.json.

A long table (an official's cases, a court's, a prison's inmates) is one page of rows on the page and in its
JSON, with its total, sortable by some columns (``sort-<table>=<column>&order-<table>=desc``) and a cursor to
the next page (``after-<table>=``); ``/entity/<uid>/<table>.json?limit=&after=`` pages one table, and its CSV,
XLSX and JSON without ``limit`` stream every row, a chunk per transaction (graph/explore/listing.py)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, render_template, request, stream_with_context, url_for

from accounts import audit

from graph.curation.history import history_tx
from graph.explore.entity import EntityPage, find_listing, get_entity, stream_rows
from graph.explore.listing import PAGE_ROWS, Ask
from graph.explore.refs import spell_notes
from graph.store.language import gettext as _
from graph.store.plain import to_json

from .util import csv_stream, get_graph, respond, viewer, wants, xlsx_response

bp = Blueprint("entities", __name__)
HTML_ROWS = 250   # rows of a short table shown on the page; the CSV and JSON downloads have every row


def _ask(args, suffix: str = "") -> Ask:
    order = args.get("order" + suffix)
    try:
        limit = int(args.get("limit" + suffix) or PAGE_ROWS)
    except ValueError:
        limit = PAGE_ROWS
    return Ask(sort=args.get("sort" + suffix) or None, desc=None if order not in ("asc", "desc") else order == "desc",
               after=args.get("after" + suffix) or None, limit=limit)


def _asks() -> dict[str, Ask]:
    """What the reader asked of each table of the page: sort-<key>, order-<key>, after-<key>."""
    keys = {name.split("-", 1)[1] for name in request.args if name.startswith(("sort-", "order-", "after-"))}
    return {key: _ask(request.args, "-" + key) for key in keys}


def _page(uid: str, revisions: int = 0) -> EntityPage:
    """The page, with that many of the record's latest revisions read in its transaction."""
    who = viewer()
    page = get_entity(get_graph(), uid[:64], who, _asks(),
                      revisions=(lambda tx, at: history_tx(tx, at, who, revisions)) if revisions else None)
    if page is None:
        abort(404, description=_("No record has this identifier. It may have been merged or deleted; "
                                 "search for the name instead."))
    return page


@bp.get("/entity/<uid>")
@bp.get("/entity/<uid>.json", endpoint="show_json")
def show(uid: str):
    page = _page(uid, revisions=50)
    return respond(lambda: render_template("entity.html", page=page, notes={f.n: f for f in page.footnotes},
                                           html_rows=HTML_ROWS, history=_history(page.node.uid),
                                           revisions=_revisions(page), saved=request.args.get("saved"),
                                           paged_url=_paged_url),
                   data=page.as_dict)


def _paged_url(uid: str, key: str, **changes) -> str:
    """This page's URL with one table's sort, order or cursor changed (the other tables keep theirs)."""
    args = {k: v for k, v in request.args.items() if k not in ("lang",)}
    for name, value in changes.items():
        if value is None:
            args.pop(f"{name}-{key}", None)
        else:
            args[f"{name}-{key}"] = value
    if "after" not in changes:
        args.pop(f"after-{key}", None)       # a new order starts at its first page
    return url_for("entities.show", uid=uid, **args) + f"#{key}"


def _revisions(page: EntityPage):
    """The record's revisions (read with the page): editors read who, why and what; other roles that it changed
    and when. A masked record shows none (its history would say what it is)."""
    return [] if page.node.masked else list(page.revisions)


def _history(uid: str) -> list[dict] | None:
    """What the audit log says about this record (editors and admins only): imports, decisions, edits,
    exports, and who was shown it."""
    if not viewer().may_edit:
        return None
    return audit.entries(current_app.config["SETTINGS"], uid=uid, limit=50)


@bp.get("/entity/<uid>/<key>.<fmt>")
def table(uid: str, key: str, fmt: str):
    if fmt not in ("csv", "json"):
        abort(404, description=_("This page has no such table."))
    found = find_listing(get_graph(), uid[:64], key, viewer())
    if found is None:       # a short table: built with its page
        page = _page(uid)
        short = page.table(key)
        if short is None:
            abort(404, description=_("This page has no such table."))
        return respond(lambda: abort(404), data=short.as_dict, table=lambda: page.table_rows(key),
                       filename=f"{uid}-{key}.csv")
    listing, uids = found
    ask = _ask(request.args)
    if fmt == "json" and ("limit" in request.args or request.args.get("after")):
        page = get_entity(get_graph(), uid[:64], viewer(), {key: ask})
        one = page.table(key) if page else None
        if one is None:
            abort(404, description=_("This page has no such table."))
        return respond(lambda: abort(404), data=lambda: {**one.as_dict(), "footnotes": [
            f.as_dict() for f in page.footnotes if f.n in {n for r in one.rows for n in r.notes}]})
    rows = stream_rows(get_graph(), listing, uids, viewer(), ask)
    columns = [_(c) for c in listing.columns]
    if fmt == "csv":
        body = ([c.text for c in row.cells] + [spell_notes(notes, [f.n for f in notes])] for row, notes in rows)
        if wants("xlsx"):
            return xlsx_response(columns + [_("Sources")], body, f"{uid}-{key}.csv")
        return csv_stream(columns + [_("Sources")], body, f"{uid}-{key}.csv")
    return Response(stream_with_context(_json_stream(listing, columns, rows)), mimetype="application/json")


def _json_stream(listing, columns, rows):
    """The whole table as one JSON document, written as it is read: each row with its sources spelled out."""
    keys = list(listing.columns)
    yield ('{"key": %s, "title": %s, "columns": %s, "headings": %s, "rows": [\n'
           % (json.dumps(listing.key), json.dumps(_(listing.title), ensure_ascii=False), json.dumps(keys),
              json.dumps(columns, ensure_ascii=False)))
    for i, (row, notes) in enumerate(rows):
        out = {**row.as_dict(tuple(keys)), "sources": [{"uid": f.uid, "label": f.label, "grade": f.grade} for f in notes]}
        yield ("," if i else "") + to_json(out) + "\n"
    yield "]}\n"
