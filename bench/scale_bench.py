"""The app at scale, through HTTP under the production server (waitress, `evgraph serve`), on its own Neo4j.

    python -m bench.scale_bench [--detainees 100000] [--ratio-detainees 5000] [--seconds 30] [--reuse] [--saved-only]

1. Load speed, side by side in this run: the demo of ``--ratio-detainees`` written transactionally, then the same
   rows by the bulk load (neo4j-admin); elements/s of each and the ratio.
2. The bulk load of ``--detainees`` (skipped with --reuse when the bench database holds that many already).
3. Every request of issue 13 (median and p95 of ``--repeat`` requests after one warm-up), with the time the app
   spent in Neo4j transactions beside it (the Server-Timing header the app sends with EVGRAPH_SERVER_TIMING=yes)
   and the ratio of the two; the first (cold) answer of the busiest judge's page too.
4. A load test: 10 and 50 clients for ``--seconds`` s on detainee pages, official pages and search
   (requests/s, p95, errors); then the resident memory of the app and of Neo4j.
The load average (uptime) is printed at the start and the end: the machine is shared.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from graph.demo.generator import DemoSize, load_demo
from graph.store.settings import PROJECT_ROOT
from graph.store.stamp import INTERVAL, QUIET

from .server import bench_graph, emptied

PORT = 5099
PASSWORD = "bench password of the scale benchmark"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _elements(result) -> int:
    return result.nodes + result.relationships


def load_ratio(detainees: int) -> None:
    from graph.demo.bulk import bulk_demo

    graph = bench_graph(empty=True)
    start = time.perf_counter()
    normal = load_demo(graph, DemoSize(detainees=detainees))
    t_normal = time.perf_counter() - start
    emptied(graph)
    start = time.perf_counter()
    bulk = bulk_demo(graph, DemoSize(detainees=detainees), echo=lambda m: print("  bulk:", m))
    t_bulk = time.perf_counter() - start
    graph.close()
    rn, rb = _elements(normal) / t_normal, _elements(bulk) / t_bulk
    print(f"\n## Load speed ({detainees:,} detainees, same rows, this run)\n")
    print("| load | elements | seconds | elements/s |\n| --- | --- | --- | --- |")
    print(f"| transactional (`evgraph demo load`) | {_elements(normal):,} | {t_normal:.1f} | {rn:,.0f} |")
    print(f"| bulk (`evgraph demo load --bulk`) | {_elements(bulk):,} | {t_bulk:.1f} | {rb:,.0f} |")
    print(f"\nbulk ÷ transactional: **{rb / rn:.1f}×**", flush=True)


def load_big(detainees: int, reuse: bool):
    from graph.demo.bulk import bulk_demo

    graph = bench_graph(empty=False)
    have = graph.query_one("MATCH (d:Detainee) RETURN count(d) AS n")["n"]
    if reuse and abs(have - detainees) <= detainees * 0.05 and have:
        print(f"\n(reusing the bench database: {have:,} detainees)")
        return graph
    emptied(graph)
    start = time.perf_counter()
    result = bulk_demo(graph, DemoSize(detainees=detainees), echo=lambda m: print("  bulk:", m))
    took = time.perf_counter() - start
    print(f"\nbulk load of {detainees:,} detainees: {_elements(result):,} elements in {took:.0f} s "
          f"({_elements(result) / took:,.0f}/s)", flush=True)
    return graph


class Client:
    """One logged-in HTTP session (keep-alive) to the app."""

    def __init__(self, port: int, name: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookie = ""
        page = self.get("/login")[2]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"name": name, "password": PASSWORD, "csrf_token": token})
        status, _h, _b = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status not in (200, 302, 303):
            raise SystemExit(f"login failed: {status}")

    def request(self, method: str, path: str, body=None, headers=None):
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        self.conn.request(method, path, body=body, headers=headers)
        answer = self.conn.getresponse()
        data = answer.read()
        for value in answer.headers.get_all("Set-Cookie") or ():
            self.cookie = value.split(";", 1)[0]
        return answer.status, answer.headers, data.decode("utf-8", "replace")

    def get(self, path: str):
        return self.request("GET", path)


def _server(graph, workers: int = 1) -> subprocess.Popen:
    from accounts.users import Accounts

    settings = graph.settings
    accounts = Accounts(settings)
    if accounts.get("bench-scale") is None:
        accounts.add("bench-scale", "researcher", PASSWORD)
    env = dict(os.environ, EVGRAPH_HOME=str(settings.home), EVGRAPH_BOLT_PORT=str(settings.bolt_port),
               EVGRAPH_PRIVATE_DIR=str(settings.private_dir), EVGRAPH_REQUIRE_TOTP="no", EVGRAPH_SERVER_TIMING="yes",
               EVGRAPH_HEAP=settings.heap, EVGRAPH_PAGECACHE=settings.pagecache)
    # the app's log to a file: a pipe nobody reads fills up with waitress' "task queue depth" warnings under load,
    # and the app stops when a write to it blocks
    log_path = settings.home / "logs" / "bench-app.log"
    log = log_path.open("ab")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "evgraph"), "serve", "--port", str(PORT),
                             "--threads", "8", "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=log,
                            cwd=PROJECT_ROOT)
    for _ in range(240):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/login")
            return proc
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the app did not start: " + log_path.read_text(errors="replace")[-2000:])


def wait_until_idle(graph, not_before: float, quiet_polls: int = 3, limit: float = 1800) -> float:
    """Wait until ``not_before`` (perf_counter), then until Neo4j runs no transaction but this one for
    ``quiet_polls`` seconds in a row: the app's background reads are done. Returns when (perf_counter)."""
    time.sleep(max(0.0, not_before - time.perf_counter()))
    quiet, deadline = 0, time.perf_counter() + limit
    while quiet < quiet_polls and time.perf_counter() < deadline:
        running = graph.query("SHOW TRANSACTIONS YIELD currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
                              "RETURN count(*) AS n")[0]["n"]
        quiet = 0 if running else quiet + 1
        time.sleep(1)
    return time.perf_counter()


