"""How result tables read: which column links to an entity page, and how a value shows in a cell
(graph/store/plain.display)."""
from __future__ import annotations

from flask import Blueprint

from graph.store.plain import display

bp = Blueprint("tables", __name__)


def link_columns(columns: list[str]) -> dict[str, str]:
    """Column -> the column holding its uid: `name` links by `uid`, `judge` by `judge_uid`, `uid` by itself."""
    present = set(columns)
    links = {}
    for column in columns:
        if column == "uid" or column.endswith("_uid"):
            links[column] = column
        elif column == "name" and "uid" in present:
            links[column] = "uid"
        elif f"{column}_uid" in present:
            links[column] = f"{column}_uid"
    return links


def cell_uid(value) -> str | None:
    """The uid a cell points at: its own text in a uid column, or a node's uid."""
    if isinstance(value, dict) and "_node" in value:
        return value.get("uid")
    return value if isinstance(value, str) else None


@bp.app_template_filter("cell")
def _cell_filter(value) -> str:
    return display(value)


@bp.app_template_global("cell_uid")
def _cell_uid(value) -> str | None:
    return cell_uid(value)
