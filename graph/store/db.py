"""One driver for the life of the process, and the only way the application reaches Neo4j:
reads through ``execute_read``, writes through ``execute_write``, so the same code runs on a single
server, a cluster or Aura.

When Neo4j does not answer, reads give up within about two seconds, and for a few seconds after that every
call fails at once (the pages answer 503 at once instead of each waiting), then tries again by itself."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager, suppress
from threading import Lock
from typing import Any, Callable, TypeVar

from neo4j import READ_ACCESS, Driver, GraphDatabase, NotificationDisabledCategory, Record, RoutingControl, unit_of_work
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.store.settings import Settings, load_settings
from graph.store.stamp import STAMP

T = TypeVar("T")
SPENT = threading.local()   # seconds this thread spent in transactions (``spent``), for Server-Timing


def spent(reset: bool = False) -> float:
    """Seconds the current thread spent in Neo4j transactions (reads and writes) since the last reset."""
    value = getattr(SPENT, "seconds", 0.0)
    if reset:
        SPENT.seconds = 0.0
    return value


@contextmanager
def _timed():
    start = time.perf_counter()
    try:
        yield
    finally:
        SPENT.seconds = getattr(SPENT, "seconds", 0.0) + time.perf_counter() - start


_AS_IS = frozenset({str, int, float, bool, type(None), Date, DateTime, Time, Duration, CartesianPoint, WGS84Point})


def _exported(value):
    """A value read from Neo4j as ``Record.data()`` gives it (a node as the dict of its properties), with the
    values most results hold (texts, numbers, dates, lists and maps of them) checked by their exact type:
    ``data()`` asks ``isinstance`` of abstract classes for every value, a fifth of a search's time."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is list:
        return [_exported(v) for v in value]
    if kind is dict:
        return {k: _exported(v) for k, v in value.items()}
    if isinstance(value, Node):
        return _exported(dict(value))
    if isinstance(value, Relationship):
        return _exported(dict(value.start_node)), type(value).__name__, _exported(dict(value.end_node))
    if isinstance(value, Path):
        out = [_exported(value.start_node)]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            out += [type(rel).__name__, _exported(node)]
        return out
    return value


def record_data(record: Record) -> dict:
    """``record.data()``, faster (see ``_exported``)."""
    return {k: _exported(v) for k, v in record.items()}


READ_RETRY = 0.5     # a read that fails is tried once more, about a second later, then gives up
DOWN_FOR = 5.0       # seconds every call fails at once after Neo4j did not answer
UNREACHABLE = (ServiceUnavailable, SessionExpired)


