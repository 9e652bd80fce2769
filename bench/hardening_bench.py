"""What the console's and the driver's limits cost and buy, measured side by side in one run (issue 15):

1. the 2,000-deep nesting attack: how fast it is refused (it used to hang 241 s and take a connection);
2. the pages while the console is saturated with slow queries: median and p95 of a detainee's page alone and
   during, and how the extra console queries are answered (busy, at once);
3. a result far over the byte cap (about 240 MB of JSON): time to the cut result, rows kept, memory grown;
4. Neo4j unreachable: how long a page takes to answer 503, the first time and while the app knows it is down.

    python -m bench.hardening_bench [--repeat 30]     # its own Neo4j (bench/server.py), small demo loaded
"""
from __future__ import annotations

import argparse
import resource
import socket
import statistics
import sys
import threading
import time
from dataclasses import replace

from graph.access.viewer import Viewer
from graph.console.readonly import QueryFailed, QueryRefused, run_read_only
from graph.demo.generator import DemoSize, load_demo
from graph.store.db import connect

from .server import bench_client, bench_graph

R = Viewer("researcher")
SLOW = "UNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:8.1f} ms, p95 {p95 * 1000:8.1f} ms"


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def nesting(graph, client, repeat: int) -> None:
    attack = "RETURN " + "(" * 2000 + "1" + ")" * 2000

    def refuse():
        try:
            run_read_only(graph, attack, viewer=R)
        except QueryRefused:
            return
        raise SystemExit("the nesting attack was not refused")

    print(f"1. nesting attack refused (library):   {_ms(_time(refuse, repeat))}")
    web = _time(lambda: client.post("/console.json", data={"q": attack}), repeat)
    print(f"   nesting attack refused (web, 400):  {_ms(web)}")


def saturated(graph, client, uid: str, repeat: int) -> None:
    page = f"/entity/{uid}"
    alone = _time(lambda: client.get(page), repeat)
    pool = graph.settings.console_pool
    stop = time.monotonic() + 60
    busy: list[str] = []

    def hold():
        while time.monotonic() < stop:
            try:
                run_read_only(graph, SLOW, viewer=R, timeout=8)
            except QueryFailed as err:
                busy.append(str(err))
                time.sleep(0.2)

    threads = [threading.Thread(target=hold, daemon=True) for _ in range(pool * 2)]
    for t in threads:
        t.start()
    time.sleep(2)
    during = _time(lambda: client.get(page), repeat)
    refused = _time(lambda: client.get("/console.json", query_string={"q": "RETURN 1 AS x"}), 5)
    print(f"2. a detainee's page alone:            {_ms(alone)}")
    print(f"   the same with {pool * 2} slow console queries: {_ms(during)}  "
          f"(ratio {statistics.median(during) / statistics.median(alone):.2f})")
    print(f"   a console query beyond the pool:    {_ms(refused)} ({len(busy)} told 'busy' meanwhile)")
    stop = time.monotonic()
    for t in threads:
        t.join()


def huge_result(graph) -> None:
    q = "UNWIND range(1, 2000) AS i RETURN i, range(1, 20000) AS xs"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = run_read_only(graph, q, viewer=R)
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"3. ~240 MB result: cut at {len(result.rows)} of 2000 rows ({result.cut}) in {seconds:.2f}s, "
          f"peak memory grew {grown:.0f} MB (cap {graph.settings.result_bytes / 1e6:.0f} MB)")


def outage(graph, repeat: int) -> None:

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    gone = replace(graph.settings, neo4j_uri=f"bolt://127.0.0.1:{closed}", neo4j_password="x")
    down = connect(gone)
    client = bench_client(down, settings=gone)
    first = _time(lambda: client.get("/index.json"), 1)
    again = _time(lambda: client.get("/index.json"), repeat)
    status = client.get("/index.json").status_code
    print(f"4. Neo4j unreachable: first page {first[0] * 1000:.0f} ms, then {_ms(again)} (HTTP {status})")
    down.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hardening_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    graph = bench_graph()
    try:
        load_demo(graph, DemoSize())
        client = bench_client(graph)
        uid = graph.query_one("MATCH (d:Detainee) RETURN d.uid AS uid ORDER BY d.uid LIMIT 1")["uid"]
        nesting(graph, client, args.repeat)
        saturated(graph, client, uid, args.repeat)
        huge_result(graph)
        outage(graph, args.repeat)
    finally:
        graph.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
