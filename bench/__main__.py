"""Run every benchmark module in this folder (bench/*_bench.py), each through its own main()."""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    status = 0
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name.endswith("_bench"):
            print(f"== bench.{info.name}", flush=True)
            status |= importlib.import_module(f"bench.{info.name}").main([]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