class Graph:
    """A thin handle on the driver that knows which database to use."""

    def __init__(self, driver: Driver, database: str = "neo4j", settings: Settings | None = None,
                 console_driver: Callable[[], Driver] | None = None):
        self.driver = driver
        self.database = database
        self.settings = settings
        self._console_factory = console_driver
        self._console: Driver | None = None
        self._console_lock = Lock()
        self._down_until = 0.0
        self.key_state = None          # graph/store/sealing.py: the data key ring, read on first use

    def reconnect(self) -> None:
        """A new driver for the same server (after it was restarted under this handle: a bulk load)."""
        self.driver.close()
        if self._console is not None:
            self._console.close()
            self._console = None
        self.driver = _driver(self.settings, connection_timeout=2)
        self._down_until = 0.0
        self.key_state = None

    # -- health: fail fast while the server is away, recover by itself ------------------------------------
    def _guard(self) -> None:
        if time.monotonic() < self._down_until:
            raise ServiceUnavailable("Neo4j did not answer a moment ago; trying again in a few seconds.")

    @contextmanager
    def _watch(self):
        self._guard()
        try:
            yield
        except UNREACHABLE:
            self._down_until = time.monotonic() + DOWN_FOR
            raise

    # -- transaction functions: keep them idempotent, consume results inside ------------------------
    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._watch(), _timed(), self.driver.session(database=self.database,
                                                          max_transaction_retry_time=READ_RETRY) as session:
            return session.execute_read(work, *args, **kwargs)

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``work`` in a write transaction that also stamps the graph as changed (stamp.py), in the same
        commit: whatever was kept from before is known to be out of date the moment the change is seen."""
        def stamped(tx, *a, **kw):
            out = work(tx, *a, **kw)
            tx.run(STAMP).consume()
            return out
        return self.write_bookkeeping(stamped, *args, **kwargs)

    def write_bookkeeping(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A write of the graph's own bookkeeping (stored analytics, resolution candidates), not of the data:
        it does not stamp the data as changed, so what is kept until the data changes stays. (``write`` is
        this with the stamp.)"""
        with self._watch(), _timed(), self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args, **kwargs)

    def read_once(self, work: Callable[..., T], *args: Any, timeout: float) -> T:
        """One READ transaction for an analyst's query: never retried (a failure says so at once), at most
        ``timeout`` seconds, on the console's own small pool so that a busy console never holds the
        connections the pages need."""
        self._guard()     # but a console failure never marks the pages' server as down
        with _timed(), self.console_driver().session(database=self.database, default_access_mode=READ_ACCESS) as session:
            tx = session.begin_transaction(timeout=timeout)
            try:
                return work(tx, *args)
            finally:
                with suppress(Exception):    # closing a failed or timed-out transaction fails in turn:
                    tx.close()               # the first error is the one to report

    def console_driver(self) -> Driver:
        if self._console_factory is None:
            return self.driver
        with self._console_lock:
            if self._console is None:
                self._console = self._console_factory()
            return self._console

    # -- one-statement helpers -------------------------------------------------------------------------
    def query(self, cypher: str, params: dict | None = None, *, timeout: float | None = None) -> list[dict]:
        """Run one read statement and return its records as plain dicts."""
        @unit_of_work(timeout=timeout)
        def work(tx):
            return [record_data(record) for record in tx.run(cypher, params or {})]
        return self.read(work)

    def query_one(self, cypher: str, params: dict | None = None) -> dict | None:
        rows = self.query(cypher, params)
        return rows[0] if rows else None

    def execute(self, cypher: str, params: dict | None = None, *, bookkeeping: bool = False) -> dict:
        """Run one write statement; return the summary counters. ``bookkeeping``: see write_bookkeeping."""
        def work(tx):
            return tx.run(cypher, params or {}).consume().counters.__dict__
        return self.write_bookkeeping(work) if bookkeeping else self.write(work)

    def run_batched(self, cypher: str, params: dict | None = None) -> None:
        """One auto-commit statement, for ``CALL { ... } IN TRANSACTIONS`` (bulk deletes)."""
        with self._watch(), self.driver.session(database=self.database) as session:
            session.run(cypher, params or {}).consume()

    def run_schema(self, statement: str) -> None:
        self.driver.execute_query(statement, database_=self.database, routing_=RoutingControl.WRITE)

    def await_indexes(self, timeout: int = 300) -> None:
        self.driver.execute_query("CALL db.awaitIndexes($t)", {"t": timeout}, database_=self.database)

    def close(self) -> None:
        if self._console is not None:
            self._console.close()
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _driver(settings: Settings, **config: Any) -> Driver:
    # "unknown property" notifications are the normal state of sparse data (a graph without any
    # protected person has no `protected` key); they would only fill the server's console
    return GraphDatabase.driver(settings.uri, auth=(settings.neo4j_user, settings.password()),
                                max_connection_lifetime=3600,
                                notifications_disabled_categories=[NotificationDisabledCategory.UNRECOGNIZED],
                                **config)


CONSOLE_WAIT = 2.0   # seconds an analyst's query waits for a free console connection


def connect(settings: Settings | None = None) -> Graph:
    """Open the driver for ``settings`` (the environment's by default). Call once per process. Analysts'
    queries get a second, small driver of their own (EVGRAPH_CONSOLE_POOL connections), opened on first use."""
    settings = settings or load_settings()
    driver = _driver(settings, connection_timeout=2)
    console = lambda: _driver(settings, connection_timeout=5,  # noqa: E731
                              max_connection_pool_size=max(1, settings.console_pool),
                              connection_acquisition_timeout=CONSOLE_WAIT)
    return Graph(driver, settings.database, settings, console)


DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def pages_by_uid(graph: Graph, cypher: str, params: dict | None = None):
    """The pages of a read keyed on uid (``WHERE n.uid > $after ... ORDER BY n.uid LIMIT k``, returning
    ``uid``), one list of rows at a time: a walk over every record of a label in flat memory."""
    after = ""
    while True:
        rows = graph.query(cypher, {**(params or {}), "after": after})
        if not rows:
            return
        yield rows
        after = rows[-1]["uid"]


def delete_all(graph: Graph) -> None:
    """Empty the database (tests and `evgraph db reset`); schema stays."""
    with graph.driver.session(database=graph.database) as session:
        session.run(DELETE_ALL).consume()
    graph.key_state = None             # the Vault went too: the ring is recorded again before the next seal


def count_nodes(graph: Graph) -> int:
    return graph.query_one("MATCH (n) WHERE NOT n:DataStamp RETURN count(n) AS n")["n"]
