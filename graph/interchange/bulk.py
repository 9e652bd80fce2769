"""A first load at Neo4j's own speed: the validated records written as CSV and loaded by
``neo4j-admin database import full`` (``org.neo4j.cli.AdminTool``, in the jars Maven fetched) into an EMPTY
database of the local server, then the schema and the fulltext indexes.

The records are those the transactional import writes, prepared by the same code (graph/store/writer.py:
one row per uid, cleaned, name keys, sealed), with the same uids, properties, ``created_at``/``updated_at``,
ImportBatch and IMPORTED_BY provenance and counts; a relationship whose end is not among the records is left
out, as the transactional MATCH leaves it. The few nodes an "empty" database already holds (the key vault the
sealing wrote, the data stamp) are carried over. Afterwards the graph is the one a transactional import of the
same files makes (tests/test_bulk.py compares them).

Refused with a message on a database holding data, and on a server this project does not run (a cluster or
Aura has no local store to import into: use the normal import there).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tempfile
import time
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from graph.store import server
from graph.store.db import Graph
from graph.store.records import NodeRecord, RelRecord, WriteResult
from graph.store.schema import SCHEMA, apply_schema
from graph.store.sealing import seal_groups
from graph.store.writer import clean_props, gc_paused, group_nodes, group_rels

ARRAY = "\x1f"           # the array delimiter: a control character plain.printable removes from every text


class BulkRefused(Exception):
    """The bulk load cannot run here; the message says why and what to do instead."""


def data_count(graph: Graph) -> int:
    labels = sorted(set(SCHEMA.data_labels) | {"ImportBatch"})
    return sum(graph.query_one(f"MATCH (n:{label}) RETURN count(n) AS n")["n"] for label in labels)


def check_empty(graph: Graph) -> None:
    settings = graph.settings
    if settings.neo4j_uri:
        raise BulkRefused(f"--bulk loads into the Neo4j this project runs itself; {settings.neo4j_uri} is another "
                          "server (a cluster or Aura has no local store to import into). Use the normal import.")
    found = data_count(graph)
    if found:
        raise BulkRefused(f"--bulk loads only into an EMPTY database, and this one holds {found:,} records. Import "
                          "without --bulk (it adds to what is there), or empty the database first "
                          "(`evgraph db reset`).")


def _type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)) and value:
        return _type(value[0]) + "[]"
    raise BulkRefused(f"a value of type {type(value).__name__} cannot be bulk loaded: {value!r:.80}")


@lru_cache(maxsize=4096)
def _datetime_text(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


_SCALAR = {"string": str, "long": str, "double": repr, "boolean": lambda v: "true" if v else "false",
           "datetime": _datetime_text, "date": date.isoformat}


def _converter(kind: str) -> Callable:
    """The function writing a value of ``kind`` as neo4j-admin reads it."""
    if kind.endswith("[]"):
        one = _SCALAR[kind[:-2]]
        return lambda value: ARRAY.join(map(one, value))
    return _SCALAR[kind]


def _native(value):
    """A value read from Neo4j (neo4j.time) as the Python value written back."""
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value.to_native() if hasattr(value, "to_native") else value


class CsvFiles:
    """CSV files for neo4j-admin, one per (kind of row, property names and types): every file has one header.

    Rows of one kind come with the same properties in the same order (the demo's, an importer's): the file and
    the converters of each value are found once per shape of row, by the names and Python types of its values;
    the time every row of a load carries (``created_at``, ``updated_at``) is made text once (a small cache)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[tuple, tuple] = {}       # signature -> (path, handle, writer)
        self.nodes: list[Path] = []
        self.rels: list[Path] = []
        self.shapes: dict[tuple, tuple] = {}      # (row kind, names, Python types) -> (writer, (key, converter)...)

    def _writer(self, signature: tuple, header: list[str], node: bool):
        found = self.files.get(signature)
        if found is None:
            path = self.folder / f"{'n' if node else 'r'}{len(self.files):04d}.csv"
            handle = open(path, "w", newline="", encoding="utf-8")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            found = self.files[signature] = (path, handle, writer)
            (self.nodes if node else self.rels).append(path)
        return found[2]

    def _shape(self, kind: tuple, props: dict, node: bool) -> tuple:
        """The writer and (key, converter) in the header's order for rows shaped like ``props``."""
        shape = (kind, tuple(props), tuple(map(_pytype, props.values())))
        found = self.shapes.get(shape)
        if found is None:
            keys = tuple(sorted((k, _type(v)) for k, v in props.items()))
            head = [":ID", ":LABEL"] if node else [":START_ID", ":END_ID", ":TYPE"]
            writer = self._writer((kind, keys), head + [f"{k}:{t}" for k, t in keys], node)
            found = self.shapes[shape] = (writer, tuple((k, _converter(t)) for k, t in keys))
        return found

    def node(self, labels: tuple[str, ...], node_id: str, props: dict) -> None:
        writer, columns = self._shape(("n", labels), props, True)
        writer.writerow([node_id, ARRAY.join(labels), *[convert(props[k]) for k, convert in columns]])

    def rel(self, rel_type: str, start: str, end: str, props: dict) -> None:
        writer, columns = self._shape(("r", rel_type), props, False)
        writer.writerow([start, end, rel_type, *[convert(props[k]) for k, convert in columns]])

    def close(self) -> None:
        for _path, handle, _w in self.files.values():
            handle.close()


