"""`evgraph db`, `demo`, `cypher`, `check`, `serve`: the foundation commands."""
from __future__ import annotations

import sys

import click

from graph.access.viewer import OPERATOR
from graph.console.readonly import QueryFailed, QueryRefused, run_read_only
from graph.evidence.rule import find_breaches
from graph.store.db import count_nodes, delete_all
from graph.store.schema import apply_schema

from .common import FORMATS, cli_viewer, emit, open_graph, parse_params


@click.group("db")
def db_group() -> None:
    """The database: schema and reset."""


@db_group.command("init")
def db_init() -> None:
    """Create every constraint and index the schema declares (idempotent)."""
    with open_graph() as graph:
        statements = apply_schema(graph)
    click.echo(f"schema ready: {len(statements)} constraints and indexes")


@db_group.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask.")
def db_reset(yes: bool) -> None:
    """Delete every node and relationship (the schema stays)."""
    if not yes:
        click.confirm("Delete ALL data in the configured database?", abort=True)
    with open_graph() as graph:
        delete_all(graph)
    click.echo("database emptied")


@click.group("demo")
def demo_group() -> None:
    """Fictional demo data that looks like the real problem."""


@demo_group.command("load")
@click.option("--detainees", default=240, show_default=True, help="How many detainees (100000 for benchmarks).")
@click.option("--seed", default=2014, show_default=True)
@click.option("--if-empty", is_flag=True, help="Load only when the database has no nodes.")
def demo_load(detainees: int, seed: int, if_empty: bool) -> None:
    """Generate and load the demo (fictional; it says so on every source)."""
    from tqdm import tqdm

    from graph.demo.generator import DemoSize, load_demo

    with open_graph() as graph:
        if if_empty and count_nodes(graph):
            click.echo("database not empty: demo not loaded")
            return
        apply_schema(graph)
        with tqdm(desc="demo", unit=" records", disable=None) as bar:
            result = load_demo(graph, DemoSize(detainees=detainees, seed=seed), progress=bar.update)
    click.echo(f"demo loaded: {result.nodes} nodes, {result.relationships} relationships")


@click.command("cypher")
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A $parameter (repeatable).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--timeout", type=float, help="Seconds before the server stops the query (at most EVGRAPH_QUERY_TIMEOUT).")
def cypher(query: str, params: tuple[str, ...], fmt: str, timeout: float | None) -> None:
    """Run a READ-ONLY Cypher QUERY ('-' reads it from stdin); writes are refused."""
    text = sys.stdin.read() if query == "-" else query
    with open_graph() as graph:
        try:
            result = run_read_only(graph, text, parse_params(params), viewer=cli_viewer(), timeout=timeout)
        except (QueryRefused, QueryFailed) as err:
            raise click.ClickException(str(err))
    emit(result.columns, result.rows, fmt)
    if result.notice:
        click.echo(f"({result.notice})", err=True)


@click.command("check")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def check(fmt: str) -> None:
    """List every claim that breaks the evidence rule; exit 1 if there is any."""
    with open_graph() as graph:
        breaches = find_breaches(graph, OPERATOR)
    if breaches or fmt != "table":
        emit(["rule", "uid", "description"], [[b.rule, b.uid, b.description] for b in breaches], fmt)
    if breaches:
        click.echo(f"{len(breaches)} claim(s) break the evidence rule", err=True)
        raise SystemExit(1)
    if fmt == "table":
        click.echo("evidence rule holds: every violation and every claim about a person has its sources")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--debug", is_flag=True)
def serve(host: str, port: int, debug: bool) -> None:
    """Serve the web app."""
    import threading

    from graph.sanctions.matching import warm_up
    from webapp import create_app

    app = create_app()
    threading.Thread(target=warm_up, name="matching-warm-up", daemon=True).start()
    click.echo(f"Evidence Graph on http://{host}:{port}/  (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=debug, threaded=True, use_reloader=False)


COMMANDS = [db_group, demo_group, cypher, check, serve]
