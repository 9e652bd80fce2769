"""The last check before writing: every record against the schema (graph/store/schema.yaml), so the writer
never meets a label, value or endpoint it would refuse halfway through an import."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from graph.store.language import current, format_number, gettext as _
from graph.store.records import NodeRecord, RelRecord
from graph.store.schema import ANY, SCHEMA, Property, SchemaError

# Neo4j refuses an indexed value over about 8 kB ("Property value is too large to index") in the middle
# of a write; a value that long is never a name or an identifier, so it is refused here, with its row.
MAX_INDEXED = 1_000       # characters of a name, an alias, a uid or any other indexed property
MAX_TEXT = 200_000        # characters of any other text (a description, a statement of reasons)
INDEXED = frozenset({prop for _, prop in SCHEMA.indexes} | set(SCHEMA.fulltext_properties) | {"uid"})

_PY_TYPES = {"string": str, "text": str, "integer": int, "float": (int, float), "boolean": bool,
             "date": date, "datetime": datetime, "list": (list, tuple)}


@lru_cache(maxsize=None)
def _rules(label: str) -> tuple[dict[str, Property], tuple[str, ...]]:
    node_type = SCHEMA.node(label)
    properties = {**node_type.properties, **SCHEMA.date_companions(node_type.properties)}
    return properties, tuple(n for n, p in node_type.properties.items() if p.required)


def node_problems(rec: NodeRecord) -> list[str]:
    try:
        properties, required = _rules(rec.label)
        allowed_extra = SCHEMA.node(rec.label).extra_labels
    except SchemaError as err:
        return [str(err)]
    out = [_("%(label)s cannot carry label %(extra)s", label=rec.label, extra=x)
           for x in rec.extra_labels if x not in allowed_extra]
    out += _size_problems(rec.label, {"uid": rec.uid, **rec.props})
    out += [_("%(label)s needs %(name)s", label=rec.label, name=repr(name))
            for name in required if rec.props.get(name) in (None, "", [])]
    for name, value in rec.props.items():
        prop = properties.get(name)
        if prop is None:
            out.append(_("%(label)s has no property %(name)s", label=rec.label, name=repr(name)))
        elif value is not None and value != "" and value != [] and not (prop.type == "string" and type(value) is str):
            out += _value_problems(rec.label, prop, value)
    return out


def _size_problems(owner: str, props: dict) -> list[str]:
    out = []
    for name, value in props.items():
        most = MAX_INDEXED if name in INDEXED else MAX_TEXT
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, str) and len(item) > most:
                said = {"owner": owner, "name": name, "length": format_number(len(item)), "most": format_number(most)}
                out.append(_("%(owner)s.%(name)s is %(length)s characters long; at most %(most)s fit a name or "
                             "identifier", **said) if most == MAX_INDEXED else
                           _("%(owner)s.%(name)s is %(length)s characters long; at most %(most)s fit one text", **said))
                break
    return out


def _value_problems(label: str, prop: Property, value) -> list[str]:
    expected = _PY_TYPES.get(prop.type)
    if prop.type == "enum":
        return [] if value in prop.values else [_("%(label)s.%(name)s %(value)s is not one of %(allowed)s", label=label,
                                                  name=prop.name, value=repr(value), allowed=", ".join(prop.values))]
    if prop.type == "list" and prop.values:
        bad = [v for v in value if v not in prop.values]
        return [_("%(label)s.%(name)s %(bad)s: allowed %(allowed)s", label=label, name=prop.name, bad=repr(bad),
                  allowed=", ".join(prop.values))] if bad else []
    if expected and not isinstance(value, expected):
        return [_("%(label)s.%(name)s should be %(type)s, got %(got)s %(value)s", label=label, name=prop.name,
                  type=prop.type, got=type(value).__name__, value=repr(value))]
    return []


def rel_problems(rec: RelRecord) -> list[str]:
    problems, asserts = _rel_rules(rec.type, rec.start_label, rec.end_label, current())
    sizes = _size_problems(rec.type, rec.props) + _size_problems(rec.type, {"uid": rec.uid})
    problems = (*problems, *sizes)
    if asserts and not rec.props.get("source_uids"):
        return [*problems, _("%(type)s states a fact about a person and needs source_uids", type=rec.type)]
    return list(problems)


@lru_cache(maxsize=None)
def _rel_rules(rel_type: str, start_label: str, end_label: str, lang: str) -> tuple[tuple[str, ...], bool]:
    """What the schema says of one (type, start, end), the same for every record of it: its endpoint
    problems (in the language ``lang``, spoken now), and whether the relationship needs source_uids."""
    problems = _rel_schema_problems(RelRecord(rel_type, start_label, "", end_label, "", {"source_uids": ["-"]}))
    asserts = rel_type in SCHEMA.relationships and SCHEMA.rel(rel_type).asserts
    return tuple(problems), asserts


def _rel_schema_problems(rec: RelRecord) -> list[str]:
    try:
        rel = SCHEMA.rel(rec.type)
        start, end = SCHEMA.base_label(rec.start_label), SCHEMA.base_label(rec.end_label)
    except SchemaError as err:
        return [str(err)]
    out = []
    if ANY not in rel.sources and start not in rel.sources:
        out.append(_("%(type)s cannot start at %(label)s", type=rec.type, label=start))
    if ANY not in rel.targets and end not in rel.targets:
        out.append(_("%(type)s cannot end at %(label)s", type=rec.type, label=end))
    if rel.asserts and not rec.props.get("source_uids"):
        out.append(_("%(type)s states a fact about a person and needs source_uids", type=rec.type))
    return out


def check_records(nodes: list[NodeRecord], rels: list[RelRecord], seen: set[int] | None = None) -> list[str]:
    """Problems of the records; records whose id() is in ``seen`` were checked before (a bulk import
    hands the same court or judge record over on many rows) and are skipped."""
    seen = seen if seen is not None else set()
    out = []
    for n in nodes:
        if id(n) not in seen:
            problems = node_problems(n)
            out += [f"{n.label} {_short(n.uid)}: {p}" for p in problems]
            if not problems:
                seen.add(id(n))
    out += [f"{r.type} {_short(r.start_uid)}->{_short(r.end_uid)}: {p}" for r in rels for p in rel_problems(r)]
    return out


def _short(uid: str, most: int = 60) -> str:
    return uid if len(uid) <= most else uid[:most] + "…"
