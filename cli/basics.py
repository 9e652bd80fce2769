"""`evgraph db`, `demo`, `cypher`, `check`, `serve`: the foundation commands."""
from __future__ import annotations

import contextlib
import os
import sys
import time

import click

from graph.access.viewer import OPERATOR, viewer_for
from graph.console.readonly import QueryFailed, QueryRefused, run_read_only
from graph.evidence.rule import find_breaches
from graph.store.db import count_nodes, delete_all
from graph.store.schema import apply_schema

from graph.store.settings import load_settings

from .common import FORMATS, audit, cli_viewer, emit, open_graph, parse_params, require_role


@click.group("db")
def db_group() -> None:
    """The database: schema and reset."""


@db_group.command("init")
def db_init() -> None:
    """Create every constraint and index the schema declares (idempotent)."""
    with open_graph() as graph:
        statements = apply_schema(graph)
    click.echo(f"schema ready: {len(statements)} constraints and indexes")


@db_group.command("rekey")
def db_rekey() -> None:
    """Make every record's name keys again under today's rules (after an upgrade that changed them)."""
    from graph.store.rekeying import refresh_name_keys

    require_role("admin", "evgraph db rekey")
    with open_graph() as graph:
        total = count_nodes(graph)
        with click.progressbar(length=total, label="name keys", file=sys.stderr) as bar:
            changed = refresh_name_keys(graph, bar.update)
    click.echo(f"name keys made again: {changed} records changed")


@db_group.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask.")
def db_reset(yes: bool) -> None:
    """Delete every node and relationship. The local server's store files and transaction logs are deleted
    with them (a delete alone leaves old values readable on disk); the schema is made again."""
    from graph.store import server

    require_role("admin", "evgraph db reset")
    if not yes:
        click.confirm("Delete ALL data in the configured database?", abort=True)
    settings = load_settings()
    if settings.uses_local_server:
        server.wipe(settings, echo=lambda m: click.echo(m, err=True))
        if server.status(settings).running:
            with open_graph() as graph:
                apply_schema(graph)
        click.echo("database emptied: store files and transaction logs deleted")
    else:
        with open_graph() as graph:
            delete_all(graph)
        click.echo("database emptied (on this server, deleted values stay in its transaction logs until they "
                   "rotate: see README, 'Protected identities')")
    audit("keys", reason="database reset")


@click.group("demo")
def demo_group() -> None:
    """Fictional demo data that looks like the real problem."""


@demo_group.command("load")
@click.option("--detainees", default=240, show_default=True, help="How many detainees (100000 for benchmarks).")
@click.option("--seed", default=2014, show_default=True)
@click.option("--if-empty", is_flag=True, help="Load only when the database has no nodes.")
@click.option("--bulk", is_flag=True, help="Into an EMPTY database with neo4j-admin's import (many times faster).")
def demo_load(detainees: int, seed: int, if_empty: bool, bulk: bool) -> None:
    """Generate and load the demo (fictional; it says so on every source), and its accounts (README)."""
    from tqdm import tqdm

    from graph.demo.generator import DemoSize, load_demo

    require_role("editor", "evgraph demo load")
    with open_graph() as graph:
        if if_empty and count_nodes(graph):
            click.echo("database not empty: demo not loaded")
            return
        apply_schema(graph)
        with tqdm(desc="demo" + (" (CSV for the bulk load)" if bulk else ""), unit=" records", disable=None) as bar:
            if bulk:
                from graph.demo.bulk import bulk_demo
                from graph.interchange.bulk import BulkRefused

                try:
                    result = bulk_demo(graph, DemoSize(detainees=detainees, seed=seed), progress=bar.update,
                                       echo=lambda m: click.echo(m, err=True))
                except BulkRefused as err:
                    raise click.ClickException(str(err))
            else:
                result = load_demo(graph, DemoSize(detainees=detainees, seed=seed), progress=bar.update)
    click.echo(f"demo loaded: {result.nodes} nodes, {result.relationships} relationships")
    made = demo_accounts()
    if made:
        click.echo("demo accounts (README, 'Demo accounts'): " + ", ".join(made))
    audit("import", detail={"demo": True, "detainees": detainees, "seed": seed}, new=result.as_dict())


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
        # the operator with the key ring: a protected detainee's PACE criteria are in its seal
        breaches = find_breaches(graph, viewer_for(graph, OPERATOR.role, OPERATOR.name))
    if breaches or fmt != "table":
        emit(["rule", "uid", "description"], [[b.rule, b.uid, b.description] for b in breaches], fmt)
    if breaches:
        click.echo(f"{len(breaches)} claim(s) break the evidence rule", err=True)
        raise SystemExit(1)
    if fmt == "table":
        click.echo("evidence rule holds: every violation and every claim about a person has its sources")


DEMO_ACCOUNTS = {"viewer": "demo-viewer-2014", "researcher": "demo-researcher-2014",
                 "editor": "demo-editor-2014", "admin": "demo-admin-2014"}


