"""Declarative mappings (YAML, in the spirit of FollowTheMoney mappings): which column of a spreadsheet
holds which field, how its cell values translate to the schema's vocabularies, and what every row of a
sanctions list has in common. Shipped mappings are in importers/mappings/; users can write their own."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.store.language import gettext as _

from .errors import FileProblem
from .tables import Table

MAPPINGS_DIR = Path(__file__).with_name("mappings")
KINDS = ("register", "designations", "officials")

# What a mapping may say: its keys, and the fields each kind of mapping reads (README, "Mappings").
KEYS = ("name", "kind", "dataset", "id_columns", "columns", "values", "constants", "schemas", "source",
        "cyrillic_default", "separators", "empty_values", "description")
PERSON_FIELDS = ("id", "name", "name_uk", "name_ru", "name_en", "aliases", "birth_date", "gender", "citizenship",
                 "notes")
SOURCE_FIELDS = ("sources", "source_reliability", "source_credibility", "sources_confidential")
FIELDS = {
    "register": (*PERSON_FIELDS, "status", "region", "detained_on", "released_on", "pace_criteria", "case_name",
                 "case_number", "articles", "opened_on", "verdict_on", "sentence", "sentence_years", "court",
                 "judges", "prosecutors", "investigators", "detention_site", *SOURCE_FIELDS, "protected"),
    "designations": ("id", "schema", "name", "aliases", "birth_date", "birth_place", "gender", "citizenship",
                     "positions", "identifiers", "jurisdiction", "listed_on", "programme", "reference", "reason",
                     "notes", "authority"),
    "officials": (*PERSON_FIELDS, "birth_place", "rank", "identifiers", "position", "organisation",
                  "organisation_kind", "since", "until", *SOURCE_FIELDS),
}
CONSTANTS = ("authority", "programme", "organisation_kind")
SOURCE_KEYS = ("kind", "title", "url", "reliability", "credibility")


@dataclass(frozen=True)
class Mapping:
    name: str
    kind: str                                   # register | designations
    columns: dict[str, tuple[str, ...]]         # field -> accepted headers
    dataset: str = "register"                   # namespace of the uids made from the row ids
    id_columns: tuple[str, ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    schemas: dict[str, str] = field(default_factory=dict)     # row schema -> graph label
    source: dict[str, str] = field(default_factory=dict)      # one Source per list (designations)
    cyrillic_default: str = "ru"
    separators: str = ";\n"
    empty_values: frozenset[str] = frozenset()                 # cells that mean "no value": N/D, -, –
    path: Path | None = None

    @property
    def shipped(self) -> bool:
        """One of importers/mappings/ (chosen by the headers, so it names more columns than a file has)."""
        return self.path is None or self.path.parent.resolve() == MAPPINGS_DIR.resolve()


def load_mapping(path: Path) -> Mapping:
    """A mapping file, checked strictly before any data is read: an unknown key, a field its kind does not
    read, a value translation for a field it does not map, is an error naming the line of the YAML."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
        lines = _key_lines(yaml.compose(text))
    except (OSError, yaml.YAMLError) as err:
        raise FileProblem(path.name, _("is not a readable YAML mapping: %(error)s", error=err))
    if not isinstance(raw, dict) or raw.get("kind", "register") not in KINDS \
            or not isinstance(raw.get("columns"), dict):
        raise FileProblem(path.name, _("a mapping needs 'columns' (field: header) and a 'kind' among %(kinds)s",
                                       kinds=", ".join(KINDS)))
    _check(path.name, raw, lines)
    columns = {f: _tuple(h) for f, h in raw["columns"].items()}
    values = {f: {str(k).casefold(): str(v) for k, v in m.items()} for f, m in (raw.get("values") or {}).items()}
    return Mapping(name=raw.get("name", path.stem), kind=raw.get("kind", "register"), columns=columns,
                   dataset=raw.get("dataset", "register"), id_columns=_tuple(raw.get("id_columns")),
                   values=values, constants=raw.get("constants") or {}, schemas=raw.get("schemas") or {},
                   source=raw.get("source") or {}, cyrillic_default=raw.get("cyrillic_default", "ru"),
                   separators=raw.get("separators", ";\n"),
                   empty_values=frozenset(str(v).strip().casefold() for v in raw.get("empty_values") or ()), path=path)


def _key_lines(node, prefix: str = "") -> dict[str, int]:
    """'columns.name' -> its line (1-based) in the YAML, for every key of the mapping's nested maps."""
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            out[name] = key.start_mark.line + 1
            out.update(_key_lines(value, name + "."))
    return out


