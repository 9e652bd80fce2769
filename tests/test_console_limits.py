"""No console query can take the app down: too long or too deep is refused before Neo4j parses it, a huge
result is cut with a notice, memory is capped per transaction, the timeout cannot be raised, a failure is
never retried, and the console runs on connections of its own while the pages keep answering."""
from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from graph.access.viewer import Viewer
from graph.console import readonly
from graph.console.readonly import MAX_NESTING, MAX_STATEMENT, QueryFailed, QueryRefused
from graph.store.db import connect

R = Viewer("researcher")


def run(graph, cypher, **limits):
    return readonly.run_read_only(graph, cypher, viewer=R, **limits)


@pytest.mark.parametrize("cypher", [
    "RETURN " + "(" * 2000 + "1" + ")" * 2000,
    "RETURN " + "[" * 500 + "1" + "]" * 500,
    "RETURN " + "{a: " * 300 + "1" + "}" * 300,
    "RETURN " + "NOT " * 1000 + "true",
    "RETURN " + "- " * 1000 + "1",
    "RETURN " + "CASE WHEN true THEN " * 400 + "1" + " END" * 400,                  # 100 s to plan, before
    "RETURN " + "+".join(["1"] * 5000) + " AS x",                                   # 15 s
    "MATCH (n) RETURN n" + ".a" * 5000 + " AS x",                                   # 125 s, then a dead connection
    " UNION ".join(["RETURN 1 AS x"] * 300),
    "MATCH (a) WHERE " + "EXISTS { MATCH (b) WHERE " * 20 + "true" + " }" * 20 + " RETURN a",   # 30 s
    "MATCH " + "-".join(["()"] * 2000) + " RETURN 1",
])
def test_deep_nesting_is_refused_at_once_and_the_pages_keep_answering(neo4j, client, cypher):
    started = time.perf_counter()
    with pytest.raises(QueryRefused, match="levels deep|too long a chain|subqueries"):
        run(neo4j, cypher)
    assert time.perf_counter() - started < 1.0
    page = client.post("/console.json", data={"q": cypher})
    assert page.status_code == 400 and page.get_json()["error"] == "refused"
    assert client.get("/index.json").status_code == 200


def test_long_but_ordinary_statements_still_run(neo4j):
    for cypher in ("RETURN " + "+".join(["1"] * 390) + " AS x",
                   "RETURN " + "CASE WHEN true THEN " * 40 + "1" + " END" * 40 + " AS x",
                   " UNION ".join(["RETURN 1 AS x"] * 30),
                   "MATCH (a) WHERE " + "EXISTS { MATCH (b) WHERE " * 8 + "true" + " }" * 8 + " RETURN a LIMIT 1",
                   "RETURN [" + ",".join(["1"] * 5000) + "] AS x"):
        assert run(neo4j, cypher).columns, cypher[:40]


def test_ordinary_brackets_are_fine(neo4j):
    nested = "RETURN " + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING + " AS x"
    assert run(neo4j, nested).rows == [[1]]
    assert run(neo4j, "RETURN '" + "(" * 3000 + "' AS s").rows     # brackets in a string are text


def test_a_statement_too_long_is_refused_never_cut(neo4j, client):
    long = "RETURN 1 AS x" + " " * 10 + "// " + "x" * (MAX_STATEMENT + 100) + "\n"
    with pytest.raises(QueryRefused, match="characters long"):
        run(neo4j, "RETURN 1 AS x, '" + "x" * (MAX_STATEMENT + 10) + "' AS y")
    body = client.post("/console.json", data={"q": "RETURN 1 AS x, '" + "y" * 30_031 + "' AS y"}).get_json()
    assert body["error"] == "refused" and "30,0" in body["message"]
    assert len(long) > MAX_STATEMENT


def test_a_huge_result_is_cut_in_bytes_with_a_notice(neo4j, settings):
    small = connect(replace(settings, result_bytes=200_000))
    try:
        result = run(small, "UNWIND range(1, 5000) AS i RETURN i, range(1, 100) AS many")
        assert result.truncated and result.cut == "bytes" and 0 < len(result.rows) < 5000
        assert "size cap" in result.notice
        one = run(small, "RETURN range(1, 1000000) AS xs")      # one row larger than the cap
        assert one.rows == [] and one.cut == "bytes"
    finally:
        small.close()


def test_a_result_over_the_default_size_cap_is_cut_with_a_notice(neo4j, client):
    """About 24 MB of rows against the 16 MB default: cut, with the notice on the page and in JSON."""
    q = "UNWIND range(1, 200) AS i RETURN i, range(1, 20000) AS xs"
    result = run(neo4j, q)
    assert result.cut == "bytes" and 100 < len(result.rows) < 200
    body = client.get("/console.json", query_string={"q": q}).get_json()
    assert body["truncated"] and "size cap" in body["notice"]


def test_a_query_needing_too_much_memory_fails_alone_and_fast(neo4j, client):
    started = time.perf_counter()
    with pytest.raises(QueryFailed, match="more memory"):
        run(neo4j, "UNWIND range(1, 30000000) AS x WITH collect([x, toString(x)]) AS xs RETURN size(xs) AS n")
    assert time.perf_counter() - started < 30          # once, not retried three times
    assert client.get("/index.json").status_code == 200


def test_no_caller_can_raise_the_timeout(neo4j, settings, runner):
    from cli import main

    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"
    short = connect(replace(settings, query_timeout=0.5))
    try:
        started = time.perf_counter()
        with pytest.raises(QueryFailed, match="longer than 0.5s"):
            run(short, slow, timeout=600)
        assert time.perf_counter() - started < 10
    finally:
        short.close()
    result = runner.invoke(main, ["cypher", "RETURN 1 AS x", "--timeout", "100000"])
    assert result.exit_code == 0


def test_the_console_has_its_own_connections(neo4j, settings, client):
    """Queries beyond the console's pool wait briefly and are told the console is busy; the pages never wait."""
    graph = connect(replace(settings, console_pool=1))
    slow = "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"
    errors: list[Exception] = []

    def hold():
        try:
            run(graph, slow, timeout=6)
        except QueryFailed as err:
            errors.append(err)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        time.sleep(1.0)
        with pytest.raises(QueryFailed, match="busy"):
            run(graph, "RETURN 1 AS x")
        started = time.perf_counter()
        assert graph.query_one("RETURN 1 AS x") == {"x": 1}    # the pages' pool is free
        assert time.perf_counter() - started < 1.0
    finally:
        holder.join()
        graph.close()


def test_a_map_that_looks_like_a_node_is_just_a_map(neo4j, client, runner):
    from cli import main

    result = run(neo4j, "RETURN {_node: 'x'} AS fake, {_relationship: 1, labels: 2} AS other")
    assert result.rows[0][0]["_node"] == "x"
    assert client.get("/console", query_string={"q": "RETURN {_node: 'x'} AS fake"}).status_code == 200
    assert client.get("/console.json", query_string={"q": "RETURN {_node: 'x'} AS fake"}).status_code == 200
    cli = runner.invoke(main, ["cypher", "RETURN {_node: 'x'} AS fake"])
    assert cli.exit_code == 0 and "Traceback" not in cli.output
