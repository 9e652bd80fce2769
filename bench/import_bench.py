"""Import benchmark: a generated register of N rows (default 100,000) through `evgraph import`'s path
(parse, validate, batched UNWIND writes), against the naive way, one transaction per row, timed on a
sample. Prints both rates and their ratio.

    python -m bench.import_bench [--rows 100000] [--naive-rows 2000] [--warmup-rows 10000]

It runs on the benchmark server (bench/server.py: ./.neo4j-bench, port EVGRAPH_BENCH_BOLT_PORT), which
it empties.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .register_data import generate_register

TARGET_RATE, TARGET_RATIO = 15_000, 20   # issue 3: rows/s, and times the naive rate


def _fresh(graph) -> None:
    from graph.store.db import delete_all

    delete_all(graph)


def bench_batched(graph, path: Path) -> tuple[int, float, float]:
    """Rows, seconds to parse+validate, seconds to write, through the real import path."""
    from graph.evidence.store import file_sha256
    from graph.interchange.imports import BatchInfo, import_records
    from importers import parse_file

    start = time.perf_counter()
    parsed = parse_file(path)
    assert not parsed.problems, parsed.problems[:3]
    parsed_at = time.perf_counter()
    info = BatchInfo(path.name, file_sha256(path), parsed.format, parsed.mapping)
    import_records(graph, info, parsed.nodes, parsed.rels, {"rows": parsed.rows})
    return parsed.rows, parsed_at - start, time.perf_counter() - parsed_at


def bench_naive(graph, path: Path, rows: int) -> tuple[int, float]:
    """The first ``rows`` rows, each parsed and written in its own transaction."""
    from graph.store.writer import write_one_transaction
    from importers import parse_file

    sample = path.with_name("naive.csv")
    with path.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    start = time.perf_counter()
    parsed = parse_file(sample)
    for nodes, rels in _per_row(parsed):
        write_one_transaction(graph, nodes, rels)
    return parsed.rows, time.perf_counter() - start


def _per_row(parsed):
    """Split the flat record lists back into rows: each row starts with its Detainee record."""
    rows: list[tuple[list, list]] = []
    for node in parsed.nodes:
        if "Detainee" in node.extra_labels:
            rows.append(([], []))
        rows[-1][0].append(node)
    by_person = {r[0][0].uid: r for r in rows}
    by_case = {}
    for nodes, _ in rows:
        for n in nodes:
            if n.label == "Case":
                by_case.setdefault(n.uid, (nodes, _))
    for rel in parsed.rels:
        owner = by_person.get(rel.start_uid) or by_case.get(rel.end_uid) or by_case.get(rel.start_uid)
        owner[1].append(rel)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    parser.add_argument("--warmup-rows", type=int, default=10_000,
                        help="import this many rows first and delete them again, so the figures are those of "
                             "a warmed-up server (Neo4j compiles its hot code on first use); 0 measures a cold one")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    from .server import bench_graph

    with tempfile.TemporaryDirectory() as tmp, bench_graph() as graph:
        if args.warmup_rows:
            bench_batched(graph, generate_register(Path(tmp) / "warmup.csv", args.warmup_rows, seed=1))
            _fresh(graph)
        path = generate_register(Path(tmp) / "register.csv", args.rows)
        rows, parse_s, write_s = bench_batched(graph, path)
        _fresh(graph)
        naive_rows, naive_s = bench_naive(graph, path, args.naive_rows)
    batched = rows / (parse_s + write_s)
    naive = naive_rows / naive_s
    print(f"batched: {rows:,} rows in {parse_s + write_s:.1f}s (parse+validate {parse_s:.1f}s, write {write_s:.1f}s)"
          f" = {batched:,.0f} rows/s; writing alone {rows / write_s:,.0f} rows/s")
    print(f"naive:   {naive_rows:,} rows, one transaction each, in {naive_s:.1f}s = {naive:,.0f} rows/s")
    print(f"ratio:   {batched / naive:.1f}x")
    for what, value, target, unit in (("rate", batched, TARGET_RATE, " rows/s"),
                                      ("ratio", batched / naive, TARGET_RATIO, "x")):
        print(f"target {what} {target:,}{unit}: {'met' if value >= target else 'NOT met'}")
    server = (f"after a warm-up import of {args.warmup_rows:,} rows, deleted again" if args.warmup_rows
              else "cold server, no warm-up")
    print(f"({server}; what this machine's Neo4j can write at all, before parsing: python -m bench.ceiling_bench)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
