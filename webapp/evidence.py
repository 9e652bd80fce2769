"""The evidence rule, on a page: every claim about a person that lacks its sources (HTML, JSON, CSV), and
what editors marked "needs review"."""
from __future__ import annotations

from flask import Blueprint, render_template

from graph.curation.edits import needs_review
from graph.evidence.rule import RULES, find_breaches

from .util import get_graph, respond, viewer

bp = Blueprint("evidence", __name__)
COLUMNS = ["rule", "uid", "description", "subject_uid"]


def _breaches():
    return find_breaches(get_graph(), viewer(), limit=2000)


@bp.get("/evidence/")
@bp.get("/evidence.json", endpoint="index_json")
@bp.get("/evidence.csv", endpoint="index_csv")
def index():
    breaches = _breaches()
    review = needs_review(get_graph(), viewer(), limit=500)
    return respond(lambda: render_template("evidence.html", breaches=breaches, rules=RULES, review=review),
                   data=lambda: {"breaches": [b.as_dict() for b in breaches], "needs_review": review},
                   table=lambda: (COLUMNS, [[b.rule, b.uid, b.description, b.subject_uid] for b in breaches]),
                   filename="evidence-rule-breaches.csv")
