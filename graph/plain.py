"""Values out of the graph as plain JSON and CSV: one place for how dates and lists are written,
shared by the command line and the web app's downloads."""
from __future__ import annotations

import json
from datetime import date, datetime


def json_default(value) -> str:
    """``json.dumps(default=...)``: Python and Neo4j dates as ISO 8601, anything else as text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def to_json(value, **kwargs) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default, **kwargs)


def cell_text(value) -> str:
    """One CSV or table cell: empty for None, JSON for lists and maps, ISO for dates."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return to_json(value)
    if isinstance(value, (str, int, float)):
        return str(value)
    return json_default(value)
