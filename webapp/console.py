"""The Cypher console: /console?q=... runs read-only Cypher, /console?query=NAME a saved query; the same
URL with format=csv or format=json (or .csv/.json) downloads the result. GET, so every result has a stable
URL; POST is accepted too."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, render_template, request

from graph.console.picture import result_picture
from graph.console.readonly import QueryFailed, QueryRefused, QueryResult, check_read_only, run_read_only
from graph.console.saved import (ParamError, SavedQuery, by_tag, get_query, guess_value, load_queries, parameters_in,
                                 run_saved)

from graph.store.language import N_, gettext as _
from graph.store.schema import SCHEMA

from .tables import link_columns
from .util import get_graph, respond, viewer

bp = Blueprint("console", __name__)
PARAM_PREFIX = "p."
EXAMPLE = "MATCH (o:Official)-[:JUDGE_IN]->(c:Case)\nRETURN o.uid AS uid, o.name AS name, count(c) AS cases\n" \
          "ORDER BY cases DESC LIMIT 10"
# What a parameter's type (graph/console/saved.py TYPES) reads as under its field.
TYPE_WORDS = {"string": N_("string"), "text": N_("text"), "integer": N_("integer"), "float": N_("float"),
              "boolean": N_("boolean"), "date": N_("date"), "list": N_("list"), "enum": N_("enum"),
              "any": N_("number, true/false, JSON list or text")}
BOOLEAN_WORDS = {"true": N_("true"), "false": N_("false")}
# The saved queries' tags (their first tag groups them in the library), as headings.
TAG_WORDS = {"cases": N_("cases"), "courts": N_("courts"), "detainees": N_("detainees"),
             "detention sites": N_("detention sites"), "evidence": N_("evidence"), "judges": N_("judges"),
             "officials": N_("officials"), "sanctions": N_("sanctions"), "violations": N_("violations"),
             "other": N_("other")}


def tag_words(tag: str) -> str:
    return _(TAG_WORDS[tag]) if tag in TAG_WORDS else tag


@dataclass(frozen=True)
class ParamField:
    name: str
    value: str
    type: str = "any"
    help: str = ""
    choices: tuple[str, ...] = ()
    default: str = ""

    @property
    def type_words(self) -> str:
        return _(TYPE_WORDS[self.type]) if self.type in TYPE_WORDS else self.type

    def choice_words(self, choice: str) -> str:
        """An option of the field's list as a person reads it (the value sent stays the code)."""
        if self.type == "boolean" and choice in BOOLEAN_WORDS:
            return _(BOOLEAN_WORDS[choice])
        return SCHEMA.words(None, choice) if choice else ""


@dataclass
class Run:
    """What the page shows: the query, its parameters, and the result or the reason there is none."""
    cypher: str = ""
    saved: SavedQuery | None = None
    fields: list[ParamField] = field(default_factory=list)
    result: QueryResult | None = None
    error: str = ""          # refused | failed | invalid
    message: str = ""

    @property
    def status(self) -> int:
        return 400 if self.error else 200


def _form() -> dict[str, str]:
    values = request.values
    return {k[len(PARAM_PREFIX):]: v for k, v in values.items() if k.startswith(PARAM_PREFIX)}


def _saved_fields(saved: SavedQuery, given: dict[str, str]) -> list[ParamField]:
    return [ParamField(p.name, given.get(p.name, p.default_text), p.type, p.help, p.choices, p.default_text)
            for p in saved.params]


def _run_saved(saved: SavedQuery, given: dict[str, str]) -> Run:
    run = Run(saved.cypher, saved, _saved_fields(saved, given))
    return _execute(run, lambda: run_saved(get_graph(), saved, given, viewer()))


