"""Helpers shared by the commands: the graph connection, --param parsing, table/CSV/JSON output."""
from __future__ import annotations

import csv
import getpass
import json
import sys
from typing import Iterable

import click

from graph.access.viewer import Journal, Viewer, viewer_for
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


OPERATOR_NAME = "local operator"


def acting_as() -> str | None:
    """The account named by ``evgraph --as NAME`` or EVGRAPH_USER, if any."""
    ctx = click.get_current_context(silent=True)
    name = (ctx.find_root().obj or {}).get("as_user") if ctx else None
    return name or load_settings().user


def cli_account():
    """The account the command acts as; None for the local operator (whoever holds the private folder and
    the server's password on this machine, which is already everything). A named account must exist and be
    enabled: its role then limits and masks the command like the web does."""
    name = acting_as()
    if not name:
        return None
    from accounts.users import Accounts

    account = Accounts(load_settings()).get(name)
    if account is None or account.disabled:
        raise click.ClickException(f"no enabled account named {name!r} (see `evgraph users list`)")
    return account


def actor_name() -> str:
    account = cli_account()
    return account.name if account else f"{OPERATOR_NAME} ({getpass.getuser()})"


def cli_role() -> str:
    account = cli_account()
    return account.role if account else "admin"


def cli_viewer(graph: Graph | None = None) -> Viewer:
    """Who runs the command, as the reads see them. With ``graph``, a trusted role gets the key ring (its
    reads open seals, and are journaled); without, nothing sealed is opened."""
    name, role = actor_name(), cli_role()
    if graph is None:
        return Viewer(role, name)
    return viewer_for(graph, role, name, Journal())


ROLE_RANK = {"viewer": 0, "researcher": 1, "editor": 2, "admin": 3}


def require_role(needed: str, what: str) -> None:
    """Stop the command, with an audit entry, unless the acting account has at least role ``needed``."""
    role = cli_role()
    if ROLE_RANK[role] < ROLE_RANK[needed]:
        audit("refused", reason=f"{what}: needs {needed}, account is {role}")
        raise click.ClickException(f"{what} needs the {needed} role; {actor_name()} is a {role}.")


def audit(action: str, **fields) -> None:
    """An audit entry for what this command did, attributed to the acting account."""
    from accounts.audit import record

    record(load_settings(), actor_name(), action, address="command line", **fields)


def audit_disclosures(viewer: Viewer, what: str) -> None:
    if viewer.journal is not None and viewer.journal.seen:
        audit("disclosure", uids=viewer.journal.seen, detail={"command": what})


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
