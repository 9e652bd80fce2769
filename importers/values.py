"""Cell values: dates in the formats registers use, multi-valued cells, names sorted by script."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from graph.store.language import N_, gettext as _
from graph.store.names import CYRILLIC, RUSSIAN_LETTERS, UKRAINIAN_LETTERS
from graph.store.schema import AS_WRITTEN, PRECISION

_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, counting its 1900 leap-year bug
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")

DATE_HINT = N_("a date as d.m.yyyy, yyyy-mm-dd, yyyy or an Excel date")
# What Python's date() says of an impossible date, in the words of the language spoken
_DATE_ERRORS = {"month must be in 1..12": N_("month must be in 1..12"),
                "day is out of range for month": N_("day is out of range for month")}


class NotADate(ValueError):
    """A cell that holds no date (its message says what was expected)."""


@dataclass(frozen=True)
class Dated:
    """A date as a list gives it: the day (the first of the month or year when only those are known), how
    much of it is known, and the text itself when it says more or less than the date ("around 1970",
    "10 October (year unknown)"). Nothing a list says about a date is thrown away."""
    value: date | None
    precision: str | None = None          # "year", "month"; None: the day
    as_written: str | None = None

    def props(self, name: str) -> dict:
        """The properties of the date field ``name``: the date, ``name_precision``, ``name_as_written``."""
        return {name: self.value, name + PRECISION: self.precision, name + AS_WRITTEN: self.as_written}


NO_DATE = Dated(None)


def parse_date(value) -> date | None:
    """A date from a cell: d.m.yyyy, yyyy-mm-dd, '2 March 2021', a bare year, or an Excel serial.

    A bare year or year-month gives the first day of it (``parse_dated`` says how precise it is).
    Raises ValueError when the cell holds something else.
    """
    return parse_dated(value).value


def parse_dated(value) -> Dated:
    """``parse_date`` with its precision: "1965" is (1965-01-01, year), "2014-03" (2014-03-01, month)."""
    if value is None or value == "":
        return NO_DATE
    if isinstance(value, datetime):
        return Dated(value.date())
    if isinstance(value, date):
        return Dated(value)
    if isinstance(value, (int, float)):
        return Dated(_serial(float(value)))
    text = str(value).strip()
    if not text:
        return NO_DATE
    return _cached_text_date(text)


@lru_cache(maxsize=65536)
def _cached_text_date(text: str) -> Dated:
    # registers repeat dates (detention days, birth dates) on many rows; errors are not cached
    return _parse_text_date(text)


def _parse_text_date(text: str) -> Dated:
    try:
        return _match_date(text)
    except NotADate:
        raise
    except ValueError as err:
        said = _DATE_ERRORS.get(str(err))
        raise NotADate(_("%(value)s is not a real date (%(error)s); expected %(hint)s", value=repr(text),
                         error=_(said) if said else err, hint=_(DATE_HINT))) from None


def _match_date(text: str) -> Dated:
    if m := _DMY.match(text):
        return Dated(date(int(m[3]), int(m[2]), int(m[1])))
    if m := _ISO.match(text):
        return Dated(date(int(m[1]), int(m[2]), int(m[3])))
    if m := _YEAR_MONTH.match(text):
        return Dated(date(int(m[1]), int(m[2]), 1), "month")
    if m := _YEAR.match(text):
        return Dated(date(int(m[1]), 1, 1), "year")
    if m := _WORD_DATE.match(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return Dated(date(int(m[3]), month, int(m[1])))
    if m := _MONTH_YEAR.match(text):
        month = _MONTHS.get(m[1].lower())
        if month:
            return Dated(date(int(m[2]), month, 1), "month")
    if _SERIAL.match(text):
        return Dated(_serial(float(text)))
    raise NotADate(_("%(value)s is not %(hint)s", value=repr(text), hint=_(DATE_HINT)))


def _serial(number: float) -> date:
    if not 1 <= number < 2958466:
        raise NotADate(_("%(value)s is not %(hint)s", value=repr(number), hint=_(DATE_HINT)))
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


_BRACKETED = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")


def split_scripts(name: str) -> list[str]:
    """A name written in two scripts in one cell, as lists do ("Sergei AKSENOV (Сергей АКСЁНОВ)"), is two
    names; a bracket in the same script (a maiden name, an abbreviation) stays part of the name."""
    m = _BRACKETED.match(name.strip())
    if m and (script_of(m["outer"]) == "latin") != (script_of(m["inner"]) == "latin"):
        return [m["outer"].strip(), m["inner"].strip()]
    return [name]


def sort_names(names: list[str], cyrillic_default: str = "ru") -> dict:
    """Spread the names of one entity over name / name_uk / name_ru / aliases by script.

    A Cyrillic name with no letter unique to Ukrainian or Russian goes to ``cyrillic_default`` first
    (lists of Russian officials are Russian), then to the other slot if that is still free. A cell with a
    name in two scripts ("Latin (Cyrillic)") gives both.
    """
    names = [n for n in dict.fromkeys(p.strip() for n in names if n and n.strip() for p in split_scripts(n))]
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
_MONTH_WORD = re.compile(r"[A-Za-z]+")
_RANGE = re.compile(r"\b(or|between|and)\b|\d{4}\s*[-–/]\s*\d{4}", re.IGNORECASE)
_NO_YEAR = re.compile(r"\b(year unknown|unknown year|year not known)\b|\bN/?D\b|^\W*$", re.IGNORECASE)


def parse_date_lenient(value) -> date | None:
    """The first date in free text such as 'Probably 1973', 'January 1958' or '19.9.1981 or 29.9.1981'."""
    return parse_dated_lenient(value).value


def parse_dated_lenient(value) -> Dated:
    """A date from a sanctions list's free text, for lists whose birth dates are approximate: the first
    date in it, as precise as the text says ('January 1958': the month; 'March/April 1965', 'around 1970',
    '1980-1990': the year), with the text kept whenever it is more than the date. A text with no year
    ('10 October (year unknown)', 'N/D') is no date, its text kept. Registers use ``parse_date``."""
    try:
        return parse_dated(value)
    except ValueError:
        pass
    text = " ".join(str(value).split())
    if _NO_YEAR.search(text) and not re.search(r"\d{4}", text):
        return Dated(None, None, text)
    for match in _FIRST_DATE.finditer(text):
        found = match.group(0)
        words = found.split()
        if len(words) == 2:
            month = _MONTHS.get(words[0].lower())
            months = [w for w in _MONTH_WORD.findall(text) if w.lower() in _MONTHS]
            if month and len(months) == 1:
                return Dated(date(int(words[1]), month, 1), "month", text)
            return Dated(date(int(words[1]), 1, 1), "year", text)
        try:
            dated = _parse_text_date(found)
        except ValueError:
            continue
        # "1954 or 1955", "1980-1990", "between 1.1.1961 and 31.12.1963": a range is known to the year at best
        ranged = bool(_RANGE.search(text))
        precision = "year" if ranged and dated.precision is None else dated.precision
        return Dated(dated.value, precision, text)
    raise NotADate(_("%(value)s holds no date (%(hint)s, or a text saying the year is unknown)",
                     value=repr(value), hint=_(DATE_HINT)))
