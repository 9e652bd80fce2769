"""``evgraph demo load --bulk``: the demo through the bulk load (graph/interchange/bulk.py)."""
from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from graph.demo.generator import DemoSize, iter_generate
from graph.interchange.bulk import BulkLoad, check_empty
from graph.store.db import Graph
from graph.store.records import WriteResult
from graph.store.schema import apply_schema
from graph.store.writer import gc_paused


def bulk_demo(graph: Graph, size: DemoSize, progress: Callable[[int], None] | None = None, echo=print) -> WriteResult:
    """``evgraph demo load --bulk``: the demo generated chunk by chunk into CSV, then loaded at once."""
    check_empty(graph)
    apply_schema(graph)
    folder = Path(tempfile.mkdtemp(prefix="evgraph-bulk-", dir=graph.settings.home))
    started, total = datetime.now(timezone.utc), WriteResult()
    try:
        with gc_paused():
            load = BulkLoad(graph, folder)
            for nodes, rels in iter_generate(size):
                load.add(nodes, rels, size.batch_uid, started, total)
                if progress:
                    progress(len(nodes) + len(rels))
            load.batch(size.batch_uid, lambda: {
                "name": "Fictional demo data", "format": "demo", "started_at": started,
                "file_name": f"graph/demo/generator.py (seed {size.seed}, {size.detainees} detainees)",
                "counts": json.dumps(total.as_dict(), sort_keys=True), "finished_at": datetime.now(timezone.utc)},
                started)
            load.load(echo)
        return total
    finally:
        shutil.rmtree(folder, ignore_errors=True)