def _neo4j_ms(headers) -> float:
    found = re.search(r"neo4j;dur=([\d.]+)", headers.get("Server-Timing") or "")
    return float(found.group(1)) if found else 0.0


def measure(client: Client, path: str, repeat: int) -> dict:
    start = time.perf_counter()
    status, headers, body = client.get(path)
    first = (time.perf_counter() - start) * 1000
    if status != 200:
        return {"path": path, "status": status}
    times, neo = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        status, headers, body = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        neo.append(_neo4j_ms(headers))
    times.sort()
    return {"path": path, "status": status, "first": first, "median": statistics.median(times),
            "p95": times[max(0, int(len(times) * 0.95) - 1)], "neo4j": statistics.median(neo), "size": len(body)}


def requests_table(graph, client: Client, repeat: int, saved_only: bool = False) -> dict[str, float]:
    typical = graph.query("MATCH (d:Detainee) WHERE NOT coalesce(d.protected, false) RETURN d.uid AS uid LIMIT 5000")[-1]["uid"]
    official = graph.query_one("MATCH (o:Official)-[:JUDGE_IN]->() WITH o, count(*) AS n WHERE n = 3 "
                               "RETURN o.uid AS uid LIMIT 1")["uid"]
    judge = graph.query_one("MATCH (o:Official)-[:JUDGE_IN]->() WITH o, count(*) AS n ORDER BY n DESC LIMIT 1 "
                            "RETURN o.uid AS uid, n")
    name = graph.query_one("MATCH (o:Person {uid: $uid}) RETURN o.name AS name", {"uid": judge["uid"]})["name"]
    rows = [("search (Latin)", f"/search?q={urllib.parse.quote(name.split()[-1])}"),
            ("search (Cyrillic)", "/search?q=" + urllib.parse.quote("Курганов")),
            ("search (typo)", "/search?q=" + urllib.parse.quote("Kurganv")),
            ("a typical detainee's page", f"/entity/{typical}"),
            ("a typical official's page", f"/entity/{official}"),
            (f"the busiest judge's page ({judge['n']:,} cases)", f"/entity/{judge['uid']}"),
            ("the busiest judge's page, JSON", f"/entity/{judge['uid']}.json"),
            ("the busiest judge's cases, page 2 (JSON)", None),
            ("network depth 1 of that judge", f"/network/{judge['uid']}.json"),
            ("network depth 2 of that judge", f"/network/{judge['uid']}.json?depth=2"),
            ("the sanctions gap page", "/sanctions/gap"),
            ("the home page", "/"),
            ("/analytics (stored results)", "/analytics"),
            ("a typical official's dossier, HTML", f"/officials/{official}/dossier.html"),
            ("a typical official's dossier, PDF", f"/officials/{official}/dossier.pdf"),
            ("a typical official's dossier, DOCX", f"/officials/{official}/dossier.docx"),
            ("the busiest judge's dossier, JSON (content)", f"/officials/{judge['uid']}/dossier.json"),
            ("the busiest judge's dossier, HTML", f"/officials/{judge['uid']}/dossier.html"),
            ("the busiest judge's dossier, PDF", f"/officials/{judge['uid']}/dossier.pdf"),
            ("the busiest judge's dossier, DOCX", f"/officials/{judge['uid']}/dossier.docx"),
            ] + [(f"saved query {p.stem}", f"/console?query={p.stem}") for p in sorted((PROJECT_ROOT / "queries").glob("*.cypher"))]
    if saved_only:
        rows = [(label, path) for label, path in rows if label.startswith("saved query")]
    page = json.loads(client.get(f"/entity/{judge['uid']}/cases.json?limit=50")[2])
    print(f"\n## Requests at this size (HTTP under waitress, {repeat} requests after one warm-up)\n")
    print("| request | first | median | p95 | Neo4j (median) | median ÷ Neo4j | size |\n| --- | --- | --- | --- | --- | --- | --- |")
    firsts: dict[str, float] = {}
    for label, path in rows:
        if path is None:
            path = f"/entity/{judge['uid']}/cases.json?limit=50&after={page['paging']['next']}"
        m = measure(client, path, min(repeat, 5) if "dossier" in path or "query=" in path else repeat)   # seconds each
        if m["status"] != 200:
            print(f"| {label} | HTTP {m['status']} | | | | | |")
            continue
        ratio = m["median"] / m["neo4j"] if m["neo4j"] else float("nan")
        print(f"| {label} | {m['first']:,.0f} ms | {m['median']:,.0f} ms | {m['p95']:,.0f} ms | {m['neo4j']:,.0f} ms "
              f"| {ratio:.2f} | {m['size'] / 1024:,.0f} kB |", flush=True)
        firsts[label] = m["first"]
    return firsts


