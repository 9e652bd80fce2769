"""Importers: parse and validate files into graph records; graph/interchange/imports.py writes them."""
from __future__ import annotations

from pathlib import Path

from graph.store.writer import gc_paused

from .designations import parse_designations
from .detect import FTM_SUFFIXES, detect_format
from .errors import FileProblem, ImportFailed, Problem
from .ftm import parse_ftm
from .mapping import best_mapping, load_mapping
from .os_simple import parse_os_simple
from .register import Context, parse_register
from .rows import Parsed
from .tables import read_table

__all__ = ["parse_file", "write_parsed", "WriteStopped", "Parsed", "ImportFailed", "FileProblem", "Problem", "Context"]


def parse_file(path: Path, fmt: str | None = None, mapping_path: Path | None = None,
               encoding: str | None = None) -> Parsed:
    """Read, map and validate ``path``; raises FileProblem when no row can be judged."""
    with gc_paused():
        return _parse_file(path, fmt, mapping_path, encoding)


def _parse_file(path: Path, fmt: str | None, mapping_path: Path | None, encoding: str | None) -> Parsed:
    if not path.is_file():
        raise FileProblem(str(path), "no such file")
    if (fmt or "") == "ftm" or (fmt is None and path.suffix.lower() in FTM_SUFFIXES):
        fmt = fmt or detect_format(path)
        parsed = Parsed(path, "ftm")
        parse_ftm(path, parsed)
        return parsed
    table = read_table(path, encoding)
    fmt = fmt or detect_format(path, table)
    parsed = Parsed(path, fmt)
    if fmt == "os-simple":
        parse_os_simple(table, parsed)
        return parsed
    mapping = load_mapping(mapping_path) if mapping_path else best_mapping(table.headers)
    parsed.mapping = mapping.name
    if mapping.kind == "designations":
        parse_designations(table, mapping, parsed)
    else:
        parse_register(table, mapping, Context(path.parent, parsed.files), parsed)
    return parsed


def write_parsed(graph, parsed: Parsed, evidence_dir: Path, progress=None):
    """Write a file that passed validation (the CLI and the web page both come here): the evidence files
    its rows name go into the store, its records into the graph under the file's ImportBatch. Returns
    the writer's result and the batch's uid."""
    from neo4j.exceptions import DriverError, Neo4jError

    from graph.evidence.store import file_sha256, store_file
    from graph.interchange.imports import BatchInfo, import_records
    from graph.store.schema import apply_schema

    for path in parsed.files:
        store_file(path, evidence_dir)
    info = BatchInfo(parsed.file.name, file_sha256(parsed.file), parsed.format, parsed.mapping)
    counts = {"rows": parsed.rows, "rejected": len(parsed.rejects), "skipped": parsed.skipped}
    try:
        apply_schema(graph)
        return import_records(graph, info, parsed.nodes, parsed.rels, counts, progress=progress), info.uid
    except (Neo4jError, DriverError) as err:
        # a big import is many transactions: the database failing halfway leaves the first ones written
        raise WriteStopped(f"the import of {parsed.file.name} stopped part-way: the database said "
                           f"“{getattr(err, 'message', None) or err}”. What was written stays. Run the same "
                           "import again: it completes what is missing and duplicates nothing.") from err


class WriteStopped(Exception):
    """The database failed while a validated file was being written."""
