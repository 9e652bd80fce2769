"""Analysts' Cypher, run so that it can never change data.

Four locks, any one of which suffices against a write on its own: a lexical screen refuses what is never
a single read query (several statements, EXPLAIN/PROFILE, USE, administration commands, LOAD CSV); the
statement is then planned with EXPLAIN and refused unless Neo4j itself calls it read-only ('r'), its plan
holds no writing or administrative operator and it calls no procedure outside an allow-list; it runs in
a READ access-mode transaction, which the server enforces; and administrative commands cannot run in
the application's database session at all.

What a query may cost is bounded too: its length and nesting depth are checked before Neo4j parses it
(a statement nested 2,000 deep overflows the parser's stack), it runs once (never retried) with a
server-side timeout no caller can raise, within the server's memory limit per transaction, on the
console's own small connection pool, and its result is cut at a row cap and a byte cap, with a notice.
What a query returns is masked for the viewer (graph/access/masking.py).
"""
from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field

from neo4j.exceptions import CypherSyntaxError, DriverError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from graph.access.masking import RESERVED_PARAMS, query_params, redact_result
from graph.access.viewer import Viewer
from graph.store.db import Graph
from graph.store.language import N_, format_number, gettext
from graph.store.plain import iso, plain, to_json
from graph.store.settings import load_settings

# Read procedures analysts may call. Everything else (dbms.*, db.create*, db.stats.*, apoc, tx.*) is refused.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
})
# Plan operators (by prefix) that write, administer, or read outside the graph.
FORBIDDEN_OPERATORS = ("LoadCSV", "Create", "Merge", "Delete", "DetachDelete", "Set", "Remove", "Foreach",
                       "TransactionForeach", "TransactionApply", "EmptyResult", "Show", "Terminate", "Drop",
                       "Alter", "Administration", "Grant", "Deny", "Revoke", "Start", "Stop", "Rename",
                       "Enable", "Deallocate", "Reallocate", "DoNothingIf", "AssertAllowed", "Ensure",
                       "SystemProcedureCall", "Lock", "LoadCsv")
# Statements that start with these words are commands, not queries.
COMMAND_WORDS = frozenset({"EXPLAIN", "PROFILE", "USE", "SHOW", "TERMINATE", "CREATE", "DROP", "ALTER", "GRANT",
                           "DENY", "REVOKE", "START", "STOP", "ENABLE", "RENAME", "DEALLOCATE", "REALLOCATE",
                           "DRYRUN"})
_LEXEMES = re.compile(r"""//[^\n]*|/\*.*?(\*/|$)|'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|`[^`]*`?""", re.S)
_SCREEN = [               # (what is refused, why: an English message, gettext when refused)
    (re.compile(r";\s*\S"), N_("Run one statement at a time (found a ';' followed by more).")),
    (re.compile(r"(^|[{(])\s*USE\s+[A-Za-z_$]", re.I),
     N_("USE is not allowed: the console reads the application's database only.")),
    (re.compile(r"\bLOAD\s+CSV\b", re.I), N_("LOAD CSV is not allowed: the console reads the graph only.")),
    (re.compile(r"\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b", re.I),
     N_("CALL { ... } IN TRANSACTIONS writes in batches: not allowed in the console.")),
]
QUERY_TYPES = {"w": N_("a write"), "rw": N_("a read and a write"), "s": N_("a schema or administration command")}
MAX_STATEMENT = 20_000   # characters
PLAN_TIMEOUT = 10.0      # seconds to plan a statement with EXPLAIN
MAX_NESTING = 48         # brackets inside brackets, and prefix operators in a row
_OPEN, _CLOSE = "([{", ")]}"
_PREFIX_RUN = re.compile(r"(?:(?:\bNOT\b|[-+])\s*){%d,}" % (MAX_NESTING + 1), re.I)
# Cypher's parser and planner take seconds to minutes, uninterruptibly, on statements that are merely long
# chains (measured: 5,000 added terms 15 s, CASE nested 400 deep 100 s, 5,000 property steps 125 s, then a
# dead connection): what no analyst writes is refused before Neo4j sees it.
MAX_OPERATORS = 400      # arithmetic, comparison, boolean and pattern operators in one statement
MAX_UNIONS = 30
MAX_SUBQUERY_NESTING = 10  # { ... } inside { ... }: planning time doubles with each level (16 deep: 5 s, 20: 30 s)
MAX_PROPERTY_CHAIN = 20  # a.b.c... steps in a row
_OPERATOR = re.compile(r"<>|<=|>=|=~|[-+*/%^=<>]|\b(?:AND|OR|XOR|NOT)\b", re.I)
_UNION = re.compile(r"\bUNION\b", re.I)
_PROPERTY_CHAIN = re.compile(r"(?:\.\s*[A-Za-z_][\w]*\s*){%d,}" % (MAX_PROPERTY_CHAIN + 1))
_CASE_WORDS = re.compile(r"\b(CASE|END)\b", re.I)


