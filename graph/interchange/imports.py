"""The provenance side of an import: one ImportBatch node per file (same file, same batch: a re-import
updates it instead of adding another), linked by IMPORTED_BY to every node the import wrote."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from graph.store.db import Graph
from graph.store.records import NodeRecord, RelRecord, WriteResult, make_uid
from graph.store.writer import record_batch, write_records


@dataclass(frozen=True)
class BatchInfo:
    file_name: str
    sha256: str
    format: str
    mapping: str = ""

    @property
    def uid(self) -> str:
        return make_uid("import", self.sha256, self.format, self.mapping)


def import_records(graph: Graph, info: BatchInfo, nodes: list[NodeRecord], rels: list[RelRecord],
                   counts: dict, progress: Callable[[int], None] | None = None) -> WriteResult:
    """Write validated records under the file's ImportBatch; return what the writer did."""
    started = datetime.now(timezone.utc)
    props = {"name": f"import of {info.file_name}", "file_name": info.file_name, "sha256": info.sha256,
             "format": info.format + (f" ({info.mapping})" if info.mapping else ""), "started_at": started}
    record_batch(graph, info.uid, props)
    result = write_records(graph, nodes, rels, batch_uid=info.uid, progress=progress)
    summary = {**counts, **result.as_dict()}
    record_batch(graph, info.uid, {**props, "counts": json.dumps(summary, ensure_ascii=False, sort_keys=True),
                                   "finished_at": datetime.now(timezone.utc)})
    return result


BATCH_CONTENTS = """
MATCH (b:ImportBatch {uid: $uid})
OPTIONAL MATCH (n)-[:IMPORTED_BY]->(b)
RETURN b.file_name AS file_name, b.sha256 AS sha256, b.format AS format, b.counts AS counts,
       count(n) AS linked
"""


def get_batch(graph: Graph, uid: str) -> dict | None:
    return graph.query_one(BATCH_CONTENTS, {"uid": uid})


RECENT = """
MATCH (b:ImportBatch)
RETURN b.uid AS uid, b.file_name AS file_name, b.format AS format, b.counts AS counts,
       b.started_at AS started_at, b.finished_at AS finished_at
ORDER BY b.finished_at DESC LIMIT $limit
"""


def recent_batches(graph: Graph, limit: int = 50) -> list[dict]:
    """The latest imports, newest first, with the rows, rejects and writes each counted."""
    out = []
    for row in graph.query(RECENT, {"limit": limit}):
        counts = json.loads(row.pop("counts") or "{}")
        out.append({**row, "rows": counts.get("rows"), "rejected": counts.get("rejected"),
                    "nodes": counts.get("nodes"), "relationships": counts.get("relationships")})
    return out
