"""Small helpers every view uses: the graph, the viewer, JSON/CSV negotiation."""
from __future__ import annotations

import csv
import io

from flask import Response, current_app, g, request

from graph.db import Graph
from graph.plain import cell_text, to_json


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



def json_response(data, status: int = 200) -> Response:
    return Response(to_json(data, indent=1), status=status,
                    mimetype="application/json")


def csv_response(columns: list[str], rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
