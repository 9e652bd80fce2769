"""The provenance side of an import: one ImportBatch node per file (same file, same batch: a re-import
updates it instead of adding another), linked by IMPORTED_BY to every node the import wrote.

An import is one unit of success: if the database fails halfway, what this import created is removed
again and the batch says ``failed``; if even that cannot be done (the database is gone), the message says
so, and running the import again completes it without duplicating anything."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from neo4j.exceptions import DriverError, Neo4jError

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


class WriteFailed(Exception):
    """The database failed while an import was written; ``undone`` says whether what it had created was
    removed again."""

    def __init__(self, cause: Exception, undone: bool):
        self.cause, self.undone = cause, undone
        super().__init__(getattr(cause, "message", None) or str(cause))


def import_records(graph: Graph, info: BatchInfo, nodes: list[NodeRecord], rels: list[RelRecord],
                   counts: dict, progress: Callable[[int], None] | None = None) -> WriteResult:
    """Write validated records under the file's ImportBatch; return what the writer did, or raise
    WriteFailed after removing what a failed write had created."""
    started = datetime.now(timezone.utc)
    props = {"name": f"import of {info.file_name}", "file_name": info.file_name, "sha256": info.sha256,
             "format": info.format + (f" ({info.mapping})" if info.mapping else ""), "started_at": started}
    record_batch(graph, info.uid, {**props, "status": "running"})
    try:
        result = write_records(graph, nodes, rels, batch_uid=info.uid, progress=progress, now=started)
    except (Neo4jError, DriverError) as err:
        raise WriteFailed(err, _undo(graph, info.uid, started, props, err)) from err
    summary = {**counts, **result.as_dict()}
    record_batch(graph, info.uid, {**props, "counts": json.dumps(summary, ensure_ascii=False, sort_keys=True),
                                   "finished_at": datetime.now(timezone.utc), "status": "done", "error": ""})
    return result


# What one import created carries created_at = the import's start (graph/store/writer.py).
UNDO_RELATIONSHIPS = """
MATCH (:ImportBatch {uid: $uid})<-[:IMPORTED_BY]-(n)
CALL (n) { MATCH (n)-[r]->() WHERE r.created_at = $now DELETE r } IN TRANSACTIONS OF 2000 ROWS
"""
UNDO_NODES = """
MATCH (:ImportBatch {uid: $uid})<-[:IMPORTED_BY]-(n) WHERE n.created_at = $now
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS
"""


def _undo(graph: Graph, uid: str, now: datetime, props: dict, err: Exception) -> bool:
    """Remove what the failed import created and mark its batch failed; False when the database cannot
    be reached to do it."""
    try:
        graph.run_batched(UNDO_RELATIONSHIPS, {"uid": uid, "now": now})
        graph.run_batched(UNDO_NODES, {"uid": uid, "now": now})
        record_batch(graph, uid, {**props, "status": "failed", "finished_at": datetime.now(timezone.utc),
                                  "error": str(getattr(err, "message", None) or err)[:2000]})
        return True
    except (Neo4jError, DriverError):
        return False


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
       b.started_at AS started_at, b.finished_at AS finished_at, b.status AS status
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
