"""One driver for the life of the process, and the only way the application reaches Neo4j:
reads through ``execute_read``, writes through ``execute_write``, so the same code runs on a single
server, a cluster or Aura."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from neo4j import Driver, GraphDatabase, NotificationDisabledCategory, RoutingControl, unit_of_work

from graph.store.settings import Settings, load_settings

T = TypeVar("T")


class Graph:
    """A thin handle on the driver that knows which database to use."""

    def __init__(self, driver: Driver, database: str = "neo4j", settings: Settings | None = None):
        self.driver = driver
        self.database = database
        self.settings = settings

    # -- transaction functions: keep them idempotent, consume results inside ------------------------
    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(work, *args, **kwargs)

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args, **kwargs)

    # -- one-statement helpers -------------------------------------------------------------------------
    def query(self, cypher: str, params: dict | None = None, *, timeout: float | None = None) -> list[dict]:
        """Run one read statement and return its records as plain dicts."""
        @unit_of_work(timeout=timeout)
        def work(tx):
            return [record.data() for record in tx.run(cypher, params or {})]
        return self.read(work)

    def query_one(self, cypher: str, params: dict | None = None) -> dict | None:
        rows = self.query(cypher, params)
        return rows[0] if rows else None

    def execute(self, cypher: str, params: dict | None = None) -> dict:
        """Run one write statement; return the summary counters."""
        def work(tx):
            return tx.run(cypher, params or {}).consume().counters.__dict__
        return self.write(work)

    def run_schema(self, statement: str) -> None:
        self.driver.execute_query(statement, database_=self.database, routing_=RoutingControl.WRITE)

    def await_indexes(self, timeout: int = 300) -> None:
        self.driver.execute_query("CALL db.awaitIndexes($t)", {"t": timeout}, database_=self.database)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(settings: Settings | None = None) -> Graph:
    """Open the driver for ``settings`` (the environment's by default). Call once per process."""
    settings = settings or load_settings()
    # "unknown property" notifications are the normal state of sparse data (a graph without any
    # protected person has no `protected` key); they would only fill the server's console
    driver = GraphDatabase.driver(settings.uri, auth=(settings.neo4j_user, settings.password()),
                                  max_connection_lifetime=3600, connection_timeout=10,
                                  notifications_disabled_categories=[NotificationDisabledCategory.UNRECOGNIZED])
    return Graph(driver, settings.database, settings)


DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def delete_all(graph: Graph) -> None:
    """Empty the database (tests and `evgraph db reset`); schema stays."""
    with graph.driver.session(database=graph.database) as session:
        session.run(DELETE_ALL).consume()


def count_nodes(graph: Graph) -> int:
    return graph.query_one("MATCH (n) RETURN count(n) AS n")["n"]
