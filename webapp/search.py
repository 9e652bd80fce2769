"""Name search in any script: /search?q=...&kind=&region=&status= (HTML; JSON with .json or
Accept: application/json; CSV with format=csv)."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from graph.explore.search import KIND_ORDER, SearchFilters
from graph.explore.search import search as run_search
from graph.store.schema import SCHEMA

from .util import get_graph, respond, viewer

bp = Blueprint("search", __name__)


@bp.get("/search.json", endpoint="search_json")
@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()[:200]
    a = request.args
    filters = SearchFilters.parse(a.get("kind"), a.get("region"), a.get("status"))
    result = run_search(get_graph(), q, viewer(), filters)

    def table():
        rows = [[h.uid, h.kind, h.name, "; ".join(h.other_names), "; ".join(h.facts),
                 url_for("entities.show", uid=h.uid, _external=True)] for h in result.hits]
        return ["uid", "kind", "name", "other names", "facts", "url"], rows

    return respond(lambda: render_template("search.html", q=q, result=result, kinds=KIND_ORDER,
                                           regions=SCHEMA.vocabularies["region"],
                                           statuses=SCHEMA.vocabularies["status"]),
                   data=result.as_dict, table=table, filename="search.csv")