def after_a_change(graph, client: Client, firsts: dict[str, float]) -> None:
    """One write (the data stamp changes), then the wait the server's refresher needs (quiet, then one round that
    reads again what was used: about the first runs measured above), then the first request of every kept
    whole-graph answer: the saved queries (JSON, which says whether the answer was kept), the home page, the gap."""
    graph.write(lambda tx: tx.run("MATCH (o:Official) WITH o LIMIT 1 SET o.rank = o.rank").consume())
    changed = time.perf_counter()
    print(f"\n## The first request after a change of the data (one write, then the refresher's quiet {QUIET:.0f} s and "
          f"its round: until Neo4j is idle)\n")
    done = wait_until_idle(graph, changed + QUIET + 2 * INTERVAL)
    print(f"(the refresher's round done {done - changed:.0f} s after the write)\n")
    print("| request | first run after the start | first after the change | kept |\n| --- | --- | --- | --- |")
    for p in sorted((PROJECT_ROOT / "queries").glob("*.cypher")):
        start = time.perf_counter()
        status, _h, body = client.get(f"/console.json?query={p.stem}")
        took = (time.perf_counter() - start) * 1000
        kept = json.loads(body).get("kept") if status == 200 else f"HTTP {status}"
        print(f"| saved query {p.stem} | {firsts.get('saved query ' + p.stem, float('nan')):,.0f} ms | {took:,.0f} ms "
              f"| {kept} |", flush=True)
    for label, path in (("the home page", "/"), ("the sanctions gap page", "/sanctions/gap")):
        if label not in firsts:
            continue                      # not asked before (--saved-only): nothing was kept to refresh
        start = time.perf_counter()
        status, _h, _b = client.get(path)
        print(f"| {label} | {firsts.get(label, float('nan')):,.0f} ms | {(time.perf_counter() - start) * 1000:,.0f} ms "
              f"| |", flush=True)


