"""Tables that stay the same size however big a node's neighbourhood grows: one page of rows at a time in a
stable order, with the total and a cursor to the next page (keyset paging), sortable by some columns; and
the whole table as a stream of such pages for the CSV and JSON downloads.

A ``Listing`` is written once per table (pages_people, pages_places, pages_evidence): the Cypher that binds
its rows around the records ``$uids`` (a record and the records judged to be the same entity), the sort
keys it offers, the expression unique per row that breaks ties (a relationship's elementId), and how a
record becomes a ``Row``. ``page()`` asks Neo4j for ``limit`` rows after the cursor only: the rows are
ordered by a top-k sort and nothing after the page is built, masked or footnoted.

A cursor is the (sort key, tie) of the last row shown, so a page never repeats or skips a row when rows
before it are added or removed (as OFFSET would). Keys are typed in Cypher (``IS :: DATE``): a value of
another type sorts with the missing ones rather than failing a comparison and dropping the row.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterator

from graph.access.viewer import Viewer
from graph.explore.refs import Citations
from graph.explore.tables import Row, Table, table
from graph.store.db import record_data
from graph.store.plain import iso
from graph.store.stamp import Kept, kept_or, read_stamp

PAGE_ROWS = 50          # rows of a table on a page
MAX_PAGE_ROWS = 500     # the most one JSON page may ask for
STREAM_ROWS = 1000      # rows read per transaction while a download streams
HUB_ROWS = 1000         # a table this long has its pages kept until the data changes (stamp.py)
KEPT = Kept(512)        # ≤ 512 pages of ≤ 501 rows

TYPES = {"date": "DATE", "string": "STRING", "integer": "INTEGER"}


@dataclass(frozen=True)
class Sort:
    expr: str                 # Cypher over the listing's variables (written in graph/ code, never input)
    type: str = "string"      # date | string | integer: values of another type sort as missing

    def cypher(self) -> str:
        return f"CASE WHEN ({self.expr}) IS :: {TYPES[self.type]} NOT NULL THEN ({self.expr}) END"


def shown(var: str, prop: str = "name", type: str = "string") -> Sort:
    """A sort on a property of the node ``var`` that sorts a protected person or confidential source with the
    missing values: where a masked row stands must not say what its hidden name is."""
    return Sort(f"CASE WHEN {var}.protected = true OR {var}.confidential = true THEN null ELSE {var}.{prop} END", type)


@dataclass(frozen=True)
class Ask:
    """What a reader asked of one table: a sort column (English name), its direction, and where to start."""
    sort: str | None = None
    desc: bool | None = None
    after: str | None = None
    limit: int = PAGE_ROWS


@dataclass(frozen=True)
class Listing:
    key: str
    title: str
    columns: tuple[str, ...]
    empty: str
    body: str                          # MATCH ... binding the rows around $uids
    tie: str                           # unique per row: elementId of the row's relationship
    sorts: dict[str, Sort]             # by English column name
    default: str                       # the sort of the first page
    returns: str                       # the RETURN items of a row (after the page is cut)
    row: Callable[..., Row]            # (record, viewer, cite) -> Row
    descending: bool = False           # the default direction
    count: str | None = None           # a cheaper Cypher for the total than counting ``body`` (``$uids``)
    cited: bool = True

    def query(self, sort: str, desc: bool, cursor: tuple | None) -> str:
        key = self.sorts[sort].cypher()
        where = ""
        if cursor is not None:
            null_key = cursor[0] is None
            if not desc:        # ascending: values, then missing ones
                where = ("WHERE sort_key IS NULL AND tie_key > $tie" if null_key else
                         "WHERE sort_key > $key OR sort_key IS NULL OR (sort_key = $key AND tie_key > $tie)")
            else:               # descending: missing ones first, then values
                where = ("WHERE sort_key IS NOT NULL OR tie_key < $tie" if null_key else
                         "WHERE sort_key < $key OR (sort_key = $key AND tie_key < $tie)")
        order = "DESC" if desc else ""
        return (f"{self.body}\nWITH *, {key} AS sort_key, {self.tie} AS tie_key\nWITH * {where}\n"
                f"WITH * ORDER BY sort_key {order}, tie_key {order} LIMIT $limit\n"
                f"RETURN {self.returns}, sort_key, tie_key")

    def counting(self) -> str:
        return self.count or f"{self.body}\nRETURN count(*) AS n"


@dataclass(frozen=True)
class Paging:
    """Where one page of a table sits: the rows before it were shown on earlier pages."""
    total: int
    sort: str
    desc: bool
    sortable: tuple[str, ...]
    next: str | None = None            # cursor of the next page
    first: bool = True                 # the first page in this order

    def as_dict(self) -> dict:
        return {"total": self.total, "sort": self.sort, "order": "desc" if self.desc else "asc",
                "sortable": list(self.sortable), "next": self.next}


def _encode(sort: str, desc: bool, key, tie: str) -> str:
    value = iso(key) if isinstance(key, date) or hasattr(key, "iso_format") else key
    kind = "date" if value is not key else "value"
    raw = json.dumps([sort, desc, kind, value, tie], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str | None, sort: str, desc: bool) -> tuple | None:
    """The (key, tie) a cursor stands for, or None (the first page) for no cursor, a damaged one, or one made
    for another order."""
    if not token:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        made_for, made_desc, kind, value, tie = raw
        if made_for != sort or bool(made_desc) != desc or not isinstance(tie, str):
            return None
        return (date.fromisoformat(value[:10]) if kind == "date" and value else value, tie)
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def _order(listing: Listing, ask: Ask) -> tuple[str, bool]:
    sort = ask.sort if ask.sort in listing.sorts else listing.default
    desc = listing.descending if ask.desc is None or sort != ask.sort else ask.desc
    return sort, bool(desc)


def _rows(tx, listing: Listing, uids: list[str], sort: str, desc: bool, cursor, limit: int) -> list:
    params = {"uids": uids, "limit": limit}
    if cursor is not None:
        params.update(key=cursor[0], tie=cursor[1])
    return list(tx.run(listing.query(sort, desc, cursor), params))


def _read_page(tx, listing: Listing, uids: list[str], sort: str, desc: bool, cursor, limit: int) -> tuple[int, list]:
    total = tx.run(listing.counting(), uids=uids).single()[0] if uids else 0
    return total, ([record_data(r) for r in _rows(tx, listing, uids, sort, desc, cursor, limit + 1)] if total else [])


def page(tx, listing: Listing, uids: list[str], viewer: Viewer, cite: Citations, ask: Ask = Ask(),
         stamp: Callable[[], tuple] | None = None) -> Table:
    """One page of the listing as a Table, its rows footnoted in ``cite``, with its Paging. With ``stamp`` (the
    data's, stamp.py), the page of a hub (``HUB_ROWS`` rows or more) is kept until the data changes."""
    sort, desc = _order(listing, ask)
    cursor = decode(ask.after, sort, desc)
    limit = max(1, min(ask.limit, MAX_PAGE_ROWS))
    read = lambda: _read_page(tx, listing, uids, sort, desc, cursor, limit)  # noqa: E731
    if stamp is None:
        total, records = read()
    else:
        key = (listing.key, tuple(uids), sort, desc, cursor, limit)
        total, records = kept_or(KEPT, key, stamp(), read, keep=lambda found: found[0] >= HUB_ROWS)
    more, records = len(records) > limit, records[:limit]
    last = records[-1] if records else None
    paging = Paging(total, sort, desc, tuple(listing.sorts),
                    _encode(sort, desc, last["sort_key"], last["tie_key"]) if more and last else None,
                    first=cursor is None)
    out = table(listing.key, listing.title, listing.columns, [listing.row(r, viewer, cite) for r in records],
                listing.empty, listing.cited)
    return replace(out, paging=paging)


def stream(read, listing: Listing, uids: list[str], viewer: Viewer, ask: Ask = Ask()) -> Iterator[tuple[Table, Citations]]:
    """Every row of the listing in the asked order, ``STREAM_ROWS`` per read transaction (``read`` runs a
    function in one, as Graph.read does): each chunk as a Table with the Citations of its own footnotes."""
    sort, desc = _order(listing, ask)
    cursor = None
    while True:
        cite = Citations()
        records = read(lambda tx, c=cursor: _rows(tx, listing, uids, sort, desc, c, STREAM_ROWS))
        if not records:
            return
        rows = [listing.row(r, viewer, cite) for r in records]
        yield table(listing.key, listing.title, listing.columns, rows, listing.empty, listing.cited), cite
        if len(records) < STREAM_ROWS:
            return
        cursor = (records[-1]["sort_key"], records[-1]["tie_key"])


@dataclass
class Scope:
    """What the tables of one page are built for: the records of the entity (itself and its twins), and what the
    reader asked of each table (by key)."""
    uids: list[str]
    asks: dict[str, Ask] = field(default_factory=dict)

    _stamp: tuple | None = None

    def page(self, tx, listing: Listing, viewer: Viewer, cite: Citations) -> Table:
        return page(tx, listing, self.uids, viewer, cite, self.asks.get(listing.key, Ask()),
                    stamp=lambda: self.stamp(tx))

    def stamp(self, tx) -> tuple:
        if self._stamp is None:
            self._stamp = read_stamp(tx)
        return self._stamp
