"""Name search in any script: /search?q=...&kind=&region=&status= (HTML; JSON with .json or
Accept: application/json; CSV with format=csv)."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from graph.schema import SCHEMA
from graph.search import KIND_ORDER, SearchFilters, search as run_search

from .util import csv_response, get_graph, json_response, viewer, wants

bp = Blueprint("search", __name__)


@bp.get("/search.json", endpoint="search_json")
@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()[:200]
    a = request.args
    filters = SearchFilters.parse(a.get("kind"), a.get("region"), a.get("status"))
    result = run_search(get_graph(), q, viewer(), filters)
    if wants("json"):
        return json_response(result.as_dict())
    if wants("csv"):
        rows = [[h.uid, h.kind, h.name, "; ".join(h.other_names), "; ".join(h.facts),
                 url_for("entities.show", uid=h.uid, _external=True)] for h in result.hits]
        return csv_response(["uid", "kind", "name", "other names", "facts", "url"], rows, "search.csv")
    return render_template("search.html", q=q, result=result, kinds=KIND_ORDER,
                           regions=SCHEMA.vocabularies["region"], statuses=SCHEMA.vocabularies["status"])