def load_test(graph, clients: int, seconds: float) -> None:
    detainees = [r["uid"] for r in graph.query("MATCH (d:Detainee) WHERE NOT coalesce(d.protected, false) "
                                               "RETURN d.uid AS uid LIMIT 2000")]
    officials = [r["uid"] for r in graph.query("MATCH (o:Official) RETURN o.uid AS uid SKIP 100 LIMIT 2000")]
    names = [r["name"].split()[-1] for r in graph.query("MATCH (o:Official) RETURN o.name AS name LIMIT 300")]
    print(f"\n## Load test: {clients} clients, {seconds:.0f} s each\n")
    print("| pages | requests/s | median | p95 | p99 | errors |\n| --- | --- | --- | --- | --- | --- |")
    for label, paths in (("detainee pages", [f"/entity/{u}" for u in detainees]),
                         ("official pages", [f"/entity/{u}" for u in officials]),
                         ("search", [f"/search?q={urllib.parse.quote(n)}" for n in names])):
        times, errors, lock = [], [0], threading.Lock()
        sessions = [Client(PORT, "bench-scale") for _ in range(clients)]
        stop = time.perf_counter() + seconds

        def work(client: Client, seed: int):
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                start = time.perf_counter()
                try:
                    status, _h, _b = client.get(rng.choice(paths))
                except (OSError, http.client.HTTPException):
                    status = 0
                    client.conn.close()
                took = (time.perf_counter() - start) * 1000
                with lock:
                    times.append(took)
                    if status != 200:
                        errors[0] += 1
        threads = [threading.Thread(target=work, args=(s, k)) for k, s in enumerate(sessions)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - began
        for session in sessions:        # waitress holds at most 100 connections: give these back
            session.conn.close()
        times.sort()
        q = lambda p: times[min(len(times) - 1, int(len(times) * p))]  # noqa: E731
        print(f"| {label} | {len(times) / took:,.0f} | {statistics.median(times):,.0f} ms | {q(0.95):,.0f} ms "
              f"| {q(0.99):,.0f} ms | {errors[0]} |", flush=True)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def rss(pid: int, children: bool = False) -> str:
    """The resident memory of a process (with ``children``: and of the workers it supervises, each listed)."""
    own = _rss_kb(pid)
    if not children:
        return f"{own / 1024:,.0f} MB"
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        kids = []
    parts = [_rss_kb(k) for k in kids]
    each = " + ".join(f"{p / 1024:,.0f}" for p in parts)
    return f"{(own + sum(parts)) / 1024:,.0f} MB" + (f" (supervisor {own / 1024:,.0f} + workers {each} MB)" if kids else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--detainees", type=int, default=100_000)
    parser.add_argument("--ratio-detainees", type=int, default=5_000, help="size of the load-speed comparison (0: skip)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the bench database when it holds --detainees")
    parser.add_argument("--workers", type=int, default=2, help="app processes (`evgraph serve --workers`)")
    parser.add_argument("--saved-only", action="store_true", help="only the saved queries (after the start, after a change)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    sys.stdout.reconfigure(line_buffering=True)
    print(f"load average at the start: {uptime()}")
    if args.ratio_detainees and not args.reuse:
        load_ratio(args.ratio_detainees)
    # the comparison at the full size leaves its bulk load in the database: measured on that
    graph = load_big(args.detainees, args.reuse or args.ratio_detainees == args.detainees)
    proc = _server(graph, args.workers)
    print(f"\nthe app: `evgraph serve --workers {args.workers} --threads 8`")
    try:
        started = time.perf_counter()
        client = Client(PORT, "bench-scale")
        client.get("/analytics")          # the first call computes them (in the background): wait for them,
        for _ in range(600):              # so that nothing else runs in the app while it is measured
            if not json.loads(client.get("/analytics.json")[2]).get("running"):
                break
            time.sleep(1)
        # and for the warm-up of the shipped saved queries (once the data is quiet after the start)
        warmed = wait_until_idle(graph, started + QUIET + 2 * INTERVAL)
        print(f"\nthe app's background work after its start (analytics, the saved queries' warm-up) done "
              f"{warmed - started:.0f} s after the start")
        firsts = requests_table(graph, client, args.repeat, args.saved_only)
        after_a_change(graph, client, firsts)
        client.conn.close()
        for clients in () if args.saved_only else (10, 50):
            load_test(graph, clients, args.seconds)
        neo4j_pid = int((graph.settings.home / "run" / "evgraph-neo4j.pid").read_text().split()[0])
        print(f"\nmemory (VmRSS): app {rss(proc.pid, children=True)}, Neo4j {rss(neo4j_pid)}")
    finally:
        proc.terminate()
        proc.wait(30)
        graph.close()
    print(f"load average at the end: {uptime()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
