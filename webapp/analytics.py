"""Network analytics of officials: /analytics (HTML or JSON), each table as CSV or JSON at
/analytics/central and /analytics/clusters (format=csv|json, or .csv/.json)."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, render_template, request

from graph.explore.analytics import JOB, Analytics, get_analytics
from graph.store.language import age_words
from graph.store.language import N_, gettext

from .tables import link_columns
from .util import get_graph, json_response, respond

bp = Blueprint("analytics", __name__)
SHOWN_MEMBERS = 100      # members of a cluster on the page and in its JSON; the clusters download has them all
TABLES = {"central": ("CENTRAL_COLUMNS", "central_rows"), "clusters": ("CLUSTER_COLUMNS", "cluster_rows")}
# The columns' headings on the page (the downloads keep the column names themselves).
COLUMN_WORDS = {"name": N_("name"), "post": N_("post"), "betweenness": N_("betweenness"), "degree": N_("degree"),
                "cases": N_("cases"), "victims": N_("victims"), "sanctions": N_("sanctions")}


def column_labels(columns: list[str]) -> list[str]:
    return [gettext(COLUMN_WORDS[c]) if c in COLUMN_WORDS else c for c in columns]


def _top() -> int:
    return max(5, min(500, request.args.get("top", 25, type=int) or 25))


def _table(data: Analytics, name: str) -> tuple[list[str], list[list]]:
    columns, rows = TABLES[name]
    return list(getattr(data, columns)), getattr(data, rows)()


@bp.get("/analytics")
@bp.get("/analytics.json", endpoint="index_json")
def index():
    data = get_analytics(get_graph(), top=_top())

    def html():
        central_columns, central_rows = _table(data, "central")
        return render_template("analytics.html", data=data, top=_top(), central_columns=central_columns,
                               age=age_words(data.computed_at), job=JOB, shown=SHOWN_MEMBERS,
                               central_labels=column_labels(central_columns),
                               central_rows=central_rows, links=link_columns(central_columns))

    return respond(html, data=lambda: {"central": [asdict(c) for c in data.central],
                                       "clusters": [{**asdict(c), "officials": c.officials[:SHOWN_MEMBERS],
                                                     "size": c.size} for c in data.clusters],
                                       "network_nodes": data.network_nodes, "network_edges": data.network_edges,
                                       "computed_at": data.computed_at, "seconds": data.seconds,
                                       "sample": data.sample, "stale": data.stale, "running": data.running})


@bp.get("/analytics/<any(central, clusters):table>")
@bp.get("/analytics/<any(central, clusters):table>.<any(csv, json):ext>", endpoint="table_file")
def table(table: str, ext: str = ""):
    columns, rows = _table(get_analytics(get_graph(), top=_top()), table)
    as_json = lambda: [dict(zip(columns, row)) for row in rows]  # noqa: E731
    return respond(lambda: json_response(as_json()), data=as_json, table=lambda: (columns, rows),
                   filename=f"{table}.csv")
