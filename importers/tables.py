"""Reading a spreadsheet (CSV or XLSX) into header + rows, with a clear word for every way a file
goes wrong before its rows can be judged: encoding, delimiter, emptiness, a disguised file type,
duplicated headers."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from graph.store.language import gettext as _

from .errors import REJECT_COLUMNS, FileProblem

DELIMITERS = ",;\t|"
EXTRA = "\x00extra"  # key of a row's cell count when it has more cells than the header
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls


@dataclass(frozen=True)
class Table:
    file: str
    headers: tuple[str, ...]
    rows: list[tuple[int, dict]]   # (spreadsheet row number, {header: value})
    delimiter: str = ","


def read_table(path: Path, encoding: str | None = None) -> Table:
    head = _head(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if not head.startswith(_ZIP_MAGIC):
            raise FileProblem(path.name, _("has the extension %(suffix)s but is not an Excel workbook "
                                           "(%(looks_like)s); save it again from Excel as .xlsx, or rename it",
                                           suffix=path.suffix, looks_like=_looks_like(head)))
        return _read_xlsx(path)
    if head.startswith(_ZIP_MAGIC):
        raise FileProblem(path.name, _("is an Excel workbook (or another zip file), not CSV text: "
                                       "rename it to .xlsx, or save it from Excel as 'CSV UTF-8'"))
    if head.startswith(_OLE_MAGIC):
        raise FileProblem(path.name, _("is an old binary Excel file (.xls): save it from Excel as .xlsx or 'CSV UTF-8'"))
    return _read_csv(path, encoding)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head or not path.read_bytes().strip():
        raise FileProblem(path.name, _("is empty: expected a header row and at least one data row"))
    return head


def _looks_like(head: bytes) -> str:
    if head.startswith(_OLE_MAGIC):
        return _("it is an old binary .xls file")
    if head.lstrip()[:1] in (b"{", b"["):
        return _("it looks like JSON")
    return _("it looks like text, perhaps CSV")


def decode(path: Path, encoding: str | None = None) -> str:
    raw = path.read_bytes()
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise FileProblem(path.name, _("cannot be read as %(encoding)s: %(error)s", encoding=encoding, error=err))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise FileProblem(path.name, _("starts as UTF-16 text but is not valid UTF-16 (byte %(byte)s: "
                                           "%(reason)s); save it from Excel as 'CSV UTF-8'", byte=err.start,
                                           reason=err.reason))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        byte = f"{raw[err.start]:02x}"
        if guess:
            raise FileProblem(path.name, _("is not UTF-8 text (byte 0x%(byte)s on line %(line)s). It looks like "
                                           "%(guess)s: pass --encoding %(guess)s, or save it from Excel as "
                                           "'CSV UTF-8'", byte=byte, line=line, guess=guess))
        raise FileProblem(path.name, _("is not UTF-8 text (byte 0x%(byte)s on line %(line)s). save it from Excel "
                                       "as 'CSV UTF-8'", byte=byte, line=line))


def _guess_encoding(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200000]).best()
    return best.encoding if best else None


def _sniff(path: Path, text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, encoding: str | None) -> Table:
    text = decode(path, encoding)
    delimiter = _sniff(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as err:
        raise FileProblem(path.name, _("is not valid CSV (line %(line)s): %(error)s", line=reader.line_num,
                                       error=err))
    return _table(path, records, delimiter)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        records = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as err:  # noqa: BLE001 - a damaged workbook fails in zipfile, zlib, lxml or openpyxl
        raise FileProblem(path.name, _("is not a readable Excel workbook (%(error_type)s: %(error)s); "
                                       "open it in Excel and save it again as .xlsx",
                                       error_type=type(err).__name__, error=err)) from None
    return _table(path, records, "")


def _table(path: Path, records: list[list], delimiter: str) -> Table:
    while records and not any(str(c).strip() for c in records[-1]):
        records.pop()
    if not records:
        raise FileProblem(path.name, _("is empty: expected a header row and at least one data row"))
    headers = tuple(str(h).strip() for h in records[0])
    if set(headers) & set(REJECT_COLUMNS):       # a rejects file, mended and imported again
        keep = [i for i, h in enumerate(headers) if h not in REJECT_COLUMNS]
        records = [[r[i] if i < len(r) else "" for i in keep] for r in records]
        headers = tuple(headers[i] for i in keep)
    _check_headers(path.name, headers)
    if len(records) < 2:
        raise FileProblem(path.name, _("has a header row but no data rows"))
    rows = list(_rows(headers, records[1:]))
    return Table(path.name, headers, rows, delimiter)


def _check_headers(file: str, headers: tuple[str, ...]) -> None:
    seen: dict[str, int] = {}
    for i, header in enumerate(headers, start=1):
        if not header:
            continue
        key = header.casefold()
        if key in seen:
            raise FileProblem(file, _("column %(column)s appears twice in the header (columns %(first)s "
                                      "and %(second)s): give each column its own name", column=repr(header),
                                      first=seen[key], second=i))
        seen[key] = i


def _rows(headers: tuple[str, ...], records: list[list]) -> Iterator[tuple[int, dict]]:
    for number, record in enumerate(records, start=2):
        if not any(str(c).strip() for c in record):
            continue
        values = {h: (v.strip() if isinstance(v, str) else v) for h, v in zip(headers, record) if h}
        if len(record) > len(headers) and any(str(c).strip() for c in record[len(headers):]):
            values[EXTRA] = len(record)
        yield number, values
