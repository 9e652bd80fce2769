"""Sanctions lists kept as spreadsheets, one row per listed person or entity (e.g. OpenSanctions'
transcriptions of the EU Official Journal annexes): Person/Organization + Sanction + SUBJECT_OF, all
citing one Source per list, through a mapping of kind ``designations``."""
from __future__ import annotations

from graph.evidence.store import titled_source, url_source
from graph.store.language import N_, gettext as _
from graph.store.records import NodeRecord, RelRecord, make_uid

from .errors import FieldError
from .mapping import Mapping, resolve
from .rows import Parsed, Row, row_problem
from .tables import Table
from .values import NO_DATE, Dated, parse_dated_lenient, sort_names

REQUIRED = ("name",)


def parse_designations(table: Table, mapping: Mapping, parsed: Parsed) -> None:
    resolved = resolve(mapping, table, REQUIRED)
    for number, values in table.rows:
        parsed.rows += 1
        row = Row(resolved, values)
        label = _label(row)
        if label is None:
            parsed.skip(N_("%(schema)s rows (not a person or organisation)"), schema=row.text("schema"))
            continue
        try:
            nodes, rels = build_designation(row, number, label)
        except (FieldError, ValueError, KeyError) as err:
            parsed.reject(number, values, [row_problem(table.file, number, err)])
            continue
        parsed.take(number, values, nodes, rels)


def _label(row: Row) -> str | None:
    schema = row.text("schema") or "Person"
    return row.resolved.mapping.schemas.get(schema, None if row.resolved.mapping.schemas else "Person")


def _fill(template: str, row: Row) -> str:
    """A mapping template like 'CELEX {celex}' filled from the row's own columns."""
    return template.format_map({k: (v if v is not None else "") for k, v in row.values.items()})


def _source(row: Row) -> NodeRecord:
    spec = row.resolved.mapping.source
    title = _fill(spec.get("title", "{}".format(row.resolved.mapping.name)), row)
    props = {"kind": spec.get("kind", "sanctions_list"), "reliability": spec.get("reliability"),
             "credibility": spec.get("credibility")}
    url = _fill(spec["url"], row) if spec.get("url") else None
    return url_source(url, title, **props) if url else titled_source(title, **props)


def _own_id(row: Row) -> str:
    parts = [str(row.values.get(h) or "") for h in _id_headers(row)]
    if not any(parts):
        raise FieldError(", ".join(_id_headers(row)) or "id", _("is empty: each row needs its own id"))
    return ":".join(parts)


def _id_headers(row: Row) -> tuple[str, ...]:
    mapping = row.resolved.mapping
    return mapping.id_columns or row.resolved.columns.get("id", ())


def build_designation(row: Row, number: int, label: str) -> tuple[list[NodeRecord], list[RelRecord]]:
    mapping = row.resolved.mapping
    source = _source(row)
    own_id = _own_id(row)
    subject = _subject(row, label, make_uid(mapping.dataset, own_id))
    authority = row.vocab("authority", "authority", row.text("authority") or mapping.constants.get("authority"))
    if not authority:
        raise FieldError(row.column("authority"), _("is empty: expected the sanctioning authority (EU, US, UK, UA...)"))
    programme = row.text("programme") or mapping.constants.get("programme")
    sanction = NodeRecord("Sanction", make_uid("sanction", mapping.dataset, own_id), {
        "name": f"{authority} {programme or ''}: {subject.props['name']}".replace("  ", " "),
        "authority": authority, "programme": programme, **row.dated("listed_on").props("listed_on"),
        "reference": row.text("reference"), "reason": row.text("reason")})
    cite = {"source_uids": [source.uid]}
    rels = [RelRecord("SUBJECT_OF", label, subject.uid, "Sanction", sanction.uid, cite),
            RelRecord("EVIDENCED_BY", "Sanction", sanction.uid, "Source", source.uid)]
    return [subject, sanction, source], rels


def _subject(row: Row, label: str, uid: str) -> NodeRecord:
    names = sort_names([row.text("name") or "", *row.multi("aliases")], row.resolved.mapping.cyrillic_default)
    if label == "Organization":
        return NodeRecord("Organization", uid, {**names, "jurisdiction": row.text("jurisdiction")})
    props = {**names, **_birth_date(row).props("birth_date"), "birth_place": row.text("birth_place"),
             "gender": row.vocab("gender", "gender"), "citizenship": row.multi("citizenship"),
             "positions": row.multi("positions"), "identifiers": row.multi("identifiers"),
             "notes": row.text("notes")}
    return NodeRecord("Person", uid, props, ("Official",) if props["positions"] else ())


def _birth_date(row: Row) -> Dated:
    """Lists give approximate or several birth dates ('Probably 1973', 'a or b', '10 October (year
    unknown)'): the graph keeps the first date, as precise as the list says, and the text as written."""
    value = row.text("birth_date")
    try:
        return parse_dated_lenient(value) if value else NO_DATE
    except ValueError as err:
        raise FieldError(row.column("birth_date"), str(err)) from None
