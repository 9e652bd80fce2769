"""Which importer a file needs, when the user does not say: FtM JSON lines, OpenSanctions'
targets.simple.csv, or a register (CSV/XLSX) with the shipped mapping that knows most of its columns."""
from __future__ import annotations

from pathlib import Path

from graph.store.language import gettext as _

from .errors import FileProblem
from .ftm import looks_like_ftm
from .os_simple import looks_like_os_simple
from .tables import Table

FORMATS = ("register", "ftm", "os-simple")
FTM_SUFFIXES = (".json", ".jsonl", ".ftm", ".ijson", ".ndjson")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def detect_format(path: Path, table: Table | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in FTM_SUFFIXES:
        if not looks_like_ftm(path):
            raise FileProblem(path.name, _("has the extension %(suffix)s but its first line is not a "
                                           "FollowTheMoney entity (a JSON object with 'id' and 'schema')",
                                           suffix=suffix))
        return "ftm"
    if suffix not in TABLE_SUFFIXES:
        if looks_like_ftm(path):
            return "ftm"
        if not suffix:
            raise FileProblem(path.name, _("has an extension (none) the importer does not know: expected .csv, "
                                           ".xlsx or .json/.jsonl (FtM); or name the format with --format"))
        raise FileProblem(path.name, _("has an extension (%(suffix)s) the importer does not know: expected .csv, "
                                       ".xlsx or .json/.jsonl (FtM); or name the format with --format",
                                       suffix=suffix))
    if table is not None and looks_like_os_simple(table.headers):
        return "os-simple"
    return "register"
