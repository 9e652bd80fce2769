"""Small helpers every view uses: the graph, the viewer, JSON/CSV negotiation."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

from flask import Response, current_app, g, request

from graph.db import Graph


def get_graph() -> Graph:
    return current_app.extensions["graph"]


def viewer():
    return g.viewer


def wants(fmt: str) -> bool:
    """True when the URL ends in .json/.csv, ?format= asks for it, or the Accept header prefers it."""
    if request.path.endswith("." + fmt) or request.args.get("format") == fmt:
        return True
    mime = {"json": "application/json", "csv": "text/csv"}[fmt]
    best = request.accept_mimetypes.best_match([mime, "text/html"])
    return best == mime and request.accept_mimetypes[mime] > request.accept_mimetypes["text/html"]


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def json_response(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, default=_default, indent=1), status=status,
                    mimetype="application/json")


def csv_response(columns: list[str], rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else json.dumps(v, ensure_ascii=False, default=_default)
                         if isinstance(v, (list, dict)) else _default(v) if not isinstance(v, (str, int, float))
                         else v for v in row])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
