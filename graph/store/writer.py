"""The one batched writer: validated records in, UNWIND batches of MERGE-on-uid out.

Importers and the demo generator hand ``NodeRecord``/``RelRecord`` lists here; nothing else writes data
in bulk. Labels and relationship types come only from the schema's allow-list, values only as parameters.
"""
from __future__ import annotations

import gc
import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from threading import Lock
from typing import Callable, Iterable, Iterator

from graph.store.db import Graph
from graph.store.lanes import node_lanes, rel_lanes, side_by_side
from graph.store.names import name_keys
from graph.store.plain import printable
from graph.store.records import NodeRecord, RelRecord, WriteResult
from graph.store.schema import ANY, SCHEMA, SchemaError
from graph.store.sealing import seal_groups

BATCH_SIZE = 5000


@contextmanager
def gc_paused():
    """No cyclic garbage collection while a bulk import builds its hundreds of thousands of records
    (none of them cyclic): the collector would walk them all again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def to_neo4j(value):
    """Plain Python values Neo4j stores: dates stay dates, lists of scalars, no None inside lists."""
    if isinstance(value, (list, tuple, set)):
        return [to_neo4j(v) for v in value if v is not None]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def clean_props(props: dict) -> dict:
    """Drop empty values; lists lose their Nones; texts lose control characters (plain.printable). Plain
    scalars, by far the most common, pass as they are."""
    out = {}
    for key, value in props.items():
        kind = type(value)
        if kind is str:
            value = printable(value)
            if value != "":
                out[key] = value
        elif kind is int or kind is float or kind is bool:
            out[key] = value
        elif kind is list or kind is tuple:
            if value:
                out[key] = [printable(v) if type(v) is str else v for v in value if v is not None]
        elif value is not None:
            out[key] = to_neo4j(value)
    return out


def node_statement(label: str, extra: tuple[str, ...], batch_uid: str | None = None) -> str:
    base = SCHEMA.base_label(label)
    allowed = SCHEMA.nodes[base].extra_labels
    for x in extra:
        if x not in allowed:
            raise SchemaError(f"{base} cannot carry label {x!r}")
    set_extra = "".join(f" SET n:{x}" for x in sorted(extra))
    upsert = (f"UNWIND $rows AS row MERGE (n:{base} {{uid: row.uid}}) "
              f"ON CREATE SET n.created_at = $now "
              f"SET n += row.props, n.updated_at = $now{set_extra}")
    if not batch_uid or base == "ImportBatch":
        return upsert
    # The link to the import batch in the same statement (a separate pass would match every node again),
    # the batch found once per statement, not once per row. A check and a CREATE, not MERGE: with both lanes
    # writing to the one batch node, MERGE's locking of both ends made node writes ~1.4x slower (measured
    # side by side). The SET above holds n's write lock until commit, so no other transaction can add the
    # same link between the check and the CREATE.
    return (f"OPTIONAL MATCH (b:ImportBatch {{uid: $batch}}) {upsert} "
            f"WITH n, b WHERE b IS NOT NULL AND NOT EXISTS {{ (n)-[:IMPORTED_BY]->(b) }} "
            f"CREATE (n)-[:IMPORTED_BY]->(b)")


def rel_statement(rel_type: str, start_label: str, end_label: str, batch_uid: str | None) -> str:
    rel = SCHEMA.rel(rel_type)
    for label, allowed, end in ((start_label, rel.sources, "start"), (end_label, rel.targets, "end")):
        base = SCHEMA.base_label(label)
        if ANY not in allowed and base not in allowed:
            raise SchemaError(f"{rel_type} cannot {end} at {base}")
    a, b = SCHEMA.base_label(start_label), SCHEMA.base_label(end_label)
    return (f"UNWIND $rows AS row MATCH (a:{a} {{uid: row.start}}) MATCH (b:{b} {{uid: row.end}}) "
            f"MERGE (a)-[r:{rel_type} {{uid: row.uid}}]->(b) "
            f"ON CREATE SET r.created_at = $now "
            f"SET r += row.props, r.updated_at = $now RETURN count(r) AS n")


_NAME_FIELDS = ("name", "name_uk", "name_ru", "name_en")


def with_name_keys(label: str, props: dict) -> dict:
    """Add the cross-script ``name_keys`` (graph/store/names.py) to a node whose schema has them."""
    if "name_keys" not in SCHEMA.node(label).properties or props.get("name_keys"):
        return props
    names = [props.get(f) for f in _NAME_FIELDS] + list(props.get("aliases") or [])
    return {**props, "name_keys": name_keys(*names)}


def _merge(into: dict, props: dict) -> None:
    """Two records of one uid in one import (a court named on many rows): lists are united, other
    values the later record's."""
    for key, value in props.items():
        old = into.get(key)
        if isinstance(old, list) and isinstance(value, list):
            into[key] = old + [v for v in value if v not in old]
        else:
            into[key] = value


def group_nodes(records: Iterable[NodeRecord]) -> dict[tuple, list[dict]]:
    """Rows per (label, extra labels), one row per uid."""
    groups: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for rec in records:
        group = groups[(rec.label, tuple(sorted(rec.extra_labels)) if rec.extra_labels else ())]
        row = group.get(rec.uid)
        if row is None:
            group[rec.uid] = {"uid": rec.uid, "props": dict(rec.props)}
        elif row["props"] != rec.props:
            _merge(row["props"], rec.props)
    # name keys and cleaning once per node, not once per record that names it
    for (label, _), rows in groups.items():
        for row in rows.values():
            row["props"] = clean_props(with_name_keys(label, row["props"]))
    return {key: list(rows.values()) for key, rows in groups.items()}


