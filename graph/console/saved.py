"""The saved-query library: ``queries/*.cypher``, each a read-only Cypher statement under a header of
``// key: value`` comment lines (title, description, tags, and one ``param`` line a parameter):

    // title: Officials with the most evidenced violations
    // description: Officials ranked by the violations they are responsible for,
    //   counting only violations with at least one source.
    // tags: officials, violations
    // param: limit integer = 25 -- how many officials
    // param: authority enum(authority) = EU -- the sanctioning authority

Types: string, text, integer, float, boolean, date, list (comma-separated strings), enum(VOCABULARY) with
the values of a vocabulary of graph/store/schema.yaml. The web console, ``evgraph query`` and the tests all read
the same files; every query runs through graph/console/readonly.py, so a saved query can never write either.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from graph.access.masking import RESERVED_PARAMS
from graph.access.viewer import Viewer
from graph.console.readonly import QueryFailed, QueryResult, run_read_only, strip_lexemes
from graph.store import language
from graph.store.db import Graph
from graph.store.language import gettext
from graph.store.schema import SCHEMA
from graph.store.settings import PROJECT_ROOT
from graph.store.stamp import Kept, kept_or, read_stamp

# The checkout's queries/, or (installed as a package, as in the Docker image) the working directory's.
QUERIES_DIR = next((d for d in (PROJECT_ROOT / "queries", Path.cwd() / "queries") if d.is_dir()),
                   PROJECT_ROOT / "queries")
TYPES = ("string", "text", "integer", "float", "boolean", "date", "list", "enum")
_HEADER = re.compile(r"^//\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>[a-z]+)(\((?P<vocab>\w+)\))?"
                    r"(\s*=\s*(?P<default>.*?))?(\s+--\s*(?P<help>.*))?$")
_PARAM_REF = re.compile(r"\$([A-Za-z_]\w*)")
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off", ""}


class QueryDefinitionError(ValueError):
    """A saved query's file is malformed (names the file and the line)."""


class ParamError(ValueError):
    """A parameter value that does not fit its declared type: message for a person."""


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str = "string"
    default: Any = None
    help_en: str = ""          # as the file writes it, in English (the catalogue has it: graph/store/catalogue.py)
    choices: tuple[str, ...] = ()

    @property
    def help(self) -> str:
        """What the parameter is, in the language spoken now."""
        return gettext(self.help_en) if self.help_en else ""

    def coerce(self, raw: Any) -> Any:
        """The value for Cypher from a form or command-line string (or an already typed value)."""
        if raw is None or (isinstance(raw, str) and raw.strip() == "" and self.type != "boolean"):
            return self.default
        try:
            return _COERCE[self.type](self, raw)
        except (ValueError, TypeError) as err:
            raise ParamError(gettext("%(name)s: %(error)s", name=self.name, error=err)) from None

    @property
    def default_text(self) -> str:
        if self.default is None:
            return ""
        if isinstance(self.default, list):
            return ", ".join(self.default)
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)