def _pytype(value):
    """A value's Python type, a list's with its first item's (the shape of a row, see CsvFiles)."""
    kind = type(value)
    if kind is list or kind is tuple:
        return (kind, type(value[0])) if value else (kind, None)
    return kind


def _id(label: str, uid: str) -> str:
    return f"{SCHEMA.base_label(label)}|{uid}"


class BulkLoad:
    """Collects batches of records (an import file, a demo chunk) as CSV, then loads them all at once."""

    def __init__(self, graph: Graph, folder: Path):
        self.graph, self.csv = graph, CsvFiles(folder)
        self.ids: set[str] = set()
        self.rel_uids: set[str] = set()
        self.pending: list[tuple] = []         # relationships waiting for the end of all nodes
        self.batches: dict[str, dict] = {}
        self._carry_over()

    def _carry_over(self) -> None:
        """The nodes an empty database holds already (the key vault, the data stamp): loaded again as they are."""
        for r in self.graph.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"):
            props = {k: _native(v) for k, v in r["props"].items()}
            node_id = _id(r["labels"][0], props.get("uid") or str(len(self.ids)))
            self.ids.add(node_id)
            self.csv.node(tuple(sorted(r["labels"])), node_id, props)

    def batch(self, uid: str, props: Callable[[], dict], now: datetime) -> None:
        """The ImportBatch ``uid``: its properties, as record_batch leaves them, asked for once the relationships
        are matched to their ends (the counts are known then)."""
        self.batches[uid] = (props, now)

    def add(self, nodes: Iterable[NodeRecord], rels: Iterable[RelRecord], batch_uid: str | None, now: datetime,
            result: WriteResult) -> None:
        """Records as write_records prepares them (a uid seen before keeps its first record)."""
        node_groups, rel_groups = group_nodes(nodes), group_rels(rels)
        seal_groups(self.graph, node_groups, rel_groups)
        ids, batch_id = self.ids, _id("ImportBatch", batch_uid) if batch_uid else None
        for (label, extra), rows in node_groups.items():
            labels, prefix = tuple(sorted((SCHEMA.base_label(label), *extra))), _id(label, "")
            written = 0
            for row in rows:
                node_id = prefix + row["uid"]
                if node_id in ids:
                    continue
                ids.add(node_id)
                self.csv.node(labels, node_id, {**row["props"], "uid": row["uid"], "created_at": now, "updated_at": now})
                if batch_id:        # its batch is written by load(): the link needs no waiting
                    self.csv.rel("IMPORTED_BY", node_id, batch_id, {})
                written += 1
            if written:
                result.nodes += written
                result.by_label[label] += written
        for (rel_type, a, b), rows in rel_groups.items():
            start, end = _id(a, ""), _id(b, "")
            for row in rows:
                if row["uid"] in self.rel_uids:
                    continue
                self.rel_uids.add(row["uid"])
                rel = (rel_type, start + row["start"], end + row["end"],
                       {**row["props"], "uid": row["uid"], "created_at": now, "updated_at": now}, result)
                if rel[1] in ids and rel[2] in ids:
                    self._write_rel(rel)
                else:               # an end may come with a later batch of records
                    self.pending.append(rel)

    def _write_rel(self, rel: tuple) -> None:
        rel_type, start, end, props, result = rel
        self.csv.rel(rel_type, start, end, props)
        result.relationships += 1
        result.by_type[rel_type] += 1

    def load(self, echo: Callable[[str], None] = print) -> None:
        """Write the relationships whose ends exist and the import batches, stop the server, import, start it,
        apply the schema (constraints, indexes, fulltext)."""
        self.ids.update(_id("ImportBatch", uid) for uid in self.batches)
        for rel in self.pending:
            if rel[1] in self.ids and rel[2] in self.ids:
                self._write_rel(rel)
        for uid, (props, now) in self.batches.items():
            self.csv.node(("ImportBatch",), _id("ImportBatch", uid),
                          {**clean_props(props()), "uid": uid, "created_at": now, "updated_at": now})
        self.csv.node(("DataStamp",), _id("DataStamp", "data"),
                      {"uid": "data", "name": "data", "at": datetime.now(timezone.utc), "writes": 1})
        self.csv.close()
        settings = self.graph.settings
        began = time.perf_counter()
        echo(f"CSV written ({len(self.csv.nodes)} node and {len(self.csv.rels)} relationship files); "
             "stopping Neo4j for neo4j-admin's import")
        server.stop(settings)
        stopped = time.perf_counter()
        try:
            _admin_import(settings, self.csv.nodes, self.csv.rels, echo)
        finally:
            imported = time.perf_counter()
            server.start(settings, timeout=600, echo=echo)
            self.graph.reconnect()          # the handle the caller holds works on the new store
        started = time.perf_counter()
        apply_schema(self.graph)
        self.timings = {"stop": stopped - began, "import": imported - stopped, "start": started - imported,
                        "schema": time.perf_counter() - started}
        echo("neo4j-admin import {import:.1f} s, Neo4j stopped {stop:.1f} s and started {start:.1f} s, "
             "schema and indexes {schema:.1f} s".format(**self.timings))