def _run_free(cypher: str, given: dict[str, str]) -> Run:
    names = parameters_in(cypher)
    run = Run(cypher, None, [ParamField(n, given.get(n, "")) for n in names])
    missing = [n for n in names if n not in given]
    if missing:   # still plan it: a refusal or a syntax error is worth knowing before typing values
        _execute(run, lambda: check_read_only(get_graph(), cypher))
        run.result = None
        if not run.error:
            run.message = _("Give a value for %(names)s and run again.", names=", ".join("$" + n for n in missing))
        return run
    params = {n: guess_value(given[n]) for n in names}
    return _execute(run, lambda: run_read_only(get_graph(), cypher, params, viewer=viewer()))


def _execute(run: Run, work) -> Run:
    try:
        run.result = work()
    except QueryRefused as err:
        run.error, run.message = "refused", str(err)
    except ParamError as err:
        run.error, run.message = "invalid", _("Parameter %(problem)s", problem=err)
    except QueryFailed as err:
        run.error, run.message = "failed", str(err)
    return run


def _run_for_request() -> Run | None:
    name = request.values.get("query", "").strip()
    cypher = request.values.get("q", "")
    if name:
        saved = get_query(name)
        if saved is None:
            abort(404, _("There is no saved query named “%(name)s”. The console lists them all.", name=name))
        return _run_saved(saved, _form())
    if cypher.strip():
        return _run_free(cypher, _form())
    return None


def _data(run: Run | None) -> dict:
    if run is None:
        return {"queries": [_describe(q) for q in load_queries().values()]}
    if run.error:
        return {"error": run.error, "message": run.message}
    result = run.result
    body = {"query": run.saved.name if run.saved else None, "cypher": run.cypher,
            "params": {f.name: f.value for f in run.fields}, "message": run.message or None}
    if result is not None:
        body.update(columns=result.columns, rows=result.as_dicts(), truncated=result.truncated,
                    notice=result.notice or None,
                    elapsed_ms=round(result.elapsed_ms, 1), redacted=result.redacted, kept=result.kept)
        if result.has_graph:
            body["graph"] = {"nodes": result.nodes, "relationships": result.relationships}
    return body


def _table(run: Run | None):
    if run is None or run.result is None:
        abort(400, description=run.message if run else _("Give a query (q=...) or a saved query (query=NAME)."))
    return run.result.columns, run.result.rows


def _share_args(run: Run) -> dict[str, str]:
    """The query string that reproduces this run (for downloads and links)."""
    args = {"query": run.saved.name} if run.saved else {"q": run.cypher}
    return {**args, **{PARAM_PREFIX + f.name: f.value for f in run.fields}}


def entity_url(uid: str) -> str | None:
    return current_app.jinja_env.globals["entity_url"](uid)


def _describe(query: SavedQuery) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description, "tags": list(query.tags),
            "params": [{"name": p.name, "type": p.type, "default": p.default_text, "help": p.help,
                        "choices": list(p.choices)} for p in query.params]}


# rows of a result drawn on the page (a 5,000-row answer is megabytes of HTML); the downloads have every row
SHOWN_ROWS = 500


@bp.route("/console", methods=["GET", "POST"])
@bp.route("/console.json", methods=["GET", "POST"], endpoint="index_json")
@bp.route("/console.csv", methods=["GET", "POST"], endpoint="index_csv")
def index():
    run = _run_for_request()
    settings = get_graph().settings

    def html():
        result = run.result if run else None
        return render_template("console.html", run=run, groups=by_tag(load_queries()), example=EXAMPLE, tag_words=tag_words,
                               links=link_columns(result.columns) if result else {},
                               share=_share_args(run) if run else {},
                               share_params={PARAM_PREFIX + f.name: f.value for f in run.fields} if run else {},
                               network=result_picture(result, entity_url) if result and result.has_graph else None,
                               row_cap=settings.row_cap if settings else 5000, shown_rows=SHOWN_ROWS,
                               timeout=settings.query_timeout if settings else 30)

    name = f"{run.saved.name}.csv" if run and run.saved else "query.csv"
    return respond(html, data=lambda: _data(run), table=lambda: _table(run), filename=name,
                   status=run.status if run else 200)
