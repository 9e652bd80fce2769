"""Analysts' Cypher, run so that it can never change data.

Three locks, any one of which suffices on its own: the statement is planned with EXPLAIN first and
refused unless Neo4j itself calls it read-only and it calls no procedure outside an allow-list; it then
runs in a READ access-mode transaction; and administrative commands cannot be EXPLAINed at all.
A server-side timeout and a row cap bound what a query may cost.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import unit_of_work
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from .db import Graph

# Read procedures analysts may call. Everything else (dbms.*, db.create*, apoc, tx.*) is refused.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
})
FORBIDDEN_OPERATORS = ("LoadCSV", "Create", "Merge", "Delete", "DetachDelete", "SetProperty", "SetLabels",
                       "RemoveLabels", "SetNodeProperty", "SetRelationshipProperty", "Foreach",
                       "TransactionForeach", "TransactionApply", "EmptyResult")


class QueryRefused(ValueError):
    """The statement would write, administer, or is not a single read query."""


class QueryFailed(RuntimeError):
    """Neo4j rejected or aborted the query (syntax error, timeout, ...): message for a person."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list]
    truncated: bool = False
    nodes: dict = field(default_factory=dict)          # uid-or-id -> {"labels", "props"}
    relationships: dict = field(default_factory=dict)  # id -> {"type", "start", "end", "props"}

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def _operators(plan) -> list[tuple[str, dict]]:
    if plan is None:
        return []
    out = [(plan.get("operatorType", ""), plan.get("args", {}))]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def _procedure_name(args: dict) -> str:
    signature = str(args.get("Details") or args.get("Signature") or "")
    return signature.split("(")[0].strip()


def check_read_only(graph: Graph, cypher: str, params: dict | None = None) -> None:
    """Raise QueryRefused unless Neo4j plans ``cypher`` as a pure read with allowed procedures."""
    text = cypher.strip().rstrip(";").strip()
    if not text:
        raise QueryRefused("The query is empty.")
    if text.upper().startswith(("EXPLAIN", "PROFILE")):
        raise QueryRefused("Leave out EXPLAIN/PROFILE: the console plans every query itself.")
    try:
        summary = graph.read(_explain_tx, text, params or {})
    except CypherSyntaxError as err:
        raise QueryFailed(f"Syntax error: {err.message}") from err
    except Neo4jError as err:
        raise QueryRefused(f"Only single read queries can run here ({err.message}).") from err
    if summary.query_type != "r":
        raise QueryRefused(f"Refused: this statement would change data or schema (query type "
                           f"{summary.query_type!r}). The console is read-only.")
    for op, args in _operators(summary.plan):
        name = op.split("@")[0]
        if name in FORBIDDEN_OPERATORS:
            raise QueryRefused(f"Refused: the plan contains a {name} operation. The console is read-only.")
        if "ProcedureCall" in name:
            proc = _procedure_name(args)
            if proc not in ALLOWED_PROCEDURES:
                raise QueryRefused(f"Refused: procedure {proc or '(unknown)'} is not on the read-only "
                                   f"allow-list ({', '.join(sorted(ALLOWED_PROCEDURES))}).")


def _explain_tx(tx, text: str, params: dict):
    return tx.run("EXPLAIN " + text, params).consume()


def _plain(value, result: QueryResult):
    """Turn driver values into JSON-able ones, collecting nodes and relationships for a network view."""
    if isinstance(value, Node):
        result.nodes[value.element_id] = {"labels": sorted(value.labels), "props": dict(value)}
        return {"_node": value.element_id, "labels": sorted(value.labels), **_json_props(dict(value))}
    if isinstance(value, Relationship):
        result.relationships[value.element_id] = {
            "type": value.type, "start": value.start_node.element_id, "end": value.end_node.element_id,
            "props": dict(value)}
        for end in (value.start_node, value.end_node):
            result.nodes.setdefault(end.element_id, {"labels": sorted(end.labels), "props": dict(end)})
        return {"_relationship": value.element_id, "type": value.type, **_json_props(dict(value))}
    if isinstance(value, Path):
        return [_plain(x, result) for x in (*value.nodes, *value.relationships)]
    if isinstance(value, list):
        return [_plain(v, result) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, result) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _json_props(props: dict) -> dict:
    return {k: (v.iso_format() if hasattr(v, "iso_format") else v) for k, v in props.items()}


def run_read_only(graph: Graph, cypher: str, params: dict | None = None, *, timeout: float | None = None,
                  row_cap: int | None = None) -> QueryResult:
    """Check, then run ``cypher`` in a READ transaction with a timeout; at most ``row_cap`` rows."""
    settings = graph.settings
    timeout = timeout or (settings.query_timeout if settings else 30.0)
    row_cap = row_cap or (settings.row_cap if settings else 5000)
    params = params or {}
    check_read_only(graph, cypher, params)
    text = cypher.strip().rstrip(";")

    @unit_of_work(timeout=timeout)
    def work(tx):
        result = tx.run(text, params)
        out = QueryResult(columns=list(result.keys()), rows=[])
        for record in result:
            if len(out.rows) >= row_cap:
                out.truncated = True
                break
            out.rows.append([_plain(v, out) for v in record.values()])
        return out

    try:
        return graph.read(work)
    except ClientError as err:
        if "Timeout" in (err.code or "") or "terminated" in (err.message or "").lower():
            raise QueryFailed(f"The query took longer than {timeout:g}s and was stopped. "
                              "Narrow it (a LIMIT, a label, a shorter path) and try again.") from err
        if "AccessMode" in (err.code or ""):
            raise QueryRefused("Refused: the query tried to write. The console is read-only.") from err
        raise QueryFailed(err.message or str(err)) from err
    except Neo4jError as err:
        raise QueryFailed(err.message or str(err)) from err
