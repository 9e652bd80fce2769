"""NGO registers (CSV/XLSX, one row per detainee or per case) to graph records, through a mapping.

A row gives the detainee, their case, the court, the officials named in it, the detention site and
the sources behind them; every claim about a person made from the row cites the row's sources.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.evidence.store import describe_file, file_source, titled_source, url_source
from graph.store.language import gettext as _
from graph.store.names import name_keys
from graph.store.records import NodeRecord, RelRecord, make_uid

from .errors import FieldError
from .mapping import Mapping, resolve
from .rows import Parsed, Row, row_problem
from .tables import EXTRA, Table
from .values import sort_names

REQUIRED = ("name",)
OFFICIAL_ROLES = {"judges": "JUDGE_IN", "prosecutors": "PROSECUTOR_IN", "investigators": "INVESTIGATOR_IN"}
_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class Context:
    """Where a row's source files are found; the files named are collected in ``files`` so they are
    copied into the evidence store only once the whole import has passed validation."""
    base_dir: Path
    files: list[Path]


def parse_register(table: Table, mapping: Mapping, ctx: Context, parsed: Parsed) -> None:
    resolved = resolve(mapping, table, REQUIRED)
    for number, values in table.rows:
        parsed.rows += 1
        row = Row(resolved, values)
        errors = cell_errors(row)
        try:
            _check_width(values, len(table.headers))
            nodes, rels = build_row(row, number, ctx) if not errors else ([], [])
        except (FieldError, ValueError) as err:
            errors.append(err)
        if errors:
            parsed.reject(number, values, [row_problem(table.file, number, e) for e in errors])
            continue
        parsed.take(number, values, nodes, rels)


# Typed cells, checked all at once so a row's every problem is reported together, not one per attempt.
DATE_FIELDS = ("birth_date", "detained_on", "released_on", "opened_on", "verdict_on")
VOCAB_FIELDS = {"gender": "gender", "status": "status", "region": "region", "source_reliability": "reliability",
                "source_credibility": "credibility"}


def cell_errors(row: Row) -> list[FieldError]:
    errors = []
    for f in DATE_FIELDS:
        try:
            row.date(f)
        except FieldError as err:
            errors.append(err)
    for f, v in VOCAB_FIELDS.items():
        try:
            row.vocab(f, v)
        except FieldError as err:
            errors.append(err)
    for check in (lambda: row.vocab_list("pace_criteria", "pace_criteria"), lambda: row.number("sentence_years")):
        try:
            check()
        except FieldError as err:
            errors.append(err)
    return errors


def _check_width(values: dict, width: int) -> None:
    cells = values.get(EXTRA)
    if cells:
        raise ValueError(_("has %(cells)s cells but the header has %(width)s columns: "
                           "a value probably contains the delimiter without quotes", cells=cells, width=width))


def key_uid(kind: str, name: str) -> str:
    """Entities a register names without an id (courts, officials, sites) are one node per name key;
    numbers count ("SIZO-1" and "SIZO-2" are two sites) though name keys leave them out."""
    keys = name_keys(name)
    return make_uid(kind, keys[0] if keys else name.casefold(), *re.findall(r"\d+", name))


def build_row(row: Row, number: int, ctx: Context) -> tuple[list[NodeRecord], list[RelRecord]]:
    sources = row_sources(row, ctx)
    cite = {"source_uids": [s.uid for s in sources]}
    person = _detainee(row, number)
    nodes, rels = [person, *sources], []
    rels += [RelRecord("EVIDENCED_BY", "Person", person.uid, "Source", s.uid) for s in sources]
    criteria = person.props.get("pace_criteria") or []
    if criteria and not sources:      # each criterion is a claim about the person, as a case is
        raise FieldError(row.column("pace_criteria"), _("each PACE criterion needs its evidence: the row names no source"))
    # the row's sources are the evidence of each criterion it gives (one relationship per criterion)
    rels += [RelRecord("EVIDENCED_BY", "Person", person.uid, "Source", s.uid, {"criterion": c}, key=f"pace-{c}")
             for c in criteria for s in sources]
    case = _case(row, person.uid)
    if case:
        nodes.append(case)
        rels.append(RelRecord("DEFENDANT_IN", "Person", person.uid, "Case", case.uid, dict(cite)))
        _court(row, case, nodes, rels)
        _officials(row, case, cite, nodes, rels)
    _site(row, person, cite, nodes, rels)
    return nodes, rels


def _detainee(row: Row, number: int) -> NodeRecord:
    names = sort_names([row.text("name") or "", row.text("name_en") or "", row.text("name_uk") or "",
                        row.text("name_ru") or "",
                        *row.multi("aliases")], row.resolved.mapping.cyrillic_default)
    own_id = row.text("id")
    uid = make_uid(row.resolved.mapping.dataset, own_id) if own_id else \
        make_uid(row.resolved.mapping.dataset, *name_keys(names["name"])[:1], row.date("birth_date"))
    props = {**names, **row.dated("birth_date").props("birth_date"), "gender": row.vocab("gender", "gender"),
             "citizenship": row.multi("citizenship"), "status": row.vocab("status", "status"),
             "region": row.vocab("region", "region"), **row.dated("detained_on").props("detained_on"),
             **row.dated("released_on").props("released_on"), "pace_criteria": row.vocab_list("pace_criteria", "pace_criteria"),
             "notes": row.text("notes"), "protected": row.flag("protected") or None}
    if props["detained_on"] and props["released_on"] and props["released_on"] < props["detained_on"]:
        raise FieldError(row.column("released_on"), _("is earlier than the detention date"))
    return NodeRecord("Person", uid, props, ("Detainee",))


def _case(row: Row, person_uid: str) -> NodeRecord | None:
    number, name = row.text("case_number"), row.text("case_name")
    if not (number or name or row.has("articles") and row.multi("articles")):
        return None
    uid = make_uid("case", number) if number else make_uid("case", person_uid)
    props = {"name": name or (f"Case {number}" if number else "Case of " + person_uid), "number": number,
             "articles": row.multi("articles"), **row.dated("opened_on").props("opened_on"),
             **row.dated("verdict_on").props("verdict_on"), "sentence": row.text("sentence"),
             "sentence_years": row.number("sentence_years"), "region": row.vocab("region", "region")}
    return NodeRecord("Case", uid, props)


# Courts, officials and sites recur on thousands of rows: one record object per name, made once.
@lru_cache(maxsize=65536)
def _court_record(name: str) -> NodeRecord:
    return NodeRecord("Organization", key_uid("court", name), {"name": name, "kind": "court"}, ("Court",))


@lru_cache(maxsize=65536)
def _official_record(name: str, cyrillic_default: str) -> NodeRecord:
    return NodeRecord("Person", key_uid("official", name), sort_names([name], cyrillic_default), ("Official",))


@lru_cache(maxsize=65536)
def _site_record(name: str) -> NodeRecord:
    return NodeRecord("DetentionSite", key_uid("site", name), {"name": name})


def _court(row: Row, case: NodeRecord, nodes: list, rels: list) -> None:
    court = row.text("court")
    if court:
        record = _court_record(court)
        nodes.append(record)
        rels.append(RelRecord("HEARD_BY", "Case", case.uid, "Organization", record.uid))


def _officials(row: Row, case: NodeRecord, cite: dict, nodes: list, rels: list) -> None:
    for field_name, rel_type in OFFICIAL_ROLES.items():
        for name in row.multi(field_name):
            record = _official_record(name, row.resolved.mapping.cyrillic_default)
            nodes.append(record)
            rels.append(RelRecord(rel_type, "Person", record.uid, "Case", case.uid, dict(cite)))


def _site(row: Row, person: NodeRecord, cite: dict, nodes: list, rels: list) -> None:
    site = row.text("detention_site")
    if site:
        record = _site_record(site)
        nodes.append(record)
        rels.append(RelRecord("HELD_AT", "Person", person.uid, "DetentionSite", record.uid,
                              {**cite, "since": person.props.get("detained_on")}))


def _beside(folder: Path, value: str) -> Path | None:
    """The evidence file ``value`` names, when it is a file inside the register's folder: a name too long
    for the file system, or one that climbs out of the folder (``../``), is not a file of the register."""
    try:
        path = (folder / value).resolve()
        return path if path.is_file() and path.is_relative_to(folder.resolve()) else None
    except (OSError, ValueError):
        return None


def row_sources(row: Row, ctx: Context) -> list[NodeRecord]:
    """Each value of the sources column: a URL, a file beside the register, or a title."""
    extra = {"reliability": row.vocab("source_reliability", "reliability"),
             "credibility": row.vocab("source_credibility", "credibility")}
    extra = {k: v for k, v in extra.items() if v}
    if row.flag("sources_confidential"):
        extra["confidential"] = True      # sealed in the graph and in the evidence store
    out = []
    for value in row.multi("sources"):
        if _URL.match(value):
            out.append(url_source(value, **extra))
        elif (path := _beside(ctx.base_dir, value)) is not None:
            ctx.files.append(path)
            out.append(file_source(describe_file(path), path.name, **extra))
        elif "/" in value or "\\" in value or re.search(r"\.(pdf|docx?|jpe?g|png|mp4|html?)$", value, re.I):
            raise FieldError(row.column("sources"), _("file %(file)s not found beside the register (looked in "
                                                      "%(folder)s)", file=repr(value), folder=ctx.base_dir))
        else:
            out.append(titled_source(value, **extra))
    if not out:
        raise FieldError(row.column("sources"), _("no source: every row needs at least one source "
                                                  "(a URL, a file beside the register, or a title)"))
    return out
