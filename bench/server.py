"""A Neo4j for benchmarks: its own folder and port, so it never touches the app's or the tests' data."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graph.store import server
from graph.store.db import Graph, connect
from graph.store.schema import apply_schema
from graph.store.settings import PROJECT_ROOT, load_settings


def bench_graph(port: int | None = None, empty: bool = True) -> Graph:
    """Start (or reuse) the bench server, empty it (unless ``empty`` is False), apply the schema; the caller
    closes the graph."""
    port = port or int(os.environ.get("EVGRAPH_BENCH_BOLT_PORT", "7689"))
    # EVGRAPH_BENCH_HOME (with EVGRAPH_BENCH_BOLT_PORT): a second bench server, e.g. for a bench that empties its
    # database while another keeps a 100,000-detainee graph
    home = Path(os.environ.get("EVGRAPH_BENCH_HOME") or PROJECT_ROOT / ".neo4j-bench")
    settings = load_settings(home=home, bolt_port=port, neo4j_uri=None,
                             neo4j_password=None, heap=os.environ.get("EVGRAPH_BENCH_HEAP", "4g"),
                             pagecache=os.environ.get("EVGRAPH_BENCH_PAGECACHE", "2g"),
                             # its own key ring and accounts, never the developer's
                             private_dir=Path(tempfile.mkdtemp(prefix="evgraph-bench-private-")), data_key=None,
                             accounts_url=None, secret_key=None)
    server.start(settings, timeout=300)
    if empty:
        server.wipe(settings)       # the store files deleted: a 100,000-detainee graph is too big to DELETE
    graph = connect(settings)
    apply_schema(graph)
    return graph


def emptied(graph: Graph) -> Graph:
    """The bench server's database emptied (store files deleted, server restarted), on the same handle."""
    server.wipe(graph.settings)
    graph.reconnect()
    apply_schema(graph)
    return graph


def bench_client(graph: Graph, role: str = "researcher", settings=None):
    """A test client of the app on ``graph``, logged in as an account of ``role`` (pages need a login)."""
    from accounts.users import Accounts
    from webapp import create_app
    from webapp.auth import put_in_session

    settings = settings or graph.settings
    app = create_app({"TESTING": True, "SETTINGS": settings, "GRAPH": graph})
    accounts = Accounts(settings)
    account = accounts.get(f"bench-{role}") or accounts.add(f"bench-{role}", role)[0]
    client = app.test_client()
    with client.session_transaction() as session:
        put_in_session(session, account)
    return client
