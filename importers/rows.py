"""One spreadsheet row seen through a mapping: typed field access whose errors name the column, and
the parse result every importer returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.store.language import gettext as _
from graph.store.records import NodeRecord, RelRecord
from graph.store.schema import SCHEMA

from .errors import FieldError, Problem, Reject
from .mapping import Resolved
from .validate import check_records
from .values import Dated, parse_dated, split_multi


@dataclass
class Parsed:
    """What a file turned into: the records to write, and what was left out and why."""
    file: Path
    format: str
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    rows: int = 0
    rejects: list[Reject] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)       # why, in the language spoken -> rows
    skipped_as_stored: dict[str, int] = field(default_factory=dict)   # the same in English, for the ImportBatch
    mapping: str = ""
    files: list[Path] = field(default_factory=list)   # evidence files the rows name, to store on success
    reused: dict = field(default_factory=dict)         # records linked to the graph's own (importers/reuse.py)
    _checked: set[int] = field(default_factory=set, repr=False)  # ids of records validated already

    def add(self, nodes: list[NodeRecord], rels: list[RelRecord]) -> None:
        self.nodes += nodes
        self.rels += rels

    def take(self, number: int, values: dict, nodes: list[NodeRecord], rels: list[RelRecord]) -> None:
        """Keep a row's records when the schema accepts them all, else reject the row."""
        problems = check_records(nodes, rels, self._checked)
        if problems:
            unit = "line" if self.format == "ftm" else "row"
            self.reject(number, values, [Problem(self.file.name, p, number, unit=unit) for p in problems])
        else:
            self.add(nodes, rels)

    def skip(self, why: str, **values) -> None:
        """Count a row left out on purpose: ``why`` is a message (marked N_) with its ``values``; people
        read it in their language, the ImportBatch keeps it in English."""
        said, stored = _(why, **values), why % values if values else why
        self.skipped[said] = self.skipped.get(said, 0) + 1
        self.skipped_as_stored[stored] = self.skipped_as_stored.get(stored, 0) + 1

    def reject(self, row: int, values: dict, problems: list[Problem]) -> None:
        self.problems += problems
        self.rejects.append(Reject(row, {k: v for k, v in values.items() if not k.startswith("\x00")},
                                   tuple(p.message if not p.column else f"{p.column}: {p.message}"
                                         for p in problems)))


class Row:
    """Field access on one row; every error is a FieldError naming the file's own column."""

    def __init__(self, resolved: Resolved, values: dict):
        self.resolved = resolved
        self.values = values
        self._memo: dict = {}   # typed values already read: cell checks and row building ask twice

    def has(self, name: str) -> bool:
        return name in self.resolved.columns

    def column(self, name: str) -> str:
        return self.resolved.columns.get(name, (name,))[0]

    def raw(self, name: str):
        empty = self.resolved.mapping.empty_values
        for header in self.resolved.columns.get(name, ()):
            value = self.values.get(header)
            if value not in (None, "") and not (empty and type(value) is str and value.strip().casefold() in empty):
                return value
        return None

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() or None

    def multi(self, name: str) -> list[str]:
        headers = self.resolved.columns.get(name, ())
        empty = self.resolved.mapping.empty_values
        out: list[str] = []
        for header in headers:
            out += [v for v in split_multi(self.values.get(header), self.resolved.mapping.separators)
                    if v not in out and v.casefold() not in empty]
        return out

    def date(self, name: str):
        return self.dated(name).value

    def dated(self, name: str) -> Dated:
        """The date in a cell with its precision (``Dated.props`` gives its properties)."""
        key = ("date", name)
        if key in self._memo:
            return self._memo[key]
        try:
            value = self._memo[key] = parse_dated(self.raw(name))
        except ValueError as err:
            raise FieldError(self.column(name), str(err)) from None
        return value

    def number(self, name: str) -> float | None:
        value = self.raw(name)
        if value is None:
            return None
        try:
            return float(str(value).replace(",", "."))
        except ValueError:
            raise FieldError(self.column(name), _("%(value)s is not a number", value=repr(value))) from None

    YES = frozenset({"yes", "y", "true", "1", "x", "так", "да", "protected", "confidential"})
    NO = frozenset({"no", "n", "false", "0", "ні", "нет"})

    def flag(self, name: str) -> bool | None:
        """A yes/no cell (yes, true, 1, x, так; no, false, 0, ні); empty: None."""
        value = self.text(name)
        if value is None:
            return None
        if value.casefold() in self.YES:
            return True
        if value.casefold() in self.NO:
            return False
        raise FieldError(self.column(name), _("%(value)s is not yes or no", value=repr(value)))

    def vocab(self, name: str, vocabulary: str, value: str | None = None) -> str | None:
        """A cell translated through the mapping's ``values`` and checked against a vocabulary."""
        if value is None:
            key = ("vocab", name, vocabulary)
            if key in self._memo:
                return self._memo[key]
            value = self.text(name)
            if value is None:
                return None
            option = self._memo[key] = self.vocab(name, vocabulary, value)
            return option
        translated = self.resolved.mapping.values.get(name, {}).get(value.casefold(), value)
        option = _options(vocabulary).get(translated.casefold().replace(" ", "_"))
        if option is not None:
            return option
        allowed = SCHEMA.vocabularies[vocabulary]
        if self.resolved.mapping.values.get(name):
            raise FieldError(self.column(name), _("%(value)s is not one of: %(allowed)s (or a value the mapping "
                                                  "translates)", value=repr(value), allowed=", ".join(allowed)))
        raise FieldError(self.column(name), _("%(value)s is not one of: %(allowed)s", value=repr(value),
                                              allowed=", ".join(allowed)))

    def vocab_list(self, name: str, vocabulary: str) -> list[str]:
        return [self.vocab(name, vocabulary, v) for v in self.multi(name)]


@lru_cache(maxsize=None)
def _options(vocabulary: str) -> dict[str, str]:
    """A vocabulary's options by their case-folded form (the first option wins, as the loop it replaces did)."""
    out: dict[str, str] = {}
    for option in SCHEMA.vocabularies[vocabulary]:
        out.setdefault(option.casefold(), option)
    return out


def row_problem(file: str, row: int, err: Exception) -> Problem:
    return Problem(file, str(err), row, getattr(err, "column", None))
