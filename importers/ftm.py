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
from graph.store.records import NodeRecord, RelRecord

from .errors import FileProblem, Problem
from .ftm_map import CONTEXT_KEY, edge_records, node_record, occupancy_positions, restore
from .rows import Parsed


def read_entities(path: Path, parsed: Parsed) -> list[tuple[int, object]]:
    """Every line as an FtM proxy; bad lines become problems naming the line."""
    out = []
    with path.open(encoding="utf-8-sig") as fh:
        try:
            for line_no, line in enumerate(fh, start=1):
                if line.strip():
                    proxy = _proxy(path.name, line_no, line, parsed)
                    if proxy is not None:
                        out.append((line_no, proxy))
        except UnicodeDecodeError as err:
            raise FileProblem(path.name, f"is not UTF-8 text ({err.reason} after line {line_no}): "
                              "FtM files are UTF-8 JSON lines")
    if not out and not parsed.problems:
        raise FileProblem(path.name, "is empty: expected FollowTheMoney entities, one JSON object per line")
    return out


def _proxy(file: str, line_no: int, line: str, parsed: Parsed):
    parsed.rows += 1
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
            raise ValueError("expected a JSON object with 'id', 'schema' and 'properties'")
        schema = model.get(data["schema"])
        if schema is None:
            raise ValueError(f"unknown FtM schema {data['schema']!r} (expected Person, Company, Sanction, ...)")
        _check_properties(schema, data.get("properties") or {})
        return model.get_proxy(data, cleaned=False)
    except (ValueError, InvalidData, TypeError) as err:
        problem = Problem(file, f"not a FollowTheMoney entity: {err}", line_no, unit="line")
        parsed.reject(line_no, {"line": line.strip()[:500]}, [problem])
        return None


def _check_properties(schema, properties: dict) -> None:
    """FtM itself drops unknown properties and values it cannot clean without a word: say so instead.
    Values are checked for the types the graph keeps as typed values (dates); a phone number FtM cannot
    parse is not worth refusing a sanctioned company for."""
    for name, values in properties.items():
        prop = schema.properties.get(name)
        if prop is None:
            raise ValueError(f"{schema.name} has no property {name!r}")
        if prop.type.name != "date":
            continue
        for value in values if isinstance(values, list) else [values]:
            if prop.type.clean(value, proxy=None) is None and str(value).strip():
                raise ValueError(f"{schema.name}.{name}: {value!r} is not a valid {prop.type.name}")


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
            parsed.skip(f"{proxy.schema.name} entities (not modelled)")
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
    with path.open("rb") as fh:
        first = fh.readline(100000).strip()
    try:
        data = json.loads(first.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "schema" in data and "id" in data
