"""Declarative mappings (YAML, in the spirit of FollowTheMoney mappings): which column of a spreadsheet
holds which field, how its cell values translate to the schema's vocabularies, and what every row of a
sanctions list has in common. Shipped mappings are in importers/mappings/; users can write their own."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import FileProblem
from .tables import Table

MAPPINGS_DIR = Path(__file__).with_name("mappings")
KINDS = ("register", "designations")


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
    path: Path | None = None


def load_mapping(path: Path) -> Mapping:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise FileProblem(path.name, f"is not a readable YAML mapping: {err}")
    if not isinstance(raw, dict) or raw.get("kind", "register") not in KINDS or "columns" not in raw:
        raise FileProblem(path.name, f"a mapping needs 'columns' and a 'kind' among {', '.join(KINDS)}")
    columns = {f: _tuple(h) for f, h in raw["columns"].items()}
    values = {f: {str(k).casefold(): str(v) for k, v in m.items()} for f, m in (raw.get("values") or {}).items()}
    return Mapping(name=raw.get("name", path.stem), kind=raw.get("kind", "register"), columns=columns,
                   dataset=raw.get("dataset", "register"), id_columns=_tuple(raw.get("id_columns")),
                   values=values, constants=raw.get("constants") or {}, schemas=raw.get("schemas") or {},
                   source=raw.get("source") or {}, cyrillic_default=raw.get("cyrillic_default", "ru"),
                   separators=raw.get("separators", ";\n"), path=path)


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


def resolve(mapping: Mapping, table: Table, required: tuple[str, ...]) -> Resolved:
    by_norm = {_norm(h): h for h in table.headers}
    columns = {f: tuple(by_norm[_norm(h)] for h in hs if _norm(h) in by_norm) for f, hs in mapping.columns.items()}
    missing = [f for f in required if not columns.get(f)]
    missing += [h for h in mapping.id_columns if _norm(h) not in by_norm]
    if missing:
        raise FileProblem(table.file, _missing_message(mapping, missing, table))
    return Resolved(mapping, {f: hs for f, hs in columns.items() if hs})


def _missing_message(mapping: Mapping, missing: list[str], table: Table) -> str:
    wanted = "; ".join(f"{f} (one of: {', '.join(mapping.columns.get(f, (f,)))})" for f in missing)
    message = f"has no column for {wanted} (mapping {mapping.name!r})."
    if len(table.headers) == 1:
        message += (f" The header is one single column {table.headers[0][:80]!r}: the columns are probably "
                    f"separated by a character other than , ; tab or |; save the file as CSV with commas")
    else:
        message += f" Its columns are: {', '.join(table.headers[:30])}"
    return message
