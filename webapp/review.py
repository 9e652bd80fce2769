"""The review queue (/review, editors): candidate pairs of "same entity", strongest first, side by side with
every property that differs; same / not same / unsure (keys s, n, u) with a reason, and undo. The
candidates are computed once and stored (graph/resolution), so the queue opens at once; when the data
changed since, they are computed again in the background."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from graph.access.masking import visible_props
from graph.resolution import judgements as resolution
from graph.store.language import gettext as _
from graph.store.plain import display
from graph.store.schema import SCHEMA

from .auth import record
from .util import get_graph, json_response, require_editor, viewer, wants

bp = Blueprint("review", __name__)
PAGE = 20
SHOWN = ("name", "name_uk", "name_ru", "name_en", "aliases", "birth_date", "birth_date_as_written", "birth_place",
         "gender", "citizenship", "positions", "rank", "identifiers", "kind", "jurisdiction", "location", "region")
RECORDS = """
UNWIND $uids AS uid
CALL (uid) { MATCH (n:Person {uid: uid}) RETURN n UNION MATCH (n:Organization {uid: uid}) RETURN n }
RETURN uid, properties(n) AS props, labels(n) AS labels,
       COLLECT { MATCH (n)-[:IMPORTED_BY]->(b:ImportBatch) RETURN DISTINCT coalesce(b.file_name, b.name) } AS datasets,
       COUNT { (n)-[:SUBJECT_OF]->() } AS listings,
       COUNT { (n)-[:HOLDS_POSITION|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN|RESPONSIBLE_FOR]->() } AS documented
"""


@bp.before_request
def editors_only():
    require_editor(_("Only editors and admins decide which records are the same entity."))


def _records(uids: list[str]) -> dict[str, dict]:
    out = {}
    for r in get_graph().query(RECORDS, {"uids": uids}):
        props, _hidden = visible_props(r["labels"], r["props"], viewer())
        out[r["uid"]] = {"props": props, "datasets": r["datasets"], "listings": r["listings"],
                         "documented": r["documented"]}
    return out


def _sides(candidate, records: dict) -> dict:
    a, b = records.get(candidate.a), records.get(candidate.b)
    if a is None or b is None:
        return {}
    rows = []
    for key in SHOWN:
        va, vb = display(a["props"].get(key)), display(b["props"].get(key))
        if va or vb:
            rows.append({"field": SCHEMA.property_label(key), "a": va, "b": vb, "differs": va != vb})
    return {"candidate": candidate, "a": a, "b": b, "rows": rows}


@bp.get("/review")
@bp.get("/review.json", endpoint="index_json")
def index():
    graph = get_graph()
    stale = resolution.candidates_stale(graph)
    if stale:
        resolution.compute_in_background(graph)
    label = request.args.get("label") or None
    candidates = resolution.open_candidates(graph, label=label, limit=PAGE)
    if wants("json"):
        return json_response({"stale": stale, "job": resolution.JOB, "candidates": [c.as_dict() for c in candidates]})
    records = _records(sorted({u for c in candidates for u in (c.a, c.b)}))
    pairs = [p for p in (_sides(c, records) for c in candidates) if p]
    recent = resolution.recent_judgements(graph, limit=10)
    return render_template("review.html", pairs=pairs, stale=stale, job=resolution.JOB, recent=recent,
                           label=label)


@bp.post("/review/judge")
def judge():
    a, b = request.form.get("a", ""), request.form.get("b", "")
    judgement = request.form.get("judgement", "")
    reason = " ".join(request.form.get("reason", "").split())[:2000]
    try:
        done = resolution.judge(get_graph(), a, b, judgement, viewer().name, reason)
    except resolution.JudgementError as exc:
        abort(400, description=str(exc))
    record("match", uids=[a, b], reason=reason or None, detail={"judgement": judgement, "pair": done["pair"]})
    return redirect(url_for(".index", label=request.form.get("label") or None))


@bp.post("/review/undo")
def undo():
    a, b = request.form.get("a", ""), request.form.get("b", "")
    try:
        done = resolution.undo(get_graph(), a, b, viewer().name)
    except resolution.JudgementError as exc:
        abort(400, description=str(exc))
    record("match", uids=[a, b], detail={"undo": done["undone"], "pair": done["pair"]})
    return redirect(url_for(".index"))


@bp.post("/review/compute")
def compute():
    started = resolution.compute_in_background(get_graph())
    record("match", detail={"compute": "started" if started else "already running"})
    return redirect(url_for(".index"))
