"""The shapes of a report page: tables whose rows carry footnote numbers, and the cells they hold (a
text, and the record it links to). The per-kind tables (pages_people, pages_places, pages_evidence) are
made of these; entity.py puts them on one page."""
from __future__ import annotations

from dataclasses import dataclass

from graph.access.viewer import Viewer
from graph.explore.refs import ref
from graph.store.language import N_, gettext
from graph.store.plain import display
from graph.store.schema import SCHEMA


@dataclass(frozen=True)
class Cell:
    text: str
    uid: str | None = None          # link target (/entity/<uid>)
    parts: tuple["Cell", ...] = ()  # several linked records in one cell (e.g. the officials responsible)

    def as_dict(self) -> dict:
        out = {"text": self.text, "uid": self.uid} if self.uid else {"text": self.text}
        return {**out, "parts": [p.as_dict() for p in self.parts]} if self.parts else out


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    notes: tuple[int, ...] = ()      # footnote numbers of the sources behind the statement

    def as_dict(self, columns: tuple[str, ...]) -> dict:
        out = {c: cell.as_dict() for c, cell in zip(columns, self.cells)}
        out["sources"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Table:
    key: str                          # stable, used in /entity/<uid>/<key>.csv
    title: str                        # title, headings and empty message in the language of the page
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    empty: str = "Nothing recorded."
    cited: bool = True                # whether rows carry sources
    fields: tuple[str, ...] = ()      # the columns in English: the keys of a row in JSON, the same in any language
    paging: object = None             # listing.Paging: this is one page of a longer table

    @property
    def keys(self) -> tuple[str, ...]:
        return self.fields or self.columns

    @property
    def total(self) -> int:
        return self.paging.total if self.paging is not None else len(self.rows)

    def as_dict(self) -> dict:
        out = {"key": self.key, "title": self.title, "columns": list(self.keys), "headings": list(self.columns),
               "rows": [r.as_dict(self.keys) for r in self.rows]}
        return {**out, "paging": self.paging.as_dict()} if self.paging is not None else out


def cell(m: dict | None, viewer: Viewer) -> Cell:
    """A linked cell for a node map (masked for this viewer), or an empty cell."""
    node = ref(m, viewer)
    return Cell(node.name, node.uid) if node else Cell("")


def cells(refs: list, viewer: Viewer) -> Cell:
    """Several node maps as one cell: the names joined, each one linked."""
    parts = tuple(cell(m, viewer) for m in refs if m)
    return Cell("; ".join(p.text for p in parts), parts=parts)


def text(value) -> Cell:
    return Cell(display(value))


def enum(value) -> Cell:
    """A vocabulary value (``arbitrary_detention``) as words."""
    return Cell(SCHEMA.words(None, display(value)))


def table(key: str, title: str, columns: tuple[str, ...], rows, empty: str = N_("Nothing recorded."),
          cited: bool = True) -> Table:
    """A table whose ``title``, ``columns`` and ``empty`` are English messages (marked with N_ where they are
    written), put in the language spoken now; the English columns stay the keys of its JSON rows."""
    return Table(key, gettext(title), tuple(gettext(c) for c in columns), tuple(rows), gettext(empty), cited,
                 tuple(columns))