class QueryRefused(ValueError):
    """The statement would write, administer, or is not a single read query."""


class QueryFailed(RuntimeError):
    """Neo4j rejected or aborted the query (syntax error, timeout, ...): message for a person."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list]
    truncated: bool = False
    nodes: dict = field(default_factory=dict)          # element id -> {"labels", "props"}
    relationships: dict = field(default_factory=dict)  # element id -> {"type", "start", "end", "props"}
    elapsed_ms: float = 0.0
    redacted: int = 0                                   # values hidden from this viewer
    cut: str = ""                                       # "rows" or "bytes": which cap stopped the result
    kept: bool = False                                  # answered from a saved query's kept answer (unchanged data)

    @property
    def notice(self) -> str:
        """Why the result is incomplete, in words, or empty."""
        if self.cut == "bytes":
            return gettext("Showing the first %(n)s rows: the result reached the size cap. Return fewer or smaller "
                           "values (no whole lists of thousands, a LIMIT) to see the rest.", n=len(self.rows))
        if self.cut == "rows":
            return gettext("Showing the first %(n)s rows: the row cap. Add a LIMIT or narrow the query to see the "
                           "rest; the downloads hold the same rows.", n=len(self.rows))
        return ""

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    @property
    def has_graph(self) -> bool:
        return bool(self.nodes)


def strip_lexemes(cypher: str) -> str:
    """The statement with comments, string literals and `quoted names` blanked out."""
    return _LEXEMES.sub(" ", cypher)


def screen(cypher: str) -> str:
    """The statement without a trailing ';', or QueryRefused for what is never a single read query."""
    invisible = "".join(ch for ch in set(cypher) if unicodedata.category(ch) == "Cf")  # BOM, zero-width...
    text = cypher.translate({ord(ch): None for ch in invisible}).strip().rstrip(";").strip()
    if not text:
        raise QueryRefused(gettext("The query is empty."))
    if len(text) > MAX_STATEMENT:
        raise QueryRefused(gettext("The statement is %(n)s characters long; the console takes at most %(max)s. "
                                   "Shorten it: pass long lists as a $parameter, or save it as a query.",
                                   n=format_number(len(text)), max=format_number(MAX_STATEMENT)))
    bare = " ".join(strip_lexemes(text).split())   # comments, strings and `names` gone; any whitespace
    if not bare:
        raise QueryRefused(gettext("The query is only comments."))
    _check_cost(bare)
    word = re.search(r"[A-Za-z]+", bare)
    first = word.group(0).upper() if word else ""
    if first in ("EXPLAIN", "PROFILE"):
        raise QueryRefused(gettext("Leave out EXPLAIN/PROFILE: the console plans every query itself."))
    if first in COMMAND_WORDS:
        raise QueryRefused(gettext("Refused: %(word)s starts a command, not a read query. The console is read-only.",
                                   word=first))
    for pattern, message in _SCREEN:
        if pattern.search(bare):
            raise QueryRefused(gettext("Refused: %(reason)s", reason=gettext(message)))
    return text


def nesting(bare: str) -> int:
    """How deep brackets (and CASE ... END) go in ``bare`` (a statement with its strings and comments
    blanked out)."""
    depth = deepest = 0
    for ch in _CASE_WORDS.sub(lambda m: "(" if m.group(1).upper() == "CASE" else ")", bare):
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def _check_cost(bare: str) -> None:
    """Refuse, before Neo4j parses it, what is nested too deeply or chained too long to plan safely."""
    depth = nesting(bare)
    if depth > MAX_NESTING or _PREFIX_RUN.search(bare):
        raise QueryRefused(gettext("The statement nests %(depth)s levels deep; the console takes at most %(max)s. "
                                   "Write it flatter (WITH steps instead of brackets inside brackets).",
                                   depth=max(depth, MAX_NESTING + 1), max=MAX_NESTING))
    braces = nesting(re.sub(r"[^{}]", "", bare))
    if braces > MAX_SUBQUERY_NESTING:
        raise QueryRefused(gettext("The statement nests %(depth)s subqueries or maps inside each other; the console "
                                   "takes at most %(max)s (Neo4j's planning time doubles with each). Write it flatter.",
                                   depth=braces, max=MAX_SUBQUERY_NESTING))
    operators, unions = len(_OPERATOR.findall(bare)), len(_UNION.findall(bare))
    if operators > MAX_OPERATORS or unions > MAX_UNIONS or _PROPERTY_CHAIN.search(bare):
        raise QueryRefused(gettext("The statement is too long a chain for Neo4j to plan safely (%(operators)s "
                                   "operators, %(unions)s UNIONs; the console takes at most %(max_operators)s "
                                   "operators, %(max_unions)s UNIONs and %(max_chain)s property steps in a row). Pass "
                                   "long lists of values as a $parameter, or split the question into smaller queries.",
                                   operators=format_number(operators), unions=unions, max_operators=MAX_OPERATORS,
                                   max_unions=MAX_UNIONS, max_chain=MAX_PROPERTY_CHAIN))


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


def _check_plan(summary) -> None:
    if summary.query_type != "r":
        kind = (gettext(QUERY_TYPES[summary.query_type]) if summary.query_type in QUERY_TYPES
                else gettext("query type %(type)s", type=repr(summary.query_type)))
        raise QueryRefused(gettext("Refused: Neo4j plans this statement as %(kind)s, not a read. The console is "
                                   "read-only.", kind=kind))
    for op, args in _operators(summary.plan):
        name = op.split("@")[0]
        if "ProcedureCall" in name:
            proc = _procedure_name(args)
            if proc not in ALLOWED_PROCEDURES:
                raise QueryRefused(gettext("Refused: procedure %(procedure)s is not on the read-only allow-list "
                                           "(%(allowed)s).", procedure=proc or gettext("(unknown)"),
                                           allowed=", ".join(sorted(ALLOWED_PROCEDURES))))
        elif name.startswith(FORBIDDEN_OPERATORS):
            raise QueryRefused(gettext("Refused: the plan contains a %(operation)s operation. The console is "
                                       "read-only.", operation=name))


def check_read_only(graph: Graph, cypher: str, params: dict | None = None) -> str:
    """Raise QueryRefused unless ``cypher`` is one statement Neo4j plans as a pure read; return its text."""
    text = screen(cypher)
    try:
        summary = graph.read_once(_explain_tx, text, params or {}, timeout=PLAN_TIMEOUT)
    except CypherSyntaxError as err:
        raise QueryFailed(syntax_message(err.message or "")) from err
    except Neo4jError as err:
        if _is_busy(err) or _is_timeout(err):
            raise _fail(err, PLAN_TIMEOUT) from err
        raise QueryRefused(gettext("Refused: only single read queries can run here (%(error)s).",
                                   error=err.message)) from err
    except DriverError as err:
        raise QueryFailed(gettext(LOST)) from err
    _check_plan(summary)
    return text


_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


def syntax_message(message: str) -> str:
    """Neo4j's first line, with the position counted in the person's text (not our 'EXPLAIN ' prefix)."""
    first = message.strip().splitlines()[0] if message.strip() else gettext("invalid Cypher")

    def shift(m: re.Match) -> str:
        line, column, offset = (int(x) for x in m.groups())
        column = column - len(EXPLAIN) if line == 1 else column
        return f"(line {line}, column {max(1, column)})"

    return gettext("Syntax error: %(error)s", error=_POSITION.sub(shift, first))


EXPLAIN = "EXPLAIN "


def _explain_tx(tx, text: str, params: dict):
    return tx.run(EXPLAIN + text, params).consume()


def _plain(value, result: QueryResult):
    """Turn driver values into JSON-able ones, collecting nodes and relationships for a network view."""
    if isinstance(value, Node):
        result.nodes[value.element_id] = {"labels": sorted(value.labels), "props": _json_props(dict(value))}
        return {"_node": value.element_id, "labels": sorted(value.labels), **_json_props(dict(value))}
    if isinstance(value, Relationship):
        result.relationships[value.element_id] = {
            "type": value.type, "start": value.start_node.element_id, "end": value.end_node.element_id,
            "props": _json_props(dict(value))}
        for end in (value.start_node, value.end_node):
            result.nodes.setdefault(end.element_id, {"labels": sorted(end.labels), "props": _json_props(dict(end))})
        return {"_relationship": value.element_id, "type": value.type, **_json_props(dict(value))}
    if isinstance(value, Path):
        return [_plain(x, result) for x in (*value.nodes, *value.relationships)]
    if isinstance(value, list):
        return [_plain(v, result) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, result) for k, v in value.items()}
    return iso(value) or value


def _json_props(props: dict) -> dict:
    return {k: plain(v) for k, v in props.items()}


def _fail(err: Neo4jError, timeout: float) -> Exception:
    code, message = err.code or "", err.message or str(err)
    if _is_busy(err):
        return QueryFailed(gettext(BUSY))
    if "MemoryPoolOutOfMemory" in code or "OutOfMemory" in code or "heap space" in message.lower():
        return QueryFailed(gettext("The query needed more memory than one query may use, and was stopped. Return "
                                   "less at once (no collect() of everything, a LIMIT, an aggregate) and try again."))
    if _is_timeout(err):
        return QueryFailed(gettext("The query took longer than %(seconds)ss and was stopped. Narrow it (a LIMIT, a "
                                   "label, a shorter path) and try again.", seconds=format(timeout, "g")))
    if "AccessMode" in code or "Forbidden" in code:
        return QueryRefused(gettext("Refused: the query tried to write. The console is read-only."))
    if isinstance(err, CypherSyntaxError):
        return QueryFailed(syntax_message(message))
    return QueryFailed(message)


def _fetch_tx(tx, text: str, params: dict, row_cap: int, byte_cap: int) -> QueryResult:
    """Stream the rows, stopping at ``row_cap`` rows or ``byte_cap`` bytes of JSON, whichever comes first."""
    result = tx.run(text, params)
    out = QueryResult(columns=list(result.keys()), rows=[])
    size = 0
    for record in result:
        if len(out.rows) >= row_cap:
            out.truncated, out.cut = True, "rows"
            break
        row = [_plain(v, out) for v in record.values()]
        size += len(to_json(row))
        if size > byte_cap:
            out.truncated, out.cut = True, "bytes"
            break
        out.rows.append(row)
    return out


def _is_timeout(err: Neo4jError) -> bool:
    code, message = err.code or "", (err.message or str(err)).lower()
    return "Timeout" in code or "TimedOut" in code or "terminated" in message or "timed out" in message


def _is_busy(err: Neo4jError) -> bool:
    """No free console connection came within CONSOLE_WAIT (graph/store/db.py)."""
    return "obtain a connection from the pool" in str(err)


LOST = N_("Neo4j did not answer the console (the connection was lost, or the database is away). Run the "
          "query again in a moment.")
BUSY = N_("The console is busy: as many queries are running as it runs at once (EVGRAPH_CONSOLE_POOL). "
          "Try again in a moment.")


def run_read_only(graph: Graph, cypher: str, params: dict | None = None, *, viewer: Viewer,
                  timeout: float | None = None, row_cap: int | None = None, scrub: bool = True) -> QueryResult:
    """Check, then run ``cypher`` in a READ transaction with a timeout; at most ``row_cap`` rows.

    The reserved parameters (``$sees_protected``, ``$sees_confidential`` and the placeholders, see
    graph/access/masking.py) are set from ``viewer``, never from the caller's params, and what comes back
    is masked for that viewer: protected people's and confidential sources' nodes always; with ``scrub``,
    also any returned text that spells a protected name (free-form queries; the reviewed saved queries
    filter with ``$sees_protected`` instead, and namesakes stay readable)."""
    # The console opens no seal, whoever asks: an analyst's query shows pseudonyms and ciphertext only.
    viewer = Viewer(viewer.role, viewer.name)
    settings = graph.settings or load_settings()
    ceiling = settings.query_timeout
    timeout = min(timeout or ceiling, ceiling)       # a caller may ask for less time, never for more
    row_cap = min(row_cap or settings.row_cap, settings.row_cap)
    params = {k: v for k, v in (params or {}).items() if k not in RESERVED_PARAMS}
    params.update(query_params(viewer))
    text = check_read_only(graph, cypher, params)
    started = time.perf_counter()
    try:
        out = graph.read_once(_fetch_tx, text, params, row_cap, settings.result_bytes, timeout=timeout)
    except Neo4jError as err:
        raise _fail(err, timeout) from err
    except DriverError as err:
        raise QueryFailed(gettext(LOST)) from err
    out.elapsed_ms = (time.perf_counter() - started) * 1000
    return redact_result(graph, out, viewer, scrub)
