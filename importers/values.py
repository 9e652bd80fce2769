"""Cell values: dates in the formats registers use, multi-valued cells, names sorted by script."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from graph.store.names import CYRILLIC, RUSSIAN_LETTERS, UKRAINIAN_LETTERS

_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, counting its 1900 leap-year bug
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")

DATE_HINT = "a date as d.m.yyyy, yyyy-mm-dd, yyyy or an Excel date"


def parse_date(value) -> date | None:
    """A date from a cell: d.m.yyyy, yyyy-mm-dd, '2 March 2021', a bare year, or an Excel serial.

    A bare year or year-month gives the first day of it: registers often know no more.
    Raises ValueError when the cell holds something else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        return _serial(float(value))
    text = str(value).strip()
    if not text:
        return None
    return _cached_text_date(text)


@lru_cache(maxsize=65536)
def _cached_text_date(text: str) -> date:
    # registers repeat dates (detention days, birth dates) on many rows; errors are not cached
    return _parse_text_date(text)


def _parse_text_date(text: str) -> date:
    try:
        return _match_date(text)
    except ValueError as err:
        if "is not" in str(err):
            raise
        raise ValueError(f"{text!r} is not a real date ({err}); expected {DATE_HINT}") from None


def _match_date(text: str) -> date:
    if m := _DMY.match(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := _ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _YEAR_MONTH.match(text):
        return date(int(m[1]), int(m[2]), 1)
    if m := _YEAR.match(text):
        return date(int(m[1]), 1, 1)
    if m := _WORD_DATE.match(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return date(int(m[3]), month, int(m[1]))
    if _SERIAL.match(text):
        return _serial(float(text))
    raise ValueError(f"{text!r} is not {DATE_HINT}")


def _serial(number: float) -> date:
    if not 1 <= number < 2958466:
        raise ValueError(f"{number!r} is not {DATE_HINT}")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def split_multi(value, separators: str = ";\n") -> list[str]:
    """The values of a multi-valued cell, trimmed, empty ones dropped, order kept, duplicates removed."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        text = value if type(value) is str else str(value)
        if not _splitter(separators).search(text):   # the usual single value
            text = text.strip()
            return [text] if text else []
        parts = _splitter(separators).split(text)
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in out:
            out.append(part)
    return out


@lru_cache(maxsize=None)
def _splitter(separators: str) -> re.Pattern:
    return re.compile("[" + re.escape(separators) + "]")


def script_of(name: str) -> str:
    """'uk', 'ru', 'cyrillic' (either) or 'latin' for one name."""
    if not CYRILLIC.search(name):
        return "latin"
    letters = set(name)
    if letters & UKRAINIAN_LETTERS and not letters & RUSSIAN_LETTERS:
        return "uk"
    if letters & RUSSIAN_LETTERS and not letters & UKRAINIAN_LETTERS:
        return "ru"
    return "cyrillic"


def sort_names(names: list[str], cyrillic_default: str = "ru") -> dict:
    """Spread the names of one entity over name / name_uk / name_ru / aliases by script.

    A Cyrillic name with no letter unique to Ukrainian or Russian goes to ``cyrillic_default`` first
    (lists of Russian officials are Russian), then to the other slot if that is still free.
    """
    names = [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip())]
    out: dict = {}
    ambiguous = []
    for name in names:
        script = script_of(name)
        if script == "latin":
            out.setdefault("name_en", name)
        elif script == "cyrillic":
            ambiguous.append(name)
        else:
            out.setdefault(f"name_{script}", name)
    other = "uk" if cyrillic_default == "ru" else "ru"
    for name in ambiguous:
        for lang in (cyrillic_default, other):
            if f"name_{lang}" not in out:
                out[f"name_{lang}"] = name
                break
    if names:
        out["name"] = out.get("name_en") or names[0]
        out["aliases"] = [n for n in names if n != out["name"]]
    out.pop("name_en", None)
    return out


_FIRST_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|(?:[A-Za-z]+\s+)?\d{4}")


def parse_date_lenient(value) -> date | None:
    """The first date in free text such as 'Probably 1973', 'January 1958' or '19.9.1981 or 29.9.1981'.

    For sanctions lists, whose birth dates are often approximate; registers use ``parse_date``.
    """
    try:
        return parse_date(value)
    except ValueError:
        pass
    for match in _FIRST_DATE.finditer(str(value)):
        text = match.group(0)
        words = text.split()
        if len(words) == 2:
            month = _MONTHS.get(words[0].lower())
            return date(int(words[1]), month, 1) if month else date(int(words[1]), 1, 1)
        try:
            return _parse_text_date(text)
        except ValueError:
            continue
    raise ValueError(f"{value!r} holds no date ({DATE_HINT})")
