"""The home page: the figures the NGOs publish, from the graph."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template

from graph.stats import get_figures

from .util import get_graph, json_response, wants

bp = Blueprint("home", __name__)


@bp.get("/index.json", endpoint="index_json")
@bp.get("/")
def index():
    figures = get_figures(get_graph())
    if wants("json"):
        from dataclasses import asdict
        return json_response(asdict(figures))
    return render_template("home.html", f=figures, today=date.today())