def group_rels(records: Iterable[RelRecord]) -> dict[tuple, list[dict]]:
    """Rows per (type, start label, end label), one row per relationship uid."""
    groups: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for rec in records:
        key = (rec.type, SCHEMA.base_label(rec.start_label), SCHEMA.base_label(rec.end_label))
        uid, group = rec.rel_uid, groups[key]
        row = group.get(uid)
        if row is None:
            group[uid] = {"uid": uid, "start": rec.start_uid, "end": rec.end_uid, "props": clean_props(rec.props)}
        elif row["props"] != rec.props:
            _merge(row["props"], clean_props(rec.props))
    return {key: list(rows.values()) for key, rows in groups.items()}


def write_records(graph: Graph, nodes: Iterable[NodeRecord], rels: Iterable[RelRecord] = (), *,
                  batch_uid: str | None = None, batch_size: int = BATCH_SIZE,
                  progress: Callable[[int], None] | None = None, now: datetime | None = None) -> WriteResult:
    """MERGE every node then every relationship, ``batch_size`` rows per write transaction.

    Writing the same records again changes nothing but ``updated_at``. ``progress`` is called with the
    number of records written after each transaction. With ``batch_uid`` (an existing ImportBatch node)
    every node written is linked to it by IMPORTED_BY. Nodes and relationships it creates carry
    ``created_at = now`` (the time given, else the time of the call), so an import can be undone.
    """
    now = now or datetime.now(timezone.utc)
    result = WriteResult()
    lock = Lock()

    def write_nodes(keys: list[tuple]) -> None:
        for label, extra in keys:
            statement = node_statement(label, extra, batch_uid)
            for chunk in _chunks(node_groups[(label, extra)], batch_size):
                graph.write(_run_tx, statement, {"rows": chunk, "now": now, "batch": batch_uid})
                with lock:
                    result.nodes += len(chunk)
                    result.by_label[label] += len(chunk)
                    if progress:
                        progress(len(chunk))

    def write_rels(keys: list[tuple]) -> None:
        for rel_type, a, b in keys:
            statement = rel_statement(rel_type, a, b, batch_uid)
            for chunk in _chunks(rel_groups[(rel_type, a, b)], batch_size):
                written = graph.write(_run_tx, statement, {"rows": chunk, "now": now})
                with lock:
                    result.relationships += written
                    result.by_type[rel_type] += written
                    if progress:
                        progress(len(chunk))

    with gc_paused(), ThreadPoolExecutor(3, thread_name_prefix="import") as pool:
        # the relationships are grouped (uids hashed, props cleaned) while the server writes the nodes:
        # Python and Neo4j each keep a core busy
        grouping = pool.submit(group_rels, list(rels))
        node_groups = group_nodes(nodes)
        rel_groups = grouping.result()
        seal_groups(graph, node_groups, rel_groups)   # protected identities never reach Neo4j in clear text
        # two transactions at a time, on groups that share no node, so they never wait for each
        # other's node locks and the server uses both cores: nodes by base label (one node, one base
        # label), relationships by rel_lanes
        side_by_side(pool, write_nodes, *node_lanes(node_groups), [])
        side_by_side(pool, write_rels, *rel_lanes(rel_groups))
    return result


def _run_tx(tx, statement: str, params: dict) -> int:
    record = tx.run(statement, params).single()
    return record["n"] if record and "n" in record.keys() else 0


UPSERT_BATCH = ("MERGE (b:ImportBatch {uid: $uid}) ON CREATE SET b.created_at = $now "
                "SET b += $props, b.updated_at = $now")


def record_batch(graph: Graph, uid: str, props: dict) -> None:
    """Create or update the ImportBatch node that provenance links point to."""
    graph.write(_run_tx, UPSERT_BATCH, {"uid": uid, "props": clean_props(props), "now": datetime.now(timezone.utc)})


def prepare(graph: Graph, nodes: Iterable[NodeRecord], rels: Iterable[RelRecord] = (), *,
            keep_sealed: bool = True) -> tuple[dict[tuple, list[dict]], dict[tuple, list[dict]]]:
    """Records as the writer stores them, for a caller that writes them in its own transaction (an edit
    with its revision, graph/curation): one row per uid, cleaned, with name keys, sealed
    (graph/store/sealing.py), grouped by (label, extra labels) and (type, start label, end label)."""
    node_groups, rel_groups = group_nodes(nodes), group_rels(rels)
    seal_groups(graph, node_groups, rel_groups, keep_sealed=keep_sealed)
    return node_groups, rel_groups


def write_one_transaction(graph: Graph, nodes: Iterable[NodeRecord], rels: Iterable[RelRecord] = ()) -> None:
    """Write a few records atomically, one statement per record, in a single transaction.

    For small edits; bulk data goes through ``write_records``. The import benchmark uses it once per row
    as "the naive way" to compare against.
    """
    now = datetime.now(timezone.utc)
    statements = []
    node_groups, rel_groups = prepare(graph, nodes, rels)
    for (label, extra), rows in node_groups.items():
        statements += [(node_statement(label, extra), {"rows": [row], "now": now}) for row in rows]
    for (rel_type, a, b), rows in rel_groups.items():
        statements += [(rel_statement(rel_type, a, b, None), {"rows": [row], "now": now}) for row in rows]

    def work(tx):
        for statement, params in statements:
            tx.run(statement, params).consume()

    graph.write(work)
