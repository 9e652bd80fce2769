"""The languages a person reads: Ukrainian and English, one gettext catalogue for the whole project.

The catalogue is ``graph/translations/<lang>/LC_MESSAGES/messages.po`` (made by ``make i18n``: pybabel
extraction from the templates, the Python code and the schema's words). It is read straight from the
``.po`` file, so no compiled file can fall behind the text in the repository.

Which language is spoken now: the one chosen with ``using(lang)`` (a dossier in Ukrainian produced from an
English page, the CLI's ``--lang``), else the web request's (the web app installs ``request_language``:
the account's choice, else the browser's Accept-Language), else the default, English.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Callable

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

LANGUAGES: dict[str, str] = {"uk": "Українська", "en": "English"}
DEFAULT = "en"
SOURCE = "en"          # the language the messages are written in
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

_chosen: ContextVar[str | None] = ContextVar("evgraph_language", default=None)
# Set by the web app: the language of the request being answered, or None outside a request.
request_language: Callable[[], str | None] = lambda: None


def catalogue_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def known(lang: str | None) -> str | None:
    """``lang`` if it is one of ours (``uk-UA`` counts as ``uk``), else None."""
    if not lang:
        return None
    code = str(lang).replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The gettext translations of ``lang``, read from its .po file (fuzzy entries left out)."""
    path = catalogue_path(lang)
    if lang == SOURCE or not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def current() -> str:
    return _chosen.get() or request_language() or DEFAULT


@contextmanager
def using(lang: str | None):
    """Speak ``lang`` inside the block (None or an unknown code: the language already spoken)."""
    token = _chosen.set(known(lang) or current())
    try:
        yield
    finally:
        _chosen.reset(token)


def gettext(message: str, /, **values) -> str:
    if not message:         # the empty msgid is the catalogue's header, never a translation
        return message
    text = translations(current()).ugettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    text = translations(current()).ungettext(singular, plural, n)
    return text % dict(values, num=n) if "%(" in text else text


def lazy_gettext(message: str, /, **values) -> LazyProxy:
    """A message translated when it is shown, in the language spoken then (module-level labels)."""
    return LazyProxy(gettext, message, enable_cache=False, **values)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a module constant); ``gettext`` it where
    it is shown."""
    return message


# -- dates and numbers, as the language writes them ----------------------------------------------------
# How precisely a date is known -> how it is written. English pages keep ISO 8601 (unambiguous for the
# governments that read them); Ukrainian writes dates as Ukrainian does ("14 березня 2014 р.").
DATE_FORMATS = {"en": {"year": "y", "month": "y-MM", "day": "yyyy-MM-dd", "time": "yyyy-MM-dd HH:mm"},
                "uk": {"year": "y", "month": "LLLL y", "day": "d MMMM y", "time": "d MMMM y, HH:mm"}}


def locale() -> Locale:
    return _locale(current())


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def format_date(value, precision: str | None = "day") -> str:
    """A date as the language writes it, only as precisely as it is known: ``1965``; ``березень 2014``;
    ``14 березня 2014 р.``."""
    if hasattr(value, "to_native"):
        value = value.to_native()
    formats = DATE_FORMATS.get(current(), DATE_FORMATS["en"])
    if isinstance(value, datetime):
        return babel_dates.format_datetime(value, formats["time"], locale=locale())
    if not isinstance(value, date):
        return str(value)
    return babel_dates.format_date(value, formats.get(precision or "day", formats["day"]), locale=locale())


def format_number(value) -> str:
    if isinstance(value, float):
        return babel_numbers.format_decimal(round(value, 3), locale=locale())
    return babel_numbers.format_decimal(value, locale=locale())


def yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def age_words(moment) -> str:
    """How long ago ``moment`` was, as the language says it ("3 хвилини", "2 hours"); "" for None."""
    if moment is None:
        return ""
    if hasattr(moment, "to_native"):
        moment = moment.to_native()
    now = datetime.now(moment.tzinfo) if moment.tzinfo else datetime.now()
    return babel_dates.format_timedelta(now - moment, granularity="second", threshold=1.0, locale=locale())
