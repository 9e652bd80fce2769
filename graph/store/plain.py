"""Values out of the graph as plain text, JSON and CSV: the one place that says how dates and lists are
written, for files (``cell_text``, ``to_json``) and for people reading a page (``display``)."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from graph.store.language import format_date, yes_no

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def printable(value: str) -> str:
    """A text without the characters that are not text: C0 controls (but tab and line breaks), DEL, and
    lone surrogates, which no file format, renderer or UTF-8 encoder takes."""
    return value if value.isprintable() else _NOT_TEXT.sub("", value)


def iso(value) -> str | None:
    """A Python or Neo4j date, time or datetime as ISO 8601 text; None for anything else."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return None


def plain(value):
    """Neo4j temporal values as ISO text, lists and maps walked; everything else unchanged."""
    text = iso(value)
    if text is not None:
        return text
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def json_default(value) -> str:
    """``json.dumps(default=...)``: Python and Neo4j dates as ISO 8601, anything else as text."""
    return iso(value) or str(value)


def to_json(value, **kwargs) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default, **kwargs)


def cell_text(value) -> str:
    """One CSV cell: empty for None, JSON for lists and maps, ISO for dates."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return to_json(value)
    if isinstance(value, (str, int, float)):
        return str(value)
    return json_default(value)


def _is_date(value) -> bool:
    """A calendar date or a moment (Python's or Neo4j's); times of day and durations are not."""
    native = value.to_native() if hasattr(value, "to_native") else value
    return isinstance(native, (date, datetime))


LIST_SEPARATOR = "; "     # names hold commas ("Ivanov, Ivan"): lists are joined with semicolons


def people_text(value) -> str:
    """One cell of a table downloaded for people to read (CSV, XLSX): lists joined with "; ", yes/no in
    the language spoken, dates ISO 8601 (what spreadsheets sort), maps as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(people_text(v) for v in value)
    return cell_text(value)


def display(value: Any) -> str:
    """A value as a person reads it on a page: dates as ISO, lists joined, yes/no, numbers without noise,
    a console node as ``(Label) name``."""
    if value is None:
        return ""
    if iso(value) is not None:
        return format_date(value) if not isinstance(value, str) and _is_date(value) else iso(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(display(v) for v in value)
    if isinstance(value, dict) and "_node" in value:
        labels = "/".join(value.get("labels", []))
        return f"({labels}) {value.get('name') or value.get('uid') or ''}".strip()
    if isinstance(value, dict) and "_relationship" in value:
        return f"[:{value.get('type')}]"
    if isinstance(value, dict):
        return to_json(value)
    return str(value)
