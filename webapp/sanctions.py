"""The sanctions gap (/sanctions/gap, CSV and JSON too) and the review of proposed list matches
(/sanctions/matches)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from graph.evidence.grades import CREDIBILITY, RELIABILITY
from graph.resolution.judgements import JOB, candidates_computed, candidates_stale, compute_in_background
from graph.sanctions.gap import GapFilters, get_gap
from graph.sanctions.matching import MatchError, confirm_match, propose_matches, reject_match
from graph.store.language import gettext as _, ngettext
from graph.store.schema import SCHEMA

from .dossiers import threshold_from_args
from .auth import record
from .util import get_graph, int_arg, require_editor, respond, viewer

bp = Blueprint("sanctions", __name__, url_prefix="/sanctions")
FILTER_KEYS = ("region", "role", "not_listed_by", "min_reliability", "min_credibility", "min_violations")


def _filters(args) -> GapFilters:
    try:
        min_violations = int(args.get("min_violations") or 0)
        return GapFilters(region=args.get("region") or None, kind=args.get("role") or None,
                          not_listed_by=args.get("not_listed_by") or None, threshold=threshold_from_args(args),
                          min_violations=max(0, min_violations))
    except ValueError as err:
        abort(400, description=_("Filter: %(error)s", error=err))


@bp.get("/gap")
@bp.get("/gap.json", endpoint="gap_json")
@bp.get("/gap.csv", endpoint="gap_csv")
def gap():
    rows, args = _gap_rows()

    def table():
        dicts = [r.as_dict() for r in rows]
        columns = list(dicts[0]) if dicts else ["rank", "uid", "name", *SCHEMA.sanctioning_authorities]
        return columns, [[d[c] for c in columns] for d in dicts]

    page = int_arg("page", 1, 1, 10**6)
    start = (page - 1) * GAP_PAGE_ROWS     # the ranked list is read once per change of the data: pages slice it
    return respond(lambda: render_template("sanctions_gap.html", rows=rows, args=args, page=page,
                                           shown_rows=rows[start:start + GAP_PAGE_ROWS], first=start + 1,
                                           pages=max(1, -(-len(rows) // GAP_PAGE_ROWS)),
                                           authorities=SCHEMA.sanctioning_authorities,
                                           regions=SCHEMA.vocabularies["region"], roles=SCHEMA.org_kind_roles,
                                           reliability=RELIABILITY, credibility=CREDIBILITY,
                                           unlisted=sum(1 for r in rows if not r.listed)),
                   data=lambda: {"filters": args, "authorities": list(SCHEMA.sanctioning_authorities),
                                 "officials": [r.as_dict() for r in rows]},
                   table=table, filename="sanctions-gap.csv")


GAP_PAGE_ROWS = 100    # officials on one page of the gap; CSV, XLSX and JSON have them all


def _gap_rows():
    rows = get_gap(get_graph(), _filters(request.args))
    return rows, {k: v for k, v in request.args.items() if k in FILTER_KEYS and v}


@bp.get("/matches")
def matches():
    authority = request.args.get("authority") or None
    if authority and authority not in SCHEMA.vocabularies["authority"]:
        abort(400, description=_("Unknown authority."))
    try:
        threshold = float(request.args.get("threshold") or 0.7)
    except ValueError:
        abort(400, description=_("The threshold is a number between 0 and 1."))
    graph = get_graph()
    # the proposals are the stored resolution candidates: computed here the first time, afterwards again in
    # the background when data changed (the page answers at once with the last ones, and says so)
    refreshing = candidates_computed(graph) and candidates_stale(graph) and compute_in_background(graph)
    candidates = propose_matches(graph, authority=authority, threshold=threshold, compute=not refreshing)
    return render_template("sanctions_matches.html", candidates=candidates, authority=authority or "",
                           threshold=threshold, authorities=SCHEMA.vocabularies["authority"],
                           may_edit=viewer().may_edit, refreshing=refreshing or JOB["running"])


@bp.post("/matches/decide")
def decide():
    require_editor(_("Only editors and admins may confirm or reject matches."))
    official, listed = request.form.get("official", ""), request.form.get("listed", "")
    action = request.form.get("action")
    try:
        if action == "confirm":
            n = confirm_match(get_graph(), official, listed, viewer().name)
            record("match", uids=[official, listed], new={"decision": "same person", "designations": n})
            flash(ngettext("Confirmed: %(num)d designation(s) linked.", "Confirmed: %(num)d designation(s) linked.", n))
        elif action == "reject":
            reject_match(get_graph(), official, listed, viewer().name)
            record("match", uids=[official, listed], new={"decision": "not the same person"})
            flash(_("Rejected: this pair will not be proposed again."))
        else:
            abort(400, description=_("Confirm or reject."))
    except MatchError as err:
        abort(400, description=str(err))
    return redirect(url_for("sanctions.matches", **{k: v for k, v in request.form.items()
                                                    if k in ("authority", "threshold") and v}))
