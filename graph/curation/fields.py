"""The fields of every form, made from schema.yaml: which properties a record of each kind has, their
types, vocabularies and required flags; and the one parser that turns what a person typed (a form, JSON,
a command line) into property values, or says beside each field what was expected. The web forms, the
JSON API and ``evgraph edit`` all read and write through here."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from graph.store.language import N_, gettext
from graph.store.plain import display
from graph.store.schema import PRECISION, SCHEMA, Property, SchemaError

# Each kind a person creates: (kind, base label, extra label, words). The kinds are refs.KINDS' words; the
# words are English messages: gettext them where they are shown.
KINDS: tuple[tuple[str, str, str | None, str], ...] = (
    ("detainee", "Person", "Detainee", N_("Detainee")),
    ("official", "Person", "Official", N_("Official (investigator, FSB officer, prosecutor, judge, prison head)")),
    ("person", "Person", None, N_("Other person (witness, relative)")),
    ("court", "Organization", "Court", N_("Court")),
    ("organisation", "Organization", None, N_("Organisation (prosecutor's office, FSB unit, penitentiary service...)")),
    ("case", "Case", None, N_("Criminal case")),
    ("site", "DetentionSite", None, N_("Detention site")),
    ("violation", "Violation", None, N_("Violation")),
    ("source", "Source", None, N_("Source (evidence)")),
    ("sanction", "Sanction", None, N_("Sanction")),
)
KIND = {k: (label, extra, words) for k, label, extra, words in KINDS}

# Properties nobody types: made from other values (name keys), from an uploaded file, or by the seal.
DERIVED = frozenset({"name_keys", "sha256", "size", "media_type", "archived_copy", "sealed"})
MULTILINE = frozenset({"text"})


class FormError(ValueError):
    """What was typed cannot be saved: ``errors`` maps a field to what was expected there."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str                                   # a schema property type
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()   # (value, words) of an enum or a list with values
    help: str = ""

    @property
    def multiple(self) -> bool:
        return self.type == "list"

    def as_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "type": self.type, "required": self.required,
                "choices": [list(c) for c in self.choices], "help": self.help}


HELP = {                 # English messages: gettext at use
    "date": N_("a year (2014), a month (2014-03) or a day (2014-03-14, or 14.03.2014)"),
    "list": N_("one per line"),
    "boolean": "",
    "integer": N_("a whole number"),
    "float": N_("a number"),
}


def _vocabulary_of(prop: Property) -> str | None:
    for name, values in SCHEMA.vocabularies.items():
        if values == prop.values:
            return name
    return None


def _field(prop: Property) -> Field:
    vocabulary = _vocabulary_of(prop) if prop.values else None
    choices = tuple((v, f"{v}: {SCHEMA.words(vocabulary, v)}" if SCHEMA.vocabulary_words.get(vocabulary or "")
                     else SCHEMA.words(vocabulary, v)) for v in prop.values)
    description = gettext(prop.description) if prop.description else ""     # schema.yaml's words, in the catalogue
    help_text = description or (gettext(HELP[prop.type]) if HELP.get(prop.type) else "")
    if prop.type == "list" and prop.description:
        help_text = gettext("%(description)s; one per line", description=description)
    if prop.type == "list" and choices:
        help_text = description               # ticked, not typed one per line
    label = SCHEMA.property_label(prop.name)
    return Field(prop.name, label[:1].upper() + label[1:], prop.type, prop.required, choices, help_text)


def kind_of(label: str, extra_labels=()) -> str:
    """The kind of a record with these labels (a Person with Detainee: detainee)."""
    base = SCHEMA.base_label(label)
    for kind, k_label, k_extra, _ in KINDS:
        if k_label == base and (k_extra is None or k_extra in extra_labels):
            return kind
    raise SchemaError(f"no form for {base}")


def node_fields(kind: str) -> tuple[Field, ...]:
    """The fields of a record of ``kind``, in the schema's order."""
    if kind not in KIND:
        raise FormError(gettext("unknown kind %(kind)s; one of %(kinds)s", kind=repr(kind), kinds=", ".join(KIND)))
    label, extra, _ = KIND[kind]
    node = SCHEMA.nodes[label]
    return tuple(_field(node.properties[p]) for p in node.properties_for(extra) if p not in DERIVED)


def rel_fields(rel_type: str) -> tuple[Field, ...]:
    return tuple(_field(p) for p in SCHEMA.rel(rel_type).properties.values()
                 if p.name not in ("source_uids", "confirmed_by", "confirmed_at", "matched_to",
                                   "rejected_by", "rejected_at"))


# -- typed text to values ---------------------------------------------------------------------------
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DOTTED_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DOTTED_MONTH = re.compile(r"^(\d{1,2})\.(\d{4})$")