def demo_accounts() -> list[str]:
    """One account per role for the demo, named after its role, with the passwords the README gives. Only
    ever made by `demo load`: a real installation gets one random admin password instead (`serve`)."""
    from accounts.users import Accounts

    accounts = Accounts(load_settings())
    made = []
    for role, password in DEMO_ACCOUNTS.items():
        if accounts.get(role) is None:
            accounts.add(role, role, password)
            made.append(f"{role} / {password}")
    return made


def first_admin() -> None:
    """On the first start with no account at all: an admin with a random password, printed once."""
    from accounts.users import Accounts

    accounts = Accounts(load_settings())
    if accounts.count() == 0:
        _, password = accounts.add("admin", "admin", must_change=True)
        audit("account", new={"account": "admin", "role": "admin"}, reason="first start: no account existed")
        click.echo("\n" + "=" * 72 + f"\nNo account existed: made the admin account 'admin'.\n"
                   f"Its one-time password (shown only now): {password}\n"
                   "Log in, choose your own password, set up the second factor, then add your team's "
                   "accounts (Accounts page, or `evgraph users add`).\n" + "=" * 72 + "\n")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--threads", default=8, show_default=True, envvar="EVGRAPH_THREADS",
              help="Requests served at once by each worker.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), envvar="EVGRAPH_WORKERS",
              help="Processes serving the one address, each with its own Neo4j driver (made after the fork); "
                   "one a core uses them (Python runs one thread at a time in each).")
@click.option("--dev", is_flag=True, help="Flask's development server with the debugger instead (never on a "
                                          "shared machine).")
def serve(host: str, port: int, threads: int, workers: int, dev: bool) -> None:
    """Serve the web app with waitress, a production WSGI server: threads in each worker process."""
    require_role("admin", "evgraph serve")
    first_admin()
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"WARNING: serving on {host}, beyond this machine. Put the app behind a TLS reverse proxy "
                   "(README, 'Running on a server') and set EVGRAPH_BEHIND_PROXY=yes: passwords and the names "
                   "of people at risk must never cross a network in clear text.", err=True)
    if dev:
        _worker(host, port, threads, None, dev=True)
    elif workers == 1:
        _worker(host, port, threads, None)
    else:
        _supervise(host, port, threads, workers)


def _worker(host: str, port: int, threads: int, sock, dev: bool = False) -> None:
    """One process serving requests: the app (and its Neo4j driver) made here, after any fork."""
    import signal
    import threading

    from graph.console.saved import warm_shipped
    from graph.sanctions.matching import warm_up
    from graph.store.stamp import REFRESHER
    from webapp import create_app

    app = create_app()
    REFRESHER.enable()    # whole-graph answers in use (saved queries, home, gap) read again after a change
    # the shipped saved queries' default answers read before anyone asks (after the start, after each change)
    REFRESHER.warm(app.extensions["graph"], warm_shipped)
    threading.Thread(target=warm_up, name="matching-warm-up", daemon=True).start()
    if sock is None:
        click.echo(f"Evidence Graph on http://{host}:{port}/  (Ctrl+C to stop)")
    if dev:
        app.run(host=host, port=port, debug=True, threaded=True, use_reloader=False)
        return
    from waitress import create_server

    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    server = create_server(app, threads=threads, ident="Evidence Graph", clear_untrusted_proxy_headers=True, **where)

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo(f"stopping{'' if sock is None else f' worker {os.getpid()}'}: finishing the requests in progress",
                   err=True)
    finally:
        server.close()
        app.extensions["graph"].close()


STOP_SECONDS = 30      # a worker still busy this long after SIGTERM is killed


def _supervise(host: str, port: int, threads: int, workers: int) -> None:
    """``workers`` processes accepting on one socket bound here: each makes its app and driver after the fork
    (a driver's connections must not be shared between processes); one that dies is started again; SIGTERM or
    Ctrl+C stops them all, each finishing the requests it has."""
    import signal
    import socket
    import threading

    from accounts.db import after_fork

    sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                backlog=1024)
    sock.setblocking(False)
    children: set[int] = set()
    stopping = False

    def start_one() -> None:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)    # until the worker's own handler
                signal.signal(signal.SIGINT, signal.SIG_IGN)     # the supervisor says when to stop
                after_fork()
                _worker(host, port, threads, sock)
            except BaseException:  # noqa: BLE001 - the supervisor starts another; the reason goes to stderr
                import traceback
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.add(pid)

    def signal_all(sig) -> None:
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def stop(*_):
        nonlocal stopping
        if not stopping:
            stopping = True
            signal_all(signal.SIGTERM)
            late = threading.Timer(STOP_SECONDS, signal_all, args=(signal.SIGKILL,))
            late.daemon = True
            late.start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        start_one()
    click.echo(f"Evidence Graph on http://{host}:{port}/  ({workers} workers of {threads} threads; Ctrl+C to stop)")
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            click.echo(f"worker {pid} ended ({os.waitstatus_to_exitcode(status)}): starting another", err=True)
            time.sleep(1)
            start_one()
    sock.close()


COMMANDS = [db_group, demo_group, cypher, check, serve]
