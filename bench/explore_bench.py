"""Server-side time of the explore pages on the demo data: search, an official's page, a depth-2 network of
the busiest judge, and path queries. Median of repeated requests through Flask's test client (the whole
server path: routing, Neo4j reads, rendering).

    python -m bench.explore_bench [--repeat 20] [--detainees 240]   # own Neo4j (bench/server.py), demo loaded
    python -m bench.explore_bench --existing                        # the Neo4j of the environment, as it is
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from graph.demo.generator import BUSY_JUDGE_UID as BUSY_JUDGE
from graph.demo.generator import DemoSize, load_demo
from graph.store.db import Graph, connect
from graph.store.records import make_uid
from graph.store.settings import load_settings

REPORT_2022 = make_uid("demo", "source", "report", 2022)   # the demo's yearly NGO report: the most cited source


def timed(client, url: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of ``repeat`` requests after one warm-up, and the response size."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(response.data)


def targets(client) -> list[tuple[str, str]]:
    judge = client.get(f"/entity/{BUSY_JUDGE}.json")
    if judge.status_code != 200:
        raise SystemExit("The busiest demo judge is not in the database: load the demo first (evgraph demo load).")
    name = judge.get_json()["node"]["name"]
    victims = client.get(f"/entity/{BUSY_JUDGE}/victims.json").get_json()["rows"]
    far = client.get("/search.json?q=a&kind=detainee&region=donetsk").get_json()["results"]
    out = [("search (surname)", f"/search?q={name.split()[-1]}"),
           ("search (Cyrillic, typo)", "/search?q=Курганв"),
           ("official's page (busiest judge)", f"/entity/{BUSY_JUDGE}"),
           ("source page (yearly report, every claim)", f"/entity/{REPORT_2022}"),
           ("network depth 1 (busiest judge), JSON", f"/network/{BUSY_JUDGE}.json"),
           ("network depth 2 (busiest judge), JSON", f"/network/{BUSY_JUDGE}.json?depth=2"),
           ("network depth 2 (busiest judge), page", f"/network/{BUSY_JUDGE}?depth=2")]
    if victims:
        out.append(("detainee's page (one of his victims)", f"/entity/{victims[-1]['Person']['uid']}"))
        out.append(("path judge -> one of his victims", f"/paths?a={BUSY_JUDGE}&b={victims[-1]['Person']['uid']}"))
    if far:
        out.append(("path judge -> a Donetsk detainee", f"/paths?a={BUSY_JUDGE}&b={far[0]['uid']}"))
    return out


def open_graph(existing: bool, detainees: int) -> Graph:
    if existing:
        return connect(load_settings())
    from bench.server import bench_graph

    graph = bench_graph()
    started = time.perf_counter()
    load_demo(graph, DemoSize(detainees=detainees))
    print(f"demo with {detainees} detainees loaded in {time.perf_counter() - started:.0f}s")
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--detainees", type=int, default=DemoSize().detainees)
    parser.add_argument("--existing", action="store_true", help="use the Neo4j of the environment as it is")
    args = parser.parse_args(argv if argv is not None else [])
    from bench.server import bench_client

    with open_graph(args.existing, args.detainees) as graph:
        client = bench_client(graph)
        print(f"{'request':44} {'median ms':>10} {'bytes':>9}   url")
        for label, url in targets(client):
            ms, size = timed(client, url, args.repeat)
            print(f"{label:44} {ms:10.1f} {size:9d}   {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
