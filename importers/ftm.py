"""FollowTheMoney entities (JSON lines, as OpenSanctions and Aleph export them) onto the graph model,
parsed and validated by the ``followthemoney`` library.

Entities this project exported itself carry an ``evgraph`` context (label, properties) and come back
exactly as they were; others are mapped from their FtM schema (see FTM_NODES and the edge builders).
FtM ids become uids unchanged: they are already stable and unique.
"""
from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData

from graph.evidence.store import titled_source, url_source
from graph.store.language import N_, format_number, gettext as _
from graph.store.records import NodeRecord, RelRecord

from .errors import FileProblem, Problem
from .ftm_map import CONTEXT_KEY, edge_records, node_record, occupancy_positions, restore
from .rows import Parsed

MAX_LINE = 10_000_000     # characters of one entity's line


def read_entities(path: Path, parsed: Parsed) -> list[tuple[int, object]]:
    """Every line as an FtM proxy; bad lines (not UTF-8, not JSON, not an entity) become problems naming
    the line, and the others are kept."""
    out = []
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            line = _text(path.name, line_no, raw, parsed)
            if line is not None and line.strip():
                proxy = _proxy(path.name, line_no, line, parsed)
                if proxy is not None:
                    out.append((line_no, proxy))
    if not out and not parsed.problems:
        raise FileProblem(path.name, _("is empty: expected FollowTheMoney entities, one JSON object per line"))
    return out


def _text(file: str, line_no: int, raw: bytes, parsed: Parsed) -> str | None:
    try:
        return raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
    except UnicodeDecodeError as err:
        parsed.rows += 1
        byte = f"{raw[err.start]:02x}"
        problem = Problem(file, _("is not UTF-8 text (byte 0x%(byte)s at position %(position)s): FtM files are "
                                  "UTF-8 JSON lines", byte=byte, position=err.start + 1), line_no, unit="line")
        parsed.reject(line_no, {"line": raw[:500].decode("utf-8", "replace")}, [problem])
        return None


def _proxy(file: str, line_no: int, line: str, parsed: Parsed):
    parsed.rows += 1
    try:
        if len(line) > MAX_LINE:
            raise ValueError(_("the line is %(length)s characters long; one entity takes at most %(most)s",
                               length=format_number(len(line)), most=format_number(MAX_LINE)))
        data = json.loads(line)
        _check_shape(data)
        schema = model.get(data["schema"])
        if schema is None:
            raise ValueError(_("unknown FtM schema %(schema)s (expected Person, Company, Sanction, ...)",
                               schema=repr(data["schema"])))
        _check_properties(schema, data.get("properties") or {})
        return model.get_proxy(data, cleaned=False)
    except RecursionError:
        return _refuse(file, line_no, line, parsed, _("the JSON is nested too deeply to be an entity"))
    except (ValueError, InvalidData, TypeError, AttributeError, KeyError) as err:
        return _refuse(file, line_no, line, parsed, str(err))


def _refuse(file: str, line_no: int, line: str, parsed: Parsed, why: str) -> None:
    problem = Problem(file, _("not a FollowTheMoney entity: %(why)s", why=why), line_no, unit="line")
    parsed.reject(line_no, {"line": line.strip()[:500]}, [problem])
    return None


def _check_shape(data) -> None:
    """An entity is a JSON object: a text ``id``, a text ``schema``, ``properties`` mapping names to lists
    of texts (or one text), ``datasets`` a list of texts."""
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise ValueError(_("expected a JSON object with 'id', 'schema' and 'properties'"))
    if not isinstance(data["id"], str) or not isinstance(data["schema"], str):
        raise ValueError(_("'id' and 'schema' must be texts"))
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValueError(_("'properties' must be an object of property: [values], not %(type)s",
                           type=type(properties).__name__))
    for name, values in properties.items():
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(_("property %(name)s holds %(type)s values; FtM values are texts", name=repr(name),
                                   type=type(value).__name__))
    datasets = data.get("datasets") or []
    if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
        raise ValueError(_("'datasets' must be a list of texts"))


def _check_properties(schema, properties: dict) -> None:
    """FtM itself drops unknown properties and values it cannot clean without a word: say so instead.
    Values are checked for the types the graph keeps as typed values (dates); a phone number FtM cannot
    parse is not worth refusing a sanctioned company for."""
    for name, values in properties.items():
        prop = schema.properties.get(name)
        if prop is None:
            raise ValueError(_("%(schema)s has no property %(name)s", schema=schema.name, name=repr(name)))
        if prop.type.name != "date":
            continue
        for value in values if isinstance(values, list) else [values]:
            if prop.type.clean(value, proxy=None) is None and str(value).strip():
                raise ValueError(_("%(schema)s.%(name)s: %(value)s is not a valid %(type)s", schema=schema.name,
                                   name=name, value=repr(value), type=prop.type.name))


def parse_ftm(path: Path, parsed: Parsed) -> None:
    entities = read_entities(path, parsed)
    by_id = {p.id: p for _, p in entities}
    positions = occupancy_positions([p for _, p in entities], by_id)
    sources: dict[str, NodeRecord] = {}
    for line_no, proxy in entities:
        try:
            nodes, rels = _records(proxy, by_id, sources, positions, path.name)
        except ValueError as err:
            parsed.reject(line_no, {"id": proxy.id, "schema": proxy.schema.name},
                          [Problem(path.name, str(err), line_no, "properties", unit="line")])
            continue
        if not nodes and not rels:
            parsed.skip(N_("%(schema)s entities (not modelled)"), schema=proxy.schema.name)
        parsed.take(line_no, {"id": proxy.id, "schema": proxy.schema.name}, nodes, rels)
    parsed.nodes += list(sources.values())


def _records(proxy, by_id: dict, sources: dict, positions: dict,
             file: str) -> tuple[list[NodeRecord], list[RelRecord]]:
    context = proxy.context.get(CONTEXT_KEY)
    if context:
        return restore(proxy, context)
    cite = [_dataset_source(d, sources, file).uid for d in proxy.context.get("datasets") or [None]]
    node = node_record(proxy, positions.get(proxy.id))
    if node is not None:
        rels = [RelRecord("EVIDENCED_BY", node.label, node.uid, "Source", uid) for uid in cite] \
            if node.label != "Source" else []
        return [node], rels
    return edge_records(proxy, by_id, cite)


def _dataset_source(name: str | None, sources: dict, file: str) -> NodeRecord:
    """One Source per dataset the entities come from (OpenSanctions names them in ``datasets``),
    or one for the file when the entities name none."""
    key = name or ""
    if key not in sources:
        if name:
            sources[key] = url_source(f"https://www.opensanctions.org/datasets/{name}/",
                                      f"OpenSanctions dataset {name}", kind="sanctions_list")
        else:
            sources[key] = titled_source(f"FollowTheMoney file {file}", kind="other")
    return sources[key]


def looks_like_ftm(path: Path) -> bool:
    """The first line is an FtM entity, or starts like one (a line too long to read whole here is judged
    by the importer line by line)."""
    with path.open("rb") as fh:
        first = fh.readline(100000).strip()
    try:
        data = json.loads(first.decode("utf-8-sig"))
    except RecursionError:
        return False
    except (ValueError, UnicodeDecodeError):
        return len(first) >= 100000 and first.startswith(b"{")
    return isinstance(data, dict) and "schema" in data and "id" in data