def parse_date(text: str) -> tuple[date, str | None]:
    """A date as typed, with how much of it is known: (1965-01-01, "year") for "1965", (2014-03-01,
    "month") for "2014-03" or "03.2014", (2014-03-14, None) for a whole day. ValueError otherwise."""
    text = text.strip()
    if m := _DAY.match(text):
        return date(int(m[1]), int(m[2]), int(m[3])), None
    if m := _DOTTED_DAY.match(text):
        return date(int(m[3]), int(m[2]), int(m[1])), None
    if m := _MONTH.match(text):
        return date(int(m[1]), int(m[2]), 1), "month"
    if m := _DOTTED_MONTH.match(text):
        return date(int(m[2]), int(m[1]), 1), "month"
    if m := _YEAR.match(text):
        return date(int(m[1]), 1, 1), "year"
    raise ValueError(text)


def date_text(value, precision: str | None) -> str:
    """A stored date as a person typed it: 1965, 2014-03 or 2014-03-14."""
    if hasattr(value, "to_native"):
        value = value.to_native()
    text = display(value)
    if precision == "year":
        return text[:4]
    if precision == "month":
        return text[:7]
    return text


_YES = {"yes", "true", "on", "1", "так", "y"}
_NO = {"no", "false", "off", "0", "ні", "n", ""}


def _items(raw) -> list[str]:
    if isinstance(raw, (list, tuple)):
        parts = [str(x) for x in raw]
    else:
        parts = re.split(r"[\r\n;]+", str(raw))
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def parse_value(field: Field, raw) -> tuple[Any, str | None]:
    """(value, precision) of one field; value None for an empty field. ValueError with what was expected."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None, None
    kind = field.type
    if kind == "date":
        if isinstance(raw, date):
            return raw, None
        try:
            return parse_date(str(raw))
        except ValueError:
            raise ValueError(gettext("expected %(expected)s; got %(got)s", expected=gettext(HELP["date"]),
                                     got=repr(str(raw)[:40]))) from None
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw, None
        text = str(raw).strip().casefold()
        if text in _YES:
            return True, None
        if text in _NO:
            return False, None
        raise ValueError(gettext("expected yes or no; got %(got)s", got=repr(str(raw)[:40])))
    if kind == "integer":
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(gettext("expected a whole number; got %(got)s", got=repr(str(raw)[:40]))) from None
        return value, None
    if kind == "float":
        try:
            value = float(str(raw).strip().replace(",", "."))
        except ValueError:
            raise ValueError(gettext("expected a number; got %(got)s", got=repr(str(raw)[:40]))) from None
        if not math.isfinite(value):
            raise ValueError(gettext("expected a finite number"))
        return value, None
    if kind == "list":
        items = _items(raw)
        allowed = {v for v, _ in field.choices}
        if allowed:
            wrong = [x for x in items if x not in allowed]
            if wrong:
                raise ValueError(gettext("expected some of %(allowed)s; got %(got)s", allowed=", ".join(sorted(allowed)),
                                         got=", ".join(wrong)[:60]))
        return (items or None), None
    text = " ".join(str(raw).split()) if kind != "text" else str(raw).strip()
    if kind == "enum":
        allowed = [v for v, _ in field.choices]
        if text not in allowed:
            raise ValueError(gettext("expected one of %(allowed)s; got %(got)s", allowed=", ".join(allowed),
                                     got=repr(text[:40])))
    if len(text) > 20000:
        raise ValueError(gettext("at most 20,000 characters"))
    return text, None


def parse_fields(fields: tuple[Field, ...], raw: Mapping[str, Any], *, partial: bool = False) -> dict:
    """The property values of what was typed: every field of ``fields`` (None where emptied), with
    ``x_precision`` beside a date known only to the month or year. With ``partial`` only the fields
    present in ``raw`` (the JSON API's and the CLI's edits). FormError names each field that is wrong."""
    known = {f.name for f in fields}
    unknown = [k for k in raw if k not in known and SCHEMA.precision_of(k) not in known]
    errors = {k: gettext("no such field here; the fields are %(fields)s", fields=", ".join(sorted(known))) for k in unknown}
    out: dict[str, Any] = {}
    for field in fields:
        if partial and field.name not in raw:
            continue
        try:
            value, precision = parse_value(field, raw.get(field.name))
        except ValueError as exc:
            errors[field.name] = str(exc)
            continue
        if value is None and field.required:
            errors[field.name] = gettext("required")
            continue
        out[field.name] = value
        if field.type == "date":
            out[field.name + PRECISION] = precision
    if errors:
        raise FormError(gettext("Some fields need correcting: %(errors)s",
                                errors="; ".join(f"{k}: {v}" for k, v in errors.items())), errors)
    return out


def form_values(fields: tuple[Field, ...], props: Mapping[str, Any]) -> dict[str, str]:
    """Stored values as the text a form shows in each field (lists one per line, dates as precise as known)."""
    out = {}
    for f in fields:
        value = props.get(f.name)
        if value is None:
            out[f.name] = ""
        elif f.type == "date":
            out[f.name] = date_text(value, props.get(f.name + PRECISION))
        elif f.type == "list":
            out[f.name] = "\n".join(display(v) for v in value) if isinstance(value, list) else display(value)
        elif f.type == "boolean":
            out[f.name] = "yes" if value else "no"
        else:
            out[f.name] = display(value) if not isinstance(value, (int, float)) or isinstance(value, bool) \
                else str(value)
    return out
