"""How long a dossier takes: the busiest official's content and each format, then a 50-dossier batch.

    python -m bench.dossier_bench [--batch 50] [--format pdf]           # bench server, demo loaded fresh
    python -m bench.dossier_bench --configured                          # the configured database as it is
    python -m bench.dossier_bench --configured --before                 # and the batch as it was, side by side

By default it runs on the bench server (bench/server.py) and loads the default demo there first; with
--configured it uses the database the environment names (load the demo there: `evgraph demo load`). The batch
renders in one process a core (--workers); --before times it first as it was (one process, WeasyPrint's PDFs), then in one process with today's renderer.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
from unittest import mock

from dossiers import FORMATS, render
from dossiers.batch import write_batch
from dossiers.pdf import default_engine
from graph.dossier.assemble import get_dossier
from graph.sanctions.gap import GapFilters, get_gap
from graph.store.db import connect
from graph.store.records import make_uid


def _timed(work):
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def _graph(configured: bool):
    if configured:
        return connect()
    from graph.demo.generator import load_demo

    from .server import bench_graph

    graph = bench_graph()
    load_demo(graph)
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dossier_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--uid", default=make_uid("demo", "official", 0), help="official (default: the busiest judge)")
    parser.add_argument("--batch", type=int, default=50, help="dossiers in the batch")
    parser.add_argument("--format", default="pdf", choices=FORMATS, help="format of the batch")
    parser.add_argument("--configured", action="store_true", help="use the configured database, demo already loaded")
    parser.add_argument("--workers", type=int, help="processes rendering the batch (default: one a core)")
    parser.add_argument("--before", action="store_true", help="also time the batch in one process with WeasyPrint")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    with _graph(args.configured) as graph:
        render(get_dossier(graph, args.uid), "pdf")  # warm up fonts, templates and the driver
        dossier, build = _timed(lambda: get_dossier(graph, args.uid))
        c = dossier.header.counts
        print(f"official {dossier.identity.name} ({args.uid}): {c.cases} cases, {c.violations} violations, "
              f"{len(dossier.footnotes)} footnotes, {c.sources} sources")
        print(f"content (graph reads + assembly): {build:.2f} s")
        for fmt in FORMATS:
            data, took = _timed(lambda: render(dossier, fmt))
            print(f"{fmt:5} render {took:6.2f} s   total {build + took:6.2f} s   {len(data) / 1024:8.0f} KiB")
        uids = [r.uid for r in get_gap(graph, GapFilters(limit=args.batch))]
        runs = [("as it was: 1 process, WeasyPrint", 1, "weasyprint"),
                (f"1 process, {default_engine()}", 1, None)] if args.before else []
        runs += [(f"{args.workers or os.cpu_count()} processes, {default_engine()}", args.workers, None)]
        for label, workers, engine in runs:
            with mock.patch("dossiers.pdf.default_engine", lambda: engine) if engine else contextlib.nullcontext():
                result, took = _timed(lambda: write_batch(graph, uids, io.BytesIO(), args.format, workers=workers))
            print(f"batch of {result.written} {args.format} dossiers (top of the gap ranking) as ZIP, {label}: "
                  f"{took:.1f} s ({took / max(1, result.written):.2f} s each)")
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
