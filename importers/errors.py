"""Problems found while reading or validating an import, worded so a data steward can fix the file."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from graph.store.language import gettext as _, ngettext


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in a file: which file, row (or line), column, and what was expected."""
    file: str
    message: str
    row: int | None = None       # 1-based data row as a spreadsheet shows it (header is row 1), or line
    column: str | None = None
    unit: str = "row"            # "line" for JSON lines

    def __str__(self) -> str:
        where = {"file": self.file, "row": self.row, "column": repr(self.column), "problem": self.message}
        line = self.unit == "line"
        if self.row is not None and self.column:
            return (_("%(file)s, line %(row)s, column %(column)s: %(problem)s", **where) if line
                    else _("%(file)s, row %(row)s, column %(column)s: %(problem)s", **where))
        if self.row is not None:
            return (_("%(file)s, line %(row)s: %(problem)s", **where) if line
                    else _("%(file)s, row %(row)s: %(problem)s", **where))
        if self.column:
            return _("%(file)s, column %(column)s: %(problem)s", **where)
        return f"{self.file}: {self.message}"


class ImportFailed(Exception):
    """The file cannot be imported as it is; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(report(problems))


class FileProblem(ImportFailed):
    """The whole file is unreadable (encoding, empty, wrong type): no row can be judged."""

    def __init__(self, file: str, message: str):
        super().__init__([Problem(file, message)])


class FieldError(ValueError):
    """A cell that does not hold what its column expects; the row builder adds file, row and column."""

    def __init__(self, column: str, message: str):
        self.column = column
        super().__init__(message)


def report(problems: list[Problem], limit: int = 50) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(ngettext("... and %(num)d more problem(s)", "... and %(num)d more problem(s)",
                              len(problems) - limit))
    return "\n".join(lines)


# The columns the importer adds in front of a rejects file: named so that no list's own column ("reason",
# "row") is taken for them, and left out when the mended file is imported again (tables.py).
REJECT_COLUMNS = ("evgraph_row", "evgraph_rejected_because")


@dataclass(frozen=True)
class Reject:
    """A row left out by --skip-invalid, kept with its reasons for the rejects CSV."""
    row: int
    values: dict
    reasons: tuple[str, ...]


def rejects_path(source: Path) -> Path:
    return source.with_name(source.name + ".rejects.csv")


def write_rejects(source: Path, rejects: list[Reject]) -> Path | None:
    """Write ``<input>.rejects.csv``: the rejected rows as read, plus their row number and reason.
    A clean import removes the rejects of an earlier run, so the file never describes a fixed problem."""
    path = rejects_path(source)
    if not rejects:
        path.unlink(missing_ok=True)
        return None
    header, rows = reject_table(rejects)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def reject_table(rejects: list[Reject]) -> tuple[list[str], list[list[str]]]:
    """The rejected rows as read, each with its row number and reasons first (tables.REJECT_COLUMNS, which
    a re-import of the mended file leaves out)."""
    columns: list[str] = []
    for rej in rejects:
        columns += [c for c in rej.values if c not in columns]
    return ([*REJECT_COLUMNS, *columns],
            [[rej.row, "; ".join(rej.reasons), *[_cell(rej.values.get(c)) for c in columns]] for rej in rejects])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)
