"""Name search in any script: /search?q=... (HTML, or JSON with .json or Accept: application/json)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from graph.search import search_names

from .util import get_graph, json_response, viewer, wants

bp = Blueprint("search", __name__)


@bp.get("/search.json", endpoint="search_json")
@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()[:200]
    hits = search_names(get_graph(), q, viewer()) if q else []
    if wants("json"):
        return json_response({"q": q, "results": [h.as_dict() for h in hits]})
    return render_template("search.html", q=q, hits=hits)
