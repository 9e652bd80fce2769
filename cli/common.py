"""Helpers shared by the commands: the graph connection, --param parsing, table/CSV/JSON output."""
from __future__ import annotations

import csv
import json
import sys
from typing import Iterable

import click

from graph.access.viewer import Viewer
from graph.store.db import Graph, connect
from graph.store.plain import cell_text, json_default
from graph.store.settings import load_settings

FORMATS = click.Choice(["table", "csv", "json"])


def open_graph() -> Graph:
    """Connect to the configured database, or exit with a message that says what to do."""
    settings = load_settings()
    try:
        graph = connect(settings)
        graph.driver.verify_connectivity()
        return graph
    except Exception as err:  # noqa: BLE001 - any failure here gets the same advice
        where = settings.uri
        hint = ("start it with `evgraph neo4j start` (or `make run`)" if settings.uses_local_server
                else "check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD")
        raise click.ClickException(f"Cannot reach Neo4j at {where}: {err}. To fix: {hint}.")


def cli_viewer() -> Viewer:
    """Who runs the command: the role in EVGRAPH_ROLE, until accounts reach the command line."""
    return Viewer(role=load_settings().role)


def parse_params(pairs: Iterable[str]) -> dict:
    """`k=v` pairs; v is read as JSON when it parses (numbers, true/false, lists), else as a string."""
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: expected key=value", param_hint="--param")
        key, raw = pair.split("=", 1)
        try:
            params[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            params[key.strip()] = raw
    return params


def emit(columns: list[str], rows: list[list], fmt: str, out=None) -> None:
    """Write rows as an aligned table, CSV or JSON (a list of objects) to ``out`` (stdout)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump([dict(zip(columns, r)) for r in rows], out, ensure_ascii=False, indent=2, default=json_default)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[cell_text(v) for v in r] for r in rows])
    else:
        cells = [[cell_text(v) for v in r] for r in rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
        line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
        out.write(line.rstrip() + "\n" + "  ".join("-" * w for w in widths) + "\n")
        for r in cells:
            out.write("  ".join(v[:w].ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
