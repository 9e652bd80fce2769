"""`evgraph query NAME --param k=v`: run a saved query of queries/*.cypher; `evgraph query --list`."""
from __future__ import annotations

import difflib

import click

from graph.console.readonly import QueryFailed, QueryRefused
from graph.console.saved import ParamError, SavedQuery, load_queries, run_saved

from .common import FORMATS, cli_viewer, emit, open_graph


def _split(pairs: tuple[str, ...]) -> dict[str, str]:
    raw = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: expected key=value", param_hint="--param")
        key, value = pair.split("=", 1)
        raw[key.strip()] = value
    return raw


def _describe_params(query: SavedQuery) -> str:
    return ", ".join(f"{p.name} ({p.type}{', ' + p.default_text if p.default_text else ''})" for p in query.params)


def _list(fmt: str) -> None:
    queries = load_queries()
    rows = [[q.name, q.title, ", ".join(q.tags), _describe_params(q)] for q in queries.values()]
    emit(["name", "title", "tags", "params (type, default)"], rows, fmt)


def _find(name: str) -> SavedQuery:
    queries = load_queries()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else " See `evgraph query --list`."
    raise click.ClickException(f"No saved query named {name!r}.{hint}")


@click.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable); typed by the query's header.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the saved queries and their parameters.")
@click.option("--timeout", type=float, help="Seconds before the server stops the query (at most EVGRAPH_QUERY_TIMEOUT).")
def query(name: str | None, params: tuple[str, ...], fmt: str, list_: bool, timeout: float | None) -> None:
    """Run the saved query NAME (a file queries/NAME.cypher) read-only; --list shows them all."""
    if list_ or not name:
        _list(fmt)
        return
    saved = _find(name)
    with open_graph() as graph:
        try:
            result = run_saved(graph, saved, _split(params), cli_viewer(), timeout=timeout)
        except ParamError as err:
            raise click.ClickException(f"{err}. Parameters of {name}: {_describe_params(saved) or 'none'}")
        except (QueryRefused, QueryFailed) as err:
            raise click.ClickException(str(err))
    emit(result.columns, result.rows, fmt)
    if result.notice:
        click.echo(f"({result.notice})", err=True)


COMMANDS = [query]
