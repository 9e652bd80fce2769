"""Importers: parse and validate files into graph records; graph/interchange/imports.py writes them."""
from __future__ import annotations

import fcntl
import hashlib
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from graph.store.language import gettext as _
from graph.store.writer import gc_paused

from .designations import parse_designations
from .detect import FTM_SUFFIXES, detect_format
from .errors import FileProblem, ImportFailed, Problem
from .ftm import parse_ftm
from .mapping import best_mapping, load_mapping
from .os_simple import parse_os_simple
from .officials import parse_officials
from .register import Context, parse_register
from .rows import Parsed
from .tables import read_table

__all__ = ["parse_file", "write_parsed", "WriteStopped", "ImportBusy", "Parsed", "ImportFailed", "FileProblem",
           "Problem", "Context"]


def parse_file(path: Path, fmt: str | None = None, mapping_path: Path | None = None,
               encoding: str | None = None) -> Parsed:
    """Read, map and validate ``path``; raises FileProblem when no row can be judged, whatever the file
    holds: a reader's own failure on a malformed file becomes a message too, never a traceback."""
    with gc_paused():
        try:
            return _parse_file(path, fmt, mapping_path, encoding)
        except ImportFailed:
            raise
        except RecursionError:
            raise FileProblem(path.name, _("is nested too deeply to be read (a JSON or XML structure hundreds "
                                           "of levels deep is not a register or a list)")) from None
        except MemoryError:
            raise FileProblem(path.name, _("is too large to be read at once on this machine: split it")) from None
        except Exception as err:  # noqa: BLE001 - any reader's failure on a malformed file
            raise FileProblem(path.name, _("could not be read (%(error_type)s: %(error)s). Check that it is a "
                                           "CSV, XLSX or FtM JSON lines file, saved again from the program that "
                                           "made it", error_type=type(err).__name__, error=str(err)[:300])) from None


def _parse_file(path: Path, fmt: str | None, mapping_path: Path | None, encoding: str | None) -> Parsed:
    if not path.is_file():
        raise FileProblem(str(path), _("no such file"))
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
    elif mapping.kind == "officials":
        parse_officials(table, mapping, Context(path.parent, parsed.files), parsed)
    else:
        parse_register(table, mapping, Context(path.parent, parsed.files), parsed)
    return parsed


def write_parsed(graph, parsed: Parsed, evidence_dir: Path, progress=None):
    """Write a file that passed validation (the CLI and the web page both come here): the evidence files
    its rows name go into the store, its records into the graph under the file's ImportBatch. Returns
    the writer's result and the batch's uid."""
    from neo4j.exceptions import DriverError, Neo4jError

    from graph.evidence.store import file_sha256, store_files_of
    from graph.interchange.imports import BatchInfo, WriteFailed, import_records
    from graph.store.schema import SCHEMA, apply_schema

    from .reuse import link_existing

    with import_lock(graph, parsed.file.name):
        store_files_of(graph, parsed.nodes, parsed.files, evidence_dir)
        info = BatchInfo(parsed.file.name, file_sha256(parsed.file), parsed.format, parsed.mapping)
        try:
            apply_schema(graph)
            nodes, rels, reused = link_existing(graph, parsed.nodes, parsed.rels, SCHEMA.fulltext_name)
            parsed.reused = reused.as_dict()
            counts = {"rows": parsed.rows, "rejected": len(parsed.rejects), "skipped": parsed.skipped_as_stored,
                      "linked_to_existing": parsed.reused["linked"]}
            return import_records(graph, info, nodes, rels, counts, progress=progress), info.uid
        except WriteFailed as err:
            raise _stopped(parsed, err) from err
        except (Neo4jError, DriverError) as err:   # before any record: the batch itself was not written
            raise _stopped(parsed, WriteFailed(err, True)) from err


@contextmanager
def import_lock(graph, file_name: str):
    """One import at a time into one database (two at once fail on each other's locks halfway): a second
    import, from the command line or the page, is told to wait for the first."""
    settings = graph.settings
    folder = settings.home if settings and settings.home.is_dir() else Path(tempfile.gettempdir())
    key = f"{settings.uri}/{settings.database}" if settings else "default"
    path = folder / f"import-{hashlib.sha1(key.encode()).hexdigest()[:12]}.lock"
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            running = _running(handle.read())
            raise ImportBusy(_("Another import (%(running)s) is being written into this database. Wait until it "
                               "has finished, then run this one again: nothing of it was written.",
                               running=running)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{file_name}\t{time.strftime('%Y-%m-%d %H:%M:%S')}")   # read by _running
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _running(text: str) -> str:
    """The import named in a lock file ("file<TAB>time"), in the words of the language spoken."""
    name, tab, started = text.strip().partition("\t")
    if not name:
        return _("another file")
    return _("%(file)s, started %(time)s", file=name, time=started) if tab else name


def _stopped(parsed: Parsed, err) -> "WriteStopped":
    if err.undone:
        return WriteStopped(_("the import of %(file)s stopped part-way: the database said “%(error)s”. What it "
                              "had written was removed again, so the database is as it was. Run the same import "
                              "again once the database is back.", file=parsed.file.name, error=err))
    # a big import is many transactions: a database gone halfway leaves the first ones written
    return WriteStopped(_("the import of %(file)s stopped part-way: the database said “%(error)s”. What was "
                          "written stays (the database could not be reached to remove it). Run the same import "
                          "again: it completes what is missing and duplicates nothing.",
                          file=parsed.file.name, error=err))


class WriteStopped(Exception):
    """The database failed while a validated file was being written."""


class ImportBusy(WriteStopped):
    """Another import is writing into the same database; nothing of this one was written."""
