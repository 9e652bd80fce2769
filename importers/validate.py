"""The last check before writing: every record against the schema (graph/schema.yaml), so the writer
never meets a label, value or endpoint it would refuse halfway through an import."""
from __future__ import annotations

from datetime import date, datetime

from graph.schema import ANY, SCHEMA, Property, SchemaError
from graph.writer import NodeRecord, RelRecord

_PY_TYPES = {"string": str, "text": str, "integer": int, "float": (int, float), "boolean": bool,
             "date": date, "datetime": datetime, "list": (list, tuple)}


def node_problems(rec: NodeRecord) -> list[str]:
    try:
        node_type = SCHEMA.node(rec.label)
        bad_labels = [x for x in rec.extra_labels if x not in node_type.extra_labels]
    except SchemaError as err:
        return [str(err)]
    out = [f"{rec.label} cannot carry label {x}" for x in bad_labels]
    for name, prop in node_type.properties.items():
        if prop.required and rec.props.get(name) in (None, "", []):
            out.append(f"{rec.label} needs {name!r}")
    for name, value in rec.props.items():
        prop = node_type.properties.get(name)
        if prop is None:
            out.append(f"{rec.label} has no property {name!r}")
        elif value not in (None, "", []):
            out += _value_problems(rec.label, prop, value)
    return out


def _value_problems(label: str, prop: Property, value) -> list[str]:
    expected = _PY_TYPES.get(prop.type)
    if prop.type == "enum":
        return [] if value in prop.values else [f"{label}.{prop.name} {value!r} is not one of {', '.join(prop.values)}"]
    if prop.type == "list" and prop.values:
        bad = [v for v in value if v not in prop.values]
        return [f"{label}.{prop.name} {bad!r}: allowed {', '.join(prop.values)}"] if bad else []
    if expected and not isinstance(value, expected):
        return [f"{label}.{prop.name} should be {prop.type}, got {type(value).__name__} {value!r}"]
    return []


def rel_problems(rec: RelRecord) -> list[str]:
    try:
        rel = SCHEMA.rel(rec.type)
        start, end = SCHEMA.base_label(rec.start_label), SCHEMA.base_label(rec.end_label)
    except SchemaError as err:
        return [str(err)]
    out = []
    if ANY not in rel.sources and start not in rel.sources:
        out.append(f"{rec.type} cannot start at {start}")
    if ANY not in rel.targets and end not in rel.targets:
        out.append(f"{rec.type} cannot end at {end}")
    if rel.asserts and not rec.props.get("source_uids"):
        out.append(f"{rec.type} states a fact about a person and needs source_uids")
    return out


def check_records(nodes: list[NodeRecord], rels: list[RelRecord]) -> list[str]:
    out = [f"{n.label} {n.uid}: {p}" for n in nodes for p in node_problems(n)]
    out += [f"{r.type} {r.start_uid}->{r.end_uid}: {p}" for r in rels for p in rel_problems(r)]
    return out
