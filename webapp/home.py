"""The home page: the figures the NGOs publish, from the graph."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask import Blueprint, render_template

from graph.explore.figures import get_figures

from .util import get_graph, respond

bp = Blueprint("home", __name__)


@bp.get("/index.json", endpoint="index_json")
@bp.get("/")
def index():
    figures = get_figures(get_graph())
    return respond(lambda: render_template("home.html", f=figures, today=date.today()),
                   data=lambda: asdict(figures))
