"""The network around a node, expandable in the browser, and "how is A connected to B".

/explore                       landing page: what this is, a search box, the path form
/network/<uid>[.json|.csv]     the neighbourhood (?depth=1|2&types=...&kinds=...)
/api/network/<uid>.json        one node's neighbours, for a click in the picture (?skip= for "+ K more")
/paths[.json|.csv]?a=...&b=...    shortest paths, by uid or by name
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from graph.explore.network import ALL_KINDS, ALL_TYPES, HUB_CAP, Filters, get_network
from graph.explore.paths import Paths, find_paths, resolve
from graph.store.language import gettext as _

from .util import get_graph, int_arg, json_response, respond, viewer, wants

bp = Blueprint("explore", __name__)


def _filters() -> Filters:
    return Filters.parse(request.args.getlist("types"), request.args.getlist("kinds"))


def _is_page() -> bool:
    """An HTML page may show an unfinished form; a download needs both ends."""
    return not (wants("json") or wants("csv"))


@bp.get("/explore")
def index():
    return render_template("explore.html")


@bp.get("/network/<uid>")
@bp.get("/network/<uid>.json", endpoint="network_json")
@bp.get("/network/<uid>.csv", endpoint="network_csv")
def network(uid: str):
    depth, filters = int_arg("depth", 1, 1, 2), _filters()
    picture = get_network(get_graph(), uid[:64], viewer(), depth, filters)
    if picture is None:
        # not an identifier: a name, taken when one record stands out, else the records it could mean
        found, choices = resolve(get_graph(), uid, viewer())
        if found is not None:
            return redirect(url_for(request.endpoint, uid=found.uid, **request.args.to_dict(flat=False)))
        if choices:
            return respond(lambda: render_template("choose.html", text=uid, choices=choices,
                                                   endpoint=request.endpoint, args=request.args.to_dict(flat=False)),
                           data=lambda: {"error": _("a name matches several records: choose one by uid"),
                                         "candidates": [c.as_dict() for c in choices]}, status=300)
        abort(404, description=_("No record has this identifier; search for the name instead."))
    return respond(lambda: render_template("network.html", picture=picture, filters=filters, all_types=ALL_TYPES,
                                           all_kinds=ALL_KINDS, hub_cap=HUB_CAP),
                   data=picture.as_dict, table=lambda: (list(picture.TABLE_COLUMNS), picture.table_rows()),
                   filename=f"network-{uid[:64]}.csv")


@bp.get("/api/network/<uid>.json")
def expand(uid: str):
    picture = get_network(get_graph(), uid[:64], viewer(), 1, _filters(), skip=int_arg("skip", 0, 0, 10**6),
                          cap=int_arg("cap", HUB_CAP, 1, 200))
    if picture is None:
        abort(404, description=_("No record has this identifier."))
    return json_response(picture.as_dict())


@bp.get("/paths")
@bp.get("/paths.json", endpoint="paths_json")
@bp.get("/paths.csv", endpoint="paths_csv")
def paths():
    a, b = request.args.get("a", "").strip(), request.args.get("b", "").strip()
    result = find_paths(get_graph(), a, b, viewer()) if a or b else None
    complete = bool(result and a and b)
    if result is not None and result.ambiguous:
        complete = False
    return respond(lambda: render_template("paths.html", a=a, b=b, result=result),
                   data=lambda: (dict(result.as_dict(), error=_("a name matches several records: choose one by uid"))
                                 if result is not None and result.ambiguous else
                                 result.as_dict() if complete else {"error": _("give a and b (uids or names)")}),
                   table=lambda: (list(Paths.TABLE_COLUMNS), result.table_rows() if complete else []),
                   filename="paths.csv", status=200 if complete or _is_page() else 400)