def _as_bool(param: QueryParam, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise ValueError(gettext("expected true or false, got %(value)s", value=repr(raw)))


def _as_int(param: QueryParam, raw: Any) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValueError(gettext("expected a whole number, got %(value)s", value=repr(raw))) from None


def _as_float(param: QueryParam, raw: Any) -> float:
    try:
        return float(str(raw).strip())
    except ValueError:
        raise ValueError(gettext("expected a number, got %(value)s", value=repr(raw))) from None


def _as_date(param: QueryParam, raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(gettext("expected a date as YYYY-MM-DD, got %(value)s", value=repr(raw))) from None


def _as_list(param: QueryParam, raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return [part.strip() for part in str(raw).split(",") if part.strip()]


def _as_enum(param: QueryParam, raw: Any) -> str:
    text = str(raw).strip()
    if text not in param.choices:
        raise ValueError(gettext("expected one of %(choices)s, got %(value)s", choices=", ".join(param.choices),
                                 value=repr(raw)))
    return text


_COERCE = {"string": lambda p, raw: str(raw), "text": lambda p, raw: str(raw), "integer": _as_int,
           "float": _as_float, "boolean": _as_bool, "date": _as_date, "list": _as_list, "enum": _as_enum}


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title_en: str              # title and description as the file writes them, in English
    description_en: str
    cypher: str
    tags: tuple[str, ...] = ()
    params: tuple[QueryParam, ...] = ()

    @property
    def title(self) -> str:
        """The title in the language spoken now (the catalogue has every saved query's words)."""
        return gettext(self.title_en)

    @property
    def description(self) -> str:
        return gettext(self.description_en) if self.description_en else ""

    def bind(self, raw: Mapping[str, Any]) -> dict:
        """Typed parameters from form/CLI strings; declared defaults fill the gaps; unknown names refused."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known - RESERVED_PARAMS)
        if unknown:
            raise ParamError(gettext("unknown parameter(s) %(unknown)s; %(query)s takes %(known)s",
                                     unknown=", ".join(unknown), query=self.name,
                                     known=", ".join(sorted(known)) or gettext("none")))
        return {p.name: p.coerce(raw.get(p.name)) for p in self.params}

    @property
    def tag(self) -> str:
        return self.tags[0] if self.tags else "other"


def parse_param(spec: str, where: str) -> QueryParam:
    match = _PARAM.match(spec.strip())
    if not match or match["type"] not in TYPES:
        raise QueryDefinitionError(f"{where}: expected 'param: NAME TYPE [= DEFAULT] [-- help]' with TYPE one of "
                                   f"{', '.join(TYPES)}; got {spec!r}")
    choices: tuple[str, ...] = ()
    if match["type"] == "enum":
        if match["vocab"] not in SCHEMA.vocabularies:
            raise QueryDefinitionError(f"{where}: enum({match['vocab']}) names no vocabulary of the schema")
        choices = tuple(SCHEMA.vocabularies[match["vocab"]])
    param = QueryParam(match["name"], match["type"], None, (match["help"] or "").strip(), choices)
    default = match["default"]
    return QueryParam(param.name, param.type, param.coerce(default) if default else None, param.help_en, choices)


def parse_query(text: str, name: str) -> SavedQuery:
    """A SavedQuery from a file's text; QueryDefinitionError names what is wrong and where."""
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    last, body_start = None, 0
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        head, more = _HEADER.match(line), _CONTINUATION.match(line)
        if more and last and not head:
            fields[last] += " " + more["value"].strip()
        elif head and head["key"] == "param":
            params.append(parse_param(head["value"], f"{name}.cypher line {number}"))
            last = None
        elif head:
            last = head["key"]
            fields[last] = head["value"].strip()
        elif line.strip() and not line.strip().startswith("//"):
            body_start = number - 1
            break
    cypher = "\n".join(lines[body_start:]).strip()
    if not fields.get("title") or not cypher:
        raise QueryDefinitionError(f"{name}.cypher: needs a '// title:' line and a Cypher statement")
    query = SavedQuery(name, fields["title"], fields.get("description", ""), cypher,
                       tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip()), tuple(params))
    _check_declared(query)
    return query


def _check_declared(query: SavedQuery) -> None:
    used = set(parameters_in(query.cypher))
    declared = {p.name for p in query.params}
    if used - declared:
        missing = ", ".join(sorted(used - declared))
        raise QueryDefinitionError(f"{query.name}.cypher uses undeclared parameter(s) {missing}")


def parameters_in(cypher: str) -> list[str]:
    """The ``$parameters`` a statement uses, in order, without the reserved ones the runner sets."""
    seen: list[str] = []
    for name in _PARAM_REF.findall(strip_lexemes(cypher)):
        if name not in seen and name not in RESERVED_PARAMS:
            seen.append(name)
    return seen


def guess_value(raw: str) -> Any:
    """A free-form console parameter: JSON when it parses (numbers, true/false, lists), else the string."""
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        return raw


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple) -> dict[str, SavedQuery]:
    paths = sorted(Path(folder).glob("*.cypher"))
    return {p.stem: parse_query(p.read_text(encoding="utf-8"), p.stem) for p in paths}


def load_queries(folder: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """Every saved query by name, re-read when a file changes."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.cypher")))
    return _load(str(folder), stamp)


def get_query(name: str, folder: Path = QUERIES_DIR) -> SavedQuery | None:
    return load_queries(folder).get(name)


def by_tag(queries: Mapping[str, SavedQuery]) -> list[tuple[str, list[SavedQuery]]]:
    """Queries grouped by their first tag, groups and queries in title order."""
    groups: dict[str, list[SavedQuery]] = {}
    for query in queries.values():
        groups.setdefault(query.tag, []).append(query)
    return [(tag, sorted(qs, key=lambda q: q.title)) for tag, qs in sorted(groups.items())]


# Answers of saved queries that took a while, per query, parameters and what the asker may see, kept until the data
# changes (graph/store/stamp.py): a ranking over the whole graph is read once after each change, not on every visit;
# shared by the workers of a machine (files in the private folder), so each answer is read once between them.
KEPT = Kept(64, shared="saved-queries")
KEEP_AFTER_MS = 200.0


def _sees(viewer: Viewer) -> tuple[bool, bool]:
    """All of a viewer a console answer depends on: the reserved parameters and the masking read only these
    (the console opens no seal, whoever asks)."""
    return viewer.sees_protected, viewer.sees_confidential


def run_saved(graph: Graph, query: SavedQuery, raw: Mapping[str, Any], viewer: Viewer,
              **limits: Any) -> QueryResult:
    """Bind ``raw`` values to the query's parameters and run it read-only for ``viewer``. Saved queries
    are reviewed and filter protected people with ``$sees_protected``, so their text is not scrubbed. A slow
    answer is kept for the same parameters, language and visibility (what is masked depends only on what the
    role may see) while the data's stamp is unchanged, and read again in the background after a change while it
    is in use (stamp.REFRESHER, in a server); a kept answer says so (``kept``) and how long it took to find."""
    params = query.bind(raw)
    started = time.perf_counter()
    # the placeholders (and the masking's words) are in the asker's language; a role that sees everything gets none
    lang = None if all(_sees(viewer)) else language.current()
    key = (query.cypher, json.dumps(params, default=str, sort_keys=True), _sees(viewer), lang,
           tuple(sorted(limits.items())))
    ran: list[QueryResult] = []
    asker = Viewer(viewer.role, viewer.name)    # all a reread needs (the console opens no seal, whoever asks)

    def again() -> QueryResult:
        with language.using(lang):              # the placeholders in the asker's language, whoever reads it again
            return run_read_only(graph, query.cypher, params, viewer=asker, scrub=False, **limits)

    def run() -> QueryResult:
        ran.append(again())
        return ran[0]

    result = kept_or(KEPT, key, graph.read(read_stamp), run, keep=lambda found: found.elapsed_ms >= KEEP_AFTER_MS,
                     reread=again, graph=graph)
    if ran:
        return result
    return replace(result, elapsed_ms=(time.perf_counter() - started) * 1000, kept=True)


# The shipped queries with their declared defaults are what an analyst opens first (the library's links run them
# so): in a server they are read before anyone asks, for each of the two ways a role may see the data (in each
# language for the roles whose answers hold placeholders), once the data is quiet after the start and after each
# change (stamp.REFRESHER.warm). Those found quick (under KEEP_AFTER_MS, not kept) are not read again by the warm-up in this process.
WARM_AS = (Viewer("researcher", "warm-up"), Viewer("editor", "warm-up"))
_QUICK: set[tuple] = set()


def warm_shipped(graph: Graph, stamp: tuple | None = None, folder: Path = QUERIES_DIR) -> int:
    """Read the shipped saved queries with their defaults for each visibility (kept where slow); stops when the
    data's stamp is no longer ``stamp``. Returns how many were run."""
    ran = 0
    for query in (q for _name, q in sorted(load_queries(folder).items())):
        for viewer, lang in ((v, lang) for v in WARM_AS for lang in language.LANGUAGES):
            mark = (query.cypher, _sees(viewer))
            if mark in _QUICK:
                continue
            if stamp is not None and graph.read(read_stamp) != stamp:
                return ran
            try:
                with language.using(lang):    # run_saved keys by language only where it matters: then kept at once
                    result = run_saved(graph, query, {}, viewer)
            except ParamError:                # a parameter without a default: nothing to read before it is given
                _QUICK.add(mark)
                continue
            except QueryFailed:               # e.g. the console's timeout: left to its first reader, tried next time
                continue
            ran += 1
            if not result.kept and result.elapsed_ms < KEEP_AFTER_MS:
                _QUICK.add(mark)
    return ran


def extract_messages(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """The words of a saved query (queries/*.cypher) a person reads: its title, description, tags and
    what each parameter is, shown through gettext: pybabel's extraction method for queries/*.cypher
    (graph/store/catalogue.py)."""
    query = parse_query(fileobj.read().decode("utf-8"), "query")
    for message in (query.title_en, query.description_en, *query.tags, *(p.help_en for p in query.params)):
        if message:
            yield 1, "_", message, []
