"""Charts drawn on the server as inline SVG: the geometry here, the markup in templates/_charts.html.
No JavaScript and nothing from outside; every label reaches the page through Jinja's escaping."""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import Blueprint

from graph.store.language import format_number, gettext as _
from graph.store.schema import SCHEMA

bp = Blueprint("charts", __name__)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    part: float = 0.0        # height of the highlighted part of a column (e.g. still held)
    note: str = ""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...] = ()   # (position, value) of gridlines
    label_width: int = 0
    total: int = 0


def _nice_step(top: int, lines: int = 4) -> int:
    raw = max(1, top) / lines
    magnitude = 10 ** math.floor(math.log10(raw))
    return max(1, int(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)))  # 2 detainees: step 1


def column_chart(rows: list[dict], width: int = 560, height: int = 220, part_key: str = "") -> Chart:
    """Vertical columns (one per row, in order), e.g. detentions per year; ``part_key`` shades a part."""
    top = max([r["n"] for r in rows] + [1])
    step = _nice_step(top)
    scale_top = step * math.ceil(top / step)
    pad, left = 10, 34
    plot_h = height - 28 - pad
    slot = (width - left) / max(1, len(rows))
    unit = plot_h / scale_top
    bars = tuple(Bar(str(r["key"]), r["n"], left + i * slot + slot * 0.12, pad + plot_h - unit * r["n"],
                     slot * 0.76, unit * r["n"], unit * r.get(part_key, 0) if part_key else 0,
                     _("%(n)s still held", n=format_number(r.get(part_key, 0))) if part_key else "")
                 for i, r in enumerate(rows))
    ticks = tuple((pad + plot_h - plot_h * v / scale_top, v) for v in range(0, scale_top + 1, step))
    return Chart(width, height, bars, ticks, left, sum(r["n"] for r in rows))


def _label(key) -> str:
    text = SCHEMA.words(None, key)
    return text[:1].upper() + text[1:]


def bar_chart(rows: list[dict], width: int = 560, row_height: int = 26, label_width: int = 190) -> Chart:
    """Horizontal bars (one per row, in order), e.g. detainees per region."""
    top = max([r["n"] for r in rows] + [1])
    span = width - label_width - 48
    bars = tuple(Bar(_label(r["key"]), r["n"], label_width, i * row_height + 4,
                     max(2.0, span * r["n"] / top), row_height - 8, note=str(r.get("title", "")))
                 for i, r in enumerate(rows))
    return Chart(width, row_height * len(rows) + 4, bars, (), label_width, sum(r["n"] for r in rows))


bp.add_app_template_global(column_chart, "column_chart")
bp.add_app_template_global(bar_chart, "bar_chart")
