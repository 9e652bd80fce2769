"""Network analytics at scale: a full recomputation (read, network, sampled betweenness, Louvain, store), then
the page answering from the stored results. Issue 13's targets: recomputation <= 60 s at 100,000 detainees,
/analytics <= 150 ms from stored results.

    python -m bench.analytics_bench [DETAINEES]      # default 100000 (EVGRAPH_BENCH_DETAINEES)
"""
from __future__ import annotations

import os
import statistics
import sys
import time

from bench.server import bench_client, bench_graph
from graph.demo.generator import DemoSize, load_demo
from graph.explore import analytics
from graph.store.db import delete_all


def _stages(graph) -> dict[str, float]:
    """Seconds of each stage of one recomputation."""
    marks: list[tuple[str, float]] = []
    analytics.compute(graph, lambda name: marks.append((name, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    return {name: round(marks[i + 1][1] - at, 2) for i, (name, at) in enumerate(marks[:-1])}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    detainees = int(argv[0]) if argv else int(os.environ.get("EVGRAPH_BENCH_DETAINEES", "100000"))
    graph = bench_graph(empty=False)
    try:
        have = graph.query_one("MATCH (p:Detainee) RETURN count(p) AS n")["n"]
        if have != detainees:          # a demo of this size left by the last run is used again
            delete_all(graph)
            started = time.perf_counter()
            load_demo(graph, DemoSize(detainees=detainees))
            print(f"demo of {detainees} detainees loaded in {time.perf_counter() - started:.0f} s", flush=True)
        else:
            print(f"the bench server holds the demo of {detainees} detainees already", flush=True)
        analytics.BACKGROUND = False
        started = time.perf_counter()
        result = analytics.recompute(graph)
        total = time.perf_counter() - started
        print(f"network: {result.network_nodes} officials, {result.network_edges} links; betweenness sample "
              f"{result.sample or 'exact'}")
        print(f"full recomputation: {total:.1f} s (target <= 60 s)")
        print("stages (a second run):", _stages(graph))
        client = bench_client(graph)
        client.get("/analytics")            # warm
        times = []
        for _ in range(30):
            t = time.perf_counter()
            page = client.get("/analytics")
            times.append((time.perf_counter() - t) * 1000)
            assert page.status_code == 200
        times.sort()
        print(f"/analytics from stored results: median {statistics.median(times):.0f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:.0f} ms (target p95 <= 150 ms; Flask test client, "
              f"no HTTP server)")
    finally:
        graph.close()


if __name__ == "__main__":
    main()