def _check(file: str, raw: dict, lines: dict[str, int]) -> None:
    kind = raw.get("kind", "register")
    fields = FIELDS[kind]
    problems = []

    def wrong(key: str, message: str) -> None:
        problems.append(_("line %(line)s: %(problem)s", line=lines.get(key, "?"), problem=message))

    for key in raw:
        if key not in KEYS:
            wrong(key, _("unknown key %(key)s; a mapping has %(keys)s", key=repr(key), keys=", ".join(KEYS)))
    for field_name, headers in raw["columns"].items():
        if field_name not in fields:
            close = [f for f in fields if f[:4] == str(field_name)[:4]]
            said = {"kind": kind, "field": repr(field_name), "fields": ", ".join(fields)}
            wrong(f"columns.{field_name}",
                  _("a %(kind)s mapping has no field %(field)s (did you mean %(close)s?); its fields are %(fields)s",
                    close=repr(close[0]), **said) if close else
                  _("a %(kind)s mapping has no field %(field)s; its fields are %(fields)s", **said))
        elif not headers or not all(isinstance(h, (str, int)) for h in _listed(headers)):
            wrong(f"columns.{field_name}", _("%(field)s: give the file's header, or a list of headers",
                                             field=field_name))
    for field_name in raw.get("values") or {}:
        if field_name not in raw["columns"]:
            wrong(f"values.{field_name}", _("values for %(field)s, which 'columns' does not map",
                                            field=repr(field_name)))
    for key in raw.get("constants") or {}:
        if key not in CONSTANTS:
            wrong(f"constants.{key}", _("unknown constant %(key)s; one of %(keys)s", key=repr(key),
                                        keys=", ".join(CONSTANTS)))
    for key in raw.get("source") or {}:
        if key not in SOURCE_KEYS:
            wrong(f"source.{key}", _("unknown source key %(key)s; one of %(keys)s", key=repr(key),
                                     keys=", ".join(SOURCE_KEYS)))
    if raw.get("cyrillic_default", "ru") not in ("ru", "uk"):
        wrong("cyrillic_default", _("cyrillic_default is ru or uk"))
    if problems:
        raise FileProblem(file, _("is not a valid mapping: %(problems)s", problems="; ".join(problems)))


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def shipped_mappings() -> list[Mapping]:
    return [load_mapping(p) for p in sorted(MAPPINGS_DIR.glob("*.yaml"))]


def _norm(header: str) -> str:
    return " ".join(str(header).split()).casefold()


def score(mapping: Mapping, headers: tuple[str, ...]) -> int:
    """How many of the mapping's fields find a column among ``headers``."""
    present = {_norm(h) for h in headers}
    return sum(1 for hs in mapping.columns.values() if any(_norm(h) in present for h in hs)) + \
        sum(1 for h in mapping.id_columns if _norm(h) in present)


def best_mapping(headers: tuple[str, ...]) -> Mapping:
    """The shipped mapping that recognises most of the columns (the default one on a tie)."""
    candidates = shipped_mappings()
    return max(candidates, key=lambda m: (score(m, headers), m.name == "default"))


@dataclass(frozen=True)
class Resolved:
    """A mapping bound to one file's header: field -> the file's own header names, in order."""
    mapping: Mapping
    columns: dict[str, tuple[str, ...]]


def resolve(mapping: Mapping, table: Table, required: tuple[str, ...], strict: bool = False) -> Resolved:
    """The mapping's fields bound to the file's headers. ``strict`` (a mapping the user chose): every field
    it maps must find its column, since a header typed wrong would silently leave a column unread."""
    by_norm = {_norm(h): h for h in table.headers}
    columns = {f: tuple(by_norm[_norm(h)] for h in hs if _norm(h) in by_norm) for f, hs in mapping.columns.items()}
    strict = strict or not mapping.shipped
    missing = [f for f in (mapping.columns if strict else required) if not columns.get(f)]
    missing += [h for h in mapping.id_columns if _norm(h) not in by_norm]
    if missing:
        raise FileProblem(table.file, _missing_message(mapping, missing, table))
    return Resolved(mapping, {f: hs for f, hs in columns.items() if hs})


def _missing_message(mapping: Mapping, missing: list[str], table: Table) -> str:
    wanted = "; ".join(_("%(field)s (one of: %(headers)s)", field=f, headers=", ".join(mapping.columns.get(f, (f,))))
                       for f in missing)
    if len(table.headers) == 1:
        return _("has no column for %(wanted)s (mapping %(mapping)s). The header is one single column %(header)s: "
                 "the columns are probably separated by a character other than , ; tab or |; save the file as CSV "
                 "with commas", wanted=wanted, mapping=repr(mapping.name), header=repr(table.headers[0][:80]))
    return _("has no column for %(wanted)s (mapping %(mapping)s). Its columns are: %(columns)s", wanted=wanted,
             mapping=repr(mapping.name), columns=", ".join(table.headers[:30]))
