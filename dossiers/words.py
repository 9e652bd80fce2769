"""What the HTML and the DOCX say of the values a dossier keeps as codes (a name's kind and script, a
responsibility role, a vocabulary value) and of its ISO dates, in the language spoken when it is rendered
(graph.store.language.using)."""
from __future__ import annotations

import re
from datetime import date, datetime

from graph.store.language import N_, format_date
from graph.store.language import gettext as _
from graph.store.schema import SCHEMA

# (NameEntry.kind, NameEntry.script) -> the row label of the name
NAME_LABELS = {
    ("name", "Latin"): N_("Name (Latin)"), ("name", "Cyrillic"): N_("Name (Cyrillic)"),
    ("English", "Latin"): N_("English (Latin)"), ("English", "Cyrillic"): N_("English (Cyrillic)"),
    ("Russian", "Latin"): N_("Russian (Latin)"), ("Russian", "Cyrillic"): N_("Russian (Cyrillic)"),
    ("Ukrainian", "Latin"): N_("Ukrainian (Latin)"), ("Ukrainian", "Cyrillic"): N_("Ukrainian (Cyrillic)"),
    ("alias", "Latin"): N_("Alias (Latin)"), ("alias", "Cyrillic"): N_("Alias (Cyrillic)"),
}
RESPONSIBILITY = {"direct": N_("direct responsibility"), "command": N_("command responsibility"),
                  "complicit": N_("complicit responsibility")}

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def name_label(entry) -> str:
    """``Name (Latin)``, ``Russian (Cyrillic)``..."""
    label = NAME_LABELS.get((entry.kind, entry.script))
    return _(label) if label else f"{entry.kind.capitalize()} ({entry.script})"


def responsibility(role: str | None) -> str:
    """``direct responsibility``: the part the official had in a violation."""
    if not role:
        return ""
    label = RESPONSIBILITY.get(role)
    return _(label) if label else _("%(role)s responsibility", role=role)


def human(vocabulary: str | None, value) -> str:
    """A vocabulary value in words (SCHEMA.words); nothing for no value."""
    return SCHEMA.words(vocabulary, value) if value not in (None, "") else ""


def shown_date(value) -> str:
    """An ISO date of the dossier (``1965``, ``2014-03``, ``2014-03-14``, a datetime) as the language writes
    it, as precisely as it is known; anything else as it is; nothing for no date."""
    if value in (None, ""):
        return ""
    if isinstance(value, (date, datetime)):
        return format_date(value)
    text = str(value)
    if "T" in text:
        try:
            return format_date(datetime.fromisoformat(text))
        except ValueError:
            return text
    m = _ISO_DATE.match(text)
    if not m:
        return text
    try:
        day = date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return text
    return format_date(day, "day" if m[3] else "month" if m[2] else "year")


def period(since, until) -> str:
    """``2014-03-01 – present``: when a post was held."""
    until = shown_date(until) or _("present")
    return f"{shown_date(since) or '?'} – {until}"
