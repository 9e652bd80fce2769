"""Lists of officials with their posts (an NGO's list of judges, investigators, prison heads), one row
per official and post, through a mapping of kind ``officials``: Person:Official, the Organization they
serve in, and HOLDS_POSITION citing the row's sources. Officials and organisations get the same uids
a register gives the same names (register.py), so a list and a register name one person once."""
from __future__ import annotations

from graph.store.language import gettext as _
from graph.store.records import NodeRecord, RelRecord, make_uid
from graph.store.schema import SCHEMA

from .errors import FieldError
from .mapping import Mapping, resolve
from .register import Context, key_uid, row_sources
from .rows import Parsed, Row, row_problem
from .tables import Table
from .values import sort_names

REQUIRED = ("name",)
DATES = ("birth_date", "since", "until")


def parse_officials(table: Table, mapping: Mapping, ctx: Context, parsed: Parsed) -> None:
    resolved = resolve(mapping, table, REQUIRED)
    for number, values in table.rows:
        parsed.rows += 1
        row = Row(resolved, values)
        try:
            for name in DATES:
                row.dated(name)         # every bad date of the row reported, not the first alone
            nodes, rels = build_official(row, ctx)
        except (FieldError, ValueError) as err:
            parsed.reject(number, values, [row_problem(table.file, number, err)])
            continue
        parsed.take(number, values, nodes, rels)


def build_official(row: Row, ctx: Context) -> tuple[list[NodeRecord], list[RelRecord]]:
    mapping = row.resolved.mapping
    name = row.text("name")
    if not name:
        raise FieldError(row.column("name"), _("is empty: every official needs a name"))
    names = sort_names([name, row.text("name_en") or "", row.text("name_uk") or "", row.text("name_ru") or "",
                        *row.multi("aliases")], mapping.cyrillic_default)
    own_id = row.text("id")
    uid = make_uid(mapping.dataset, own_id) if own_id else key_uid("official", name)
    props = {**names, **row.dated("birth_date").props("birth_date"), "birth_place": row.text("birth_place"),
             "gender": row.vocab("gender", "gender"), "citizenship": row.multi("citizenship"),
             "rank": row.text("rank"), "identifiers": row.multi("identifiers"), "notes": row.text("notes")}
    person = NodeRecord("Person", uid, props, ("Official",))
    nodes: list[NodeRecord] = [person]
    rels: list[RelRecord] = []
    organisation = row.text("organisation")
    if organisation:
        kind = row.vocab("organisation_kind", "org_kind", row.text("organisation_kind")
                         or mapping.constants.get("organisation_kind")) or "other"
        org = NodeRecord("Organization", key_uid("court" if kind == "court" else "organisation", organisation),
                         {"name": organisation, "kind": kind}, ("Court",) if kind == "court" else ())
        sources = row_sources(row, ctx)
        cite = {"source_uids": [s.uid for s in sources]}
        position = {"title": row.text("position") or SCHEMA.role_in(kind), **row.dated("since").props("since"),
                    **row.dated("until").props("until"), **cite}
        nodes += [org, *sources]
        rels.append(RelRecord("HOLDS_POSITION", "Person", uid, "Organization", org.uid, position,
                              key=row.text("position") or ""))
    elif row.multi("sources"):
        sources = row_sources(row, ctx)
        nodes += sources
        rels += [RelRecord("EVIDENCED_BY", "Person", uid, "Source", s.uid) for s in sources]
    return nodes, rels