def _admin_import(settings, nodes: list[Path], rels: list[Path], echo) -> None:
    java = server.require_java()
    lib = server.fetch(settings, echo=echo)
    home = settings.home
    cmd = [java, "-cp", f"{lib}/*", f"-Xmx{settings.heap}", server.ADMIN_TOOL, "database", "import", "full",
           settings.database, "--overwrite-destination=true", "--id-type=string", "--multiline-fields=true",
           f"--array-delimiter={ARRAY}", "--threads=2", "--report-file=" + str(home / "logs" / "import.report"),
           *[f"--nodes={p}" for p in nodes], *[f"--relationships={p}" for p in rels]]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=home)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise BulkRefused(f"neo4j-admin database import failed (the database was left as it was):\n{tail}")


def _batch_props(name: str, file_name: str, fmt: str, sha256: str | None, started: datetime, counts: dict) -> dict:
    props = {"name": name, "file_name": file_name, "format": fmt, "started_at": started, "status": "done",
             "counts": json.dumps(counts, ensure_ascii=False, sort_keys=True), "finished_at": datetime.now(timezone.utc)}
    return {**props, "sha256": sha256} if sha256 else props


def bulk_files(graph: Graph, parsed_files: list, evidence_dir: Path, echo: Callable[[str], None] = print) -> list[tuple]:
    """``evgraph import --bulk``: the files (parsed and validated) into the empty database, each under its own
    ImportBatch as the normal import writes it (the server restarts once; ``graph`` works on afterwards). Returns
    [(parsed, WriteResult, batch uid)]."""
    from graph.evidence.store import file_sha256, store_files_of
    from graph.interchange.imports import BatchInfo

    check_empty(graph)
    apply_schema(graph)
    out = []
    folder = Path(tempfile.mkdtemp(prefix="evgraph-bulk-", dir=graph.settings.home))
    try:
        with gc_paused():
            load = BulkLoad(graph, folder)
            for parsed in parsed_files:
                store_files_of(graph, parsed.nodes, parsed.files, evidence_dir)
                info = BatchInfo(parsed.file.name, file_sha256(parsed.file), parsed.format, parsed.mapping)
                now, result = datetime.now(timezone.utc), WriteResult()
                load.add(parsed.nodes, parsed.rels, info.uid, now, result)
                counts = {"rows": parsed.rows, "rejected": len(parsed.rejects), "skipped": parsed.skipped_as_stored,
                          "linked_to_existing": 0}
                fmt = info.format + (f" ({info.mapping})" if info.mapping else "")
                load.batch(info.uid, lambda info=info, now=now, result=result, counts=counts, fmt=fmt: _batch_props(
                    f"import of {info.file_name}", info.file_name, fmt, info.sha256, now, {**counts, **result.as_dict()}),
                    now)
                out.append((parsed, result, info.uid))
            load.load(echo)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)
