"""The long fuzz run: ``python -m tests.fuzz [--files N] [--seed S] [--write]``. Parses N generated
malformed files of each format and counts tracebacks (a reader failing other than with a message) and hangs;
with ``--write`` (needs the configured Neo4j) it also imports every file that parses and counts partial writes
(a failed import that left nodes behind)."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from importers import ImportFailed, WriteStopped, parse_file, write_parsed

from .generate import write_files

SLOW = 20.0   # seconds: a file that takes longer to parse counts as a hang


def run(per_format: int, seed: int = 1, graph=None, write_every: int = 1) -> Counter:
    """Parse ``per_format`` generated files of each format; with ``graph``, import every
    ``write_every``-th one that parses clean into an emptied database. Returns the tally."""
    from graph.store.db import count_nodes, delete_all

    tally: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        for path in write_files(Path(tmp), per_format, seed):
            tally["files"] += 1
            t0 = time.perf_counter()
            try:
                parsed = parse_file(path)
            except ImportFailed:
                tally["refused with a message"] += 1
                continue
            except Exception:  # noqa: BLE001 - what the fuzz run is looking for
                tally["tracebacks"] += 1
                print(f"TRACEBACK {path}:\n{traceback.format_exc()}", file=sys.stderr)
                continue
            finally:
                tally["hangs"] += time.perf_counter() - t0 > SLOW
            clean = parsed.nodes and not parsed.problems
            tally["parsed clean" if clean else "parsed, rows rejected"] += 1
            if graph is not None and clean and tally["parsed clean"] % write_every == 0:
                delete_all(graph)
                try:
                    write_parsed(graph, parsed, Path(tmp) / "evidence")
                    tally["written"] += 1
                except WriteStopped:
                    tally["write stopped"] += 1
                    tally["partial writes"] += count_nodes(graph) > 0
                except Exception:  # noqa: BLE001
                    tally["tracebacks"] += 1
                    print(f"TRACEBACK writing {path}:\n{traceback.format_exc()}", file=sys.stderr)
        tally["seconds"] = round(time.perf_counter() - started)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500, help="files per format")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="also import what parses (empties the database!)")
    args = parser.parse_args(argv)
    graph = None
    if args.write:
        from graph.store.db import connect
        graph = connect()
    tally = run(args.files, args.seed, graph)
    for key, value in tally.items():
        print(f"{key:32} {value}")
    return 1 if tally["tracebacks"] or tally["hangs"] or tally["partial writes"] else 0


if __name__ == "__main__":
    sys.exit(main())
