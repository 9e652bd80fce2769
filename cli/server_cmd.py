"""`evgraph neo4j start|stop|status|fetch`: the project's own local Neo4j server."""
from __future__ import annotations

import click

from graph.store import server
from graph.store.settings import load_settings


def _settings():
    settings = load_settings()
    if not settings.uses_local_server:
        click.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): the app uses that server; "
                   "these commands manage the local one only.", err=True)
    return settings


@click.group("neo4j")
def neo4j_group() -> None:
    """Run the local Neo4j Community server (jars from Maven Central, Java 17+)."""


@neo4j_group.command()
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt.")
def start(timeout: float) -> None:
    """Start the server (does nothing if it runs) and wait until Bolt answers."""
    try:
        click.echo(server.start(_settings(), timeout=timeout, echo=lambda m: click.echo(m, err=True)).describe())
    except server.ServerError as err:
        raise click.ClickException(str(err))


@neo4j_group.command()
def stop() -> None:
    """Stop the server cleanly."""
    click.echo("stopped" if server.stop(_settings()) else "not running")


@neo4j_group.command()
def status() -> None:
    """Say whether the server runs, where, and which version."""
    st = server.status(_settings())
    click.echo(st.describe())
    raise SystemExit(0 if st.running else 3)


@neo4j_group.command()
@click.option("--refresh", is_flag=True, help="Fetch again (to pick up a newer 5.26 patch).")
def fetch(refresh: bool) -> None:
    """Fetch the Neo4j jars with Maven (done by `start` when needed)."""
    try:
        click.echo(server.fetch(_settings(), refresh=refresh, echo=lambda m: click.echo(m, err=True)))
    except server.ServerError as err:
        raise click.ClickException(str(err))


COMMANDS = [neo4j_group]
