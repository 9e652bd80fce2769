"""How result tables read: which column links to an entity page, and how a value shows in a cell."""
from __future__ import annotations

import json

from flask import Blueprint

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


def cell_text(value) -> str:
    """A value as plain text for a table cell (the template escapes it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, dict) and "_node" in value:
        labels = "/".join(value.get("labels", []))
        return f"({labels}) {value.get('name') or value.get('uid') or ''}".strip()
    if isinstance(value, dict) and "_relationship" in value:
        return f"[:{value.get('type')}]"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def cell_uid(value) -> str | None:
    """The uid a cell points at: its own text in a uid column, or a node's uid."""
    if isinstance(value, dict) and "_node" in value:
        return value.get("uid")
    return value if isinstance(value, str) else None


@bp.app_template_filter("cell")
def _cell_filter(value) -> str:
    return cell_text(value)


@bp.app_template_global("cell_uid")
def _cell_uid(value) -> str | None:
    return cell_uid(value)
