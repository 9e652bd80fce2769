"""The evidence rule, on a page: every claim about a person that lacks its sources (HTML, JSON, CSV)."""
from __future__ import annotations

from flask import Blueprint, render_template

from graph.evidence import RULES, find_breaches

from .util import csv_response, get_graph, json_response, viewer

bp = Blueprint("evidence", __name__)
COLUMNS = ["rule", "uid", "description", "subject_uid"]


def _breaches():
    return find_breaches(get_graph(), limit=2000, viewer=viewer())


@bp.get("/evidence/")
def index():
    return render_template("evidence.html", breaches=_breaches(), rules=RULES)


@bp.get("/evidence.json", endpoint="index_json")
def index_json():
    return json_response({"breaches": [b.as_dict() for b in _breaches()]})


@bp.get("/evidence.csv", endpoint="index_csv")
def index_csv():
    rows = [[b.rule, b.uid, b.description, b.subject_uid] for b in _breaches()]
    return csv_response(COLUMNS, rows, "evidence-rule-breaches.csv")
