"""What this machine's Neo4j can write at all: the import benchmark's register, already parsed and
grouped, written three ways, so the import's rate can be read against a measured ceiling.

    python -m bench.ceiling_bench [--rows 100000]

1. ``import``: the real writer (graph/store/writer.py), MERGE on uid with every property and the
   IMPORTED_BY provenance links, as `evgraph import` writes.
2. ``no provenance``: the same without IMPORTED_BY.
3. ``create``: CREATE instead of MERGE, every property as the import writes it, no provenance (nodes and
   relationships found by uid, as the import finds them): what MERGE's lookups and locks cost.
4. ``floor``: CREATE with the uid alone, no other property, no MERGE, no index lookups (nodes found
   by element id), no provenance, into an empty database. No importer that keeps this register as a graph can write less; its rate is the most any
   import of these rows can reach on this machine, before a single cell is parsed.

Python's parsing is left out of all three (it is timed by bench.import_bench). Two transactions run
side by side, on groups that share no node, as the writer does. It runs on the benchmark server
(bench/server.py), which it empties.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .register_data import generate_register


def _floor_write(graph, node_groups: dict, rel_groups: dict, batch_size: int = 20_000) -> int:
    """CREATE every node (uid only), then every relationship (no property) between nodes found by the
    element ids the node statements returned, two lanes at a time. The fastest of the ways tried
    (uid lookups instead of element ids, batches of 2,000 to 20,000 rows)."""
    from graph.store.lanes import node_lanes, rel_lanes, side_by_side
    from graph.store.schema import SCHEMA

    ids: dict[str, str] = {}

    def nodes(keys):
        for label, extra in keys:
            statement = f"UNWIND $rows AS uid CREATE (n:{SCHEMA.base_label(label)} {{uid: uid}}) RETURN elementId(n)"
            uids = [row["uid"] for row in node_groups[(label, extra)]]
            for i in range(0, len(uids), batch_size):
                chunk = uids[i:i + batch_size]
                created = graph.write(lambda tx: [r[0] for r in tx.run(statement, rows=chunk)])
                ids.update(zip(chunk, created))

    def rels(keys):
        for rel_type, _a, _b in keys:
            statement = ("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] "
                         f"MATCH (b) WHERE elementId(b) = row[1] CREATE (a)-[:{rel_type}]->(b)")
            pairs = [[ids[row["start"]], ids[row["end"]]] for row in rel_groups[(rel_type, _a, _b)]]
            for i in range(0, len(pairs), batch_size):
                graph.write(lambda tx, chunk=pairs[i:i + batch_size]: tx.run(statement, rows=chunk).consume())

    with ThreadPoolExecutor(2) as pool:
        side_by_side(pool, nodes, *node_lanes(node_groups), [])
        side_by_side(pool, rels, *rel_lanes(rel_groups))
    return sum(map(len, node_groups.values())) + sum(map(len, rel_groups.values()))


def _create_write(graph, node_groups: dict, rel_groups: dict, batch_size: int = 5_000) -> int:
    """The writer's statements with CREATE for MERGE (no ON CREATE, no provenance), the same lanes and batches:
    what is left of the import's work once nothing is looked up before it is written."""
    from datetime import datetime, timezone

    from graph.store.lanes import node_lanes, rel_lanes, side_by_side
    from graph.store.schema import SCHEMA

    now = datetime.now(timezone.utc)

    def nodes(keys):
        for label, extra in keys:
            set_extra = "".join(f" SET n:{x}" for x in sorted(extra))
            statement = (f"UNWIND $rows AS row CREATE (n:{SCHEMA.base_label(label)} {{uid: row.uid}}) "
                         f"SET n += row.props, n.created_at = $now, n.updated_at = $now{set_extra}")
            rows = node_groups[(label, extra)]
            for i in range(0, len(rows), batch_size):
                graph.write(lambda tx, chunk=rows[i:i + batch_size]: tx.run(statement, rows=chunk, now=now).consume())

    def rels(keys):
        for rel_type, a, b in keys:
            statement = (f"UNWIND $rows AS row MATCH (a:{a} {{uid: row.start}}) MATCH (b:{b} {{uid: row.end}}) "
                         f"CREATE (a)-[r:{rel_type} {{uid: row.uid}}]->(b) "
                         f"SET r += row.props, r.created_at = $now, r.updated_at = $now")
            rows = rel_groups[(rel_type, a, b)]
            for i in range(0, len(rows), batch_size):
                graph.write(lambda tx, chunk=rows[i:i + batch_size]: tx.run(statement, rows=chunk, now=now).consume())

    with ThreadPoolExecutor(2) as pool:
        side_by_side(pool, nodes, *node_lanes(node_groups), [])
        side_by_side(pool, rels, *rel_lanes(rel_groups))
    return sum(map(len, node_groups.values())) + sum(map(len, rel_groups.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ceiling_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    from graph.interchange.imports import BatchInfo
    from graph.store.db import delete_all
    from graph.store.writer import group_nodes, group_rels, record_batch, write_records
    from importers import parse_file

    from .server import bench_graph

    with tempfile.TemporaryDirectory() as tmp, bench_graph() as graph:
        path = generate_register(Path(tmp) / "register.csv", args.rows)
        parsed = parse_file(path)
        node_groups, rel_groups = group_nodes(parsed.nodes), group_rels(parsed.rels)
        elements = sum(map(len, node_groups.values())) + sum(map(len, rel_groups.values()))
        print(f"{parsed.rows:,} rows: {sum(map(len, node_groups.values())):,} nodes, "
              f"{sum(map(len, rel_groups.values())):,} relationships (+1 IMPORTED_BY per node in 1.)")
        # warm-ups, not timed: the first writes after the server starts pay its JIT and page cache (the first
        # import of 20,000 rows took 2.5x as long as the next)
        write_records(graph, parsed.nodes, parsed.rels)
        delete_all(graph)
        _floor_write(graph, node_groups, rel_groups)
        results = []
        for name, batch in (("1. import (MERGE, properties, provenance)", True),
                            ("2. the same without provenance", False)):
            times = []
            for round_ in range(2):     # the best of two, as the floor's best of three
                delete_all(graph)
                batch_uid = None
                if batch:
                    batch_uid = BatchInfo(path.name, f"bench-{round_}", "register").uid
                    record_batch(graph, batch_uid, {"name": "bench"})
                started = time.perf_counter()
                written = write_records(graph, parsed.nodes, parsed.rels, batch_uid=batch_uid)
                times.append(time.perf_counter() - started)
            results.append((name, written.nodes + written.relationships + (written.nodes if batch else 0),
                            min(times)))
        creates = []
        for _ in range(2):
            delete_all(graph)
            started = time.perf_counter()
            count = _create_write(graph, node_groups, rel_groups)
            creates.append(time.perf_counter() - started)
        results.append(("3. CREATE, every property, no provenance", count, min(creates)))
        floor = []
        for _ in range(3):   # the best of three: the floor should be no higher than it is
            delete_all(graph)
            started = time.perf_counter()
            count = _floor_write(graph, node_groups, rel_groups)
            floor.append(time.perf_counter() - started)
        results.append(("4. floor (CREATE, uid only, no provenance)", count, min(floor)))
    for name, count, seconds in results:
        print(f"{name:44s} {count:>9,} elements in {seconds:5.1f}s = {count / seconds:>7,.0f} elements/s"
              f" = {parsed.rows / seconds:>6,.0f} rows/s")
    print(f"import / floor = {results[0][1] / results[0][2] / (results[-1][1] / results[-1][2]):.2f} "
          f"(target >= 0.5); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"(1., 2. and 3. are the best of two, 4. the best of {', '.join(f'{t:.1f}s' for t in floor)}; 1. and 2. include the writer's own grouping of {len(parsed.nodes) + len(parsed.rels):,} records "
          f"in Python; 3. and 4. start from {elements:,} grouped rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
