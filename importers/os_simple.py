"""OpenSanctions' flat ``targets.simple.csv`` export: one row per target, ';'-joined multi-values.

Persons and legal entities become Person/Organization nodes (uid = the OpenSanctions id); each
programme in ``program_ids`` becomes a Sanction linked by SUBJECT_OF, citing one Source per dataset.
Vessels and other things the graph does not model are counted and skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

from graph.evidence.store import url_source
from graph.store.language import N_, gettext as _
from graph.store.records import NodeRecord, RelRecord, make_uid
from graph.store.schema import SCHEMA

from .errors import FieldError, FileProblem
from .rows import Parsed, row_problem
from .tables import Table
from .values import NO_DATE, Dated, parse_dated, sort_names, split_multi

COLUMNS = ("id", "schema", "name", "aliases", "birth_date", "countries", "identifiers", "sanctions",
           "program_ids", "dataset")
LABELS = {"Person": "Person", "Organization": "Organization", "Company": "Organization",
          "LegalEntity": "Organization", "PublicBody": "Organization"}
DATASET_URLS = {"Ukraine War and Sanctions": "https://www.opensanctions.org/datasets/ua_war_sanctions/"}


def authority_of(programme: str) -> str:
    """The authority behind an OpenSanctions programme id: its prefix (``UA-SA1644``: UA; ``GB-``: UK)."""
    prefix, dash, _ = programme.partition("-")
    return SCHEMA.authority(prefix) if dash else "OTHER"


def parse_os_simple(table: Table, parsed: Parsed) -> None:
    missing = [c for c in COLUMNS if c not in table.headers]
    if missing:
        raise FileProblem(table.file, _("is not an OpenSanctions targets.simple.csv: no column %(columns)s",
                                        columns=", ".join(missing)))
    for number, values in table.rows:
        parsed.rows += 1
        label = LABELS.get(values.get("schema", ""))
        if label is None:
            if values.get("schema"):
                parsed.skip(N_("%(schema)s rows (not modelled)"), schema=values["schema"])
            else:
                parsed.skip(N_("untyped rows (not modelled)"))
            continue
        try:
            nodes, rels = build_target(values, label)
        except (FieldError, ValueError) as err:
            parsed.reject(number, values, [row_problem(table.file, number, err)])
            continue
        parsed.take(number, values, nodes, rels)


def _dataset_source(name: str) -> NodeRecord:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    url = DATASET_URLS.get(name, f"https://www.opensanctions.org/datasets/{slug}/")
    return url_source(url, f"OpenSanctions: {name}", kind="sanctions_list", reliability="B", credibility="2")


def build_target(values: dict, label: str) -> tuple[list[NodeRecord], list[RelRecord]]:
    if not values.get("id") or not values.get("name"):
        raise FieldError("id" if not values.get("id") else "name", _("is empty: every target needs an id and a name"))
    uid = values["id"]
    names = sort_names([values["name"], *split_multi(values.get("aliases"), ";")], "ru")
    props = {**names, "identifiers": split_multi(values.get("identifiers"), ";")}
    if label == "Person":
        props["citizenship"] = split_multi(values.get("countries"), ";")
        props.update(_birth_date(values.get("birth_date")).props("birth_date"))
    else:
        props["jurisdiction"] = ";".join(split_multi(values.get("countries"), ";")) or None
    subject = NodeRecord(label, uid, props)
    source = _dataset_source(values.get("dataset") or "OpenSanctions")
    reason = _reason(values.get("sanctions"))
    nodes, rels = [subject, source], [RelRecord("EVIDENCED_BY", label, uid, "Source", source.uid)]
    for programme in split_multi(values.get("program_ids"), ";"):
        authority = authority_of(programme)
        sanction = NodeRecord("Sanction", make_uid("sanction", uid, programme), {
            "name": f"{authority} {programme}: {props['name']}", "authority": authority,
            "programme": programme, "reason": reason, "reference": uid})
        nodes.append(sanction)
        rels += [RelRecord("SUBJECT_OF", label, uid, "Sanction", sanction.uid, {"source_uids": [source.uid]}),
                 RelRecord("EVIDENCED_BY", "Sanction", sanction.uid, "Source", source.uid)]
    return nodes, rels


def _birth_date(value: str | None) -> Dated:
    """Several candidate birth dates may be ';'-joined: the graph keeps the first, as precise as it is
    (OpenSanctions writes "1965" or "1965-03" for what is known), and all of them as written."""
    dates = split_multi(value, ";")
    try:
        first = parse_dated(dates[0]) if dates else NO_DATE
    except ValueError as err:
        raise FieldError("birth_date", str(err)) from None
    return Dated(first.value, first.precision, "; ".join(dates) if len(dates) > 1 else None)


def _reason(value: str | None) -> str | None:
    """The export wraps each reason in quotes and joins several with ';'."""
    text = (value or "").strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1].replace('""', '"')
    return text.strip() or None


def looks_like_os_simple(headers: tuple[str, ...]) -> bool:
    return {"id", "schema", "program_ids", "sanctions", "dataset"} <= set(headers)


def is_os_simple_path(path: Path) -> bool:
    return path.name.endswith("targets.simple.csv")
