"""`evgraph edit`: the curation operations for scripts, JSON in and JSON out (the web forms and the JSON API
call the same graph/curation functions). Every change needs --reason and an editor or admin account
(``--as NAME`` or EVGRAPH_USER; the local operator is an admin)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import audit, audit_disclosures, cli_viewer, open_graph, require_role


def _json_arg(text: str | None, what: str) -> dict:
    """A JSON object from the option's text, '-' for standard input, or '@FILE'."""
    if not text:
        return {}
    if text == "-":
        text = sys.stdin.read()
    elif text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"{what} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(value, dict):
        raise click.BadParameter(f"{what} must be a JSON object, e.g. '{{\"name\": \"...\"}}'")
    return value


def _out(data) -> None:
    from graph.store.plain import to_json

    click.echo(to_json(data, indent=1))


def _run(work, what: str):
    """Run one curation call; its refusal as JSON on stderr and exit 1 (2 for a stale version)."""
    from graph.curation.edits import Conflict
    from graph.curation.fields import FormError
    from graph.store.sealing import KeyUnavailable

    require_role("editor", what)
    graph = open_graph()
    viewer = cli_viewer(graph)
    try:
        result = work(graph, viewer)
    except Conflict as exc:
        click.echo(json.dumps({"error": str(exc), "current_version": exc.current,
                               "changes": [c.as_dict() for c in exc.changes]}, ensure_ascii=False, default=str),
                   err=True)
        sys.exit(2)
    except (FormError, PermissionError, KeyUnavailable) as exc:
        click.echo(json.dumps({"error": str(exc), "fields": getattr(exc, "errors", {})}, ensure_ascii=False), err=True)
        sys.exit(1)
    finally:
        audit_disclosures(viewer, what)
        graph.close()
    return result


def _saved(saved, reason: str, **detail) -> None:
    saved.wait()        # a shell command finishes what it started
    audit("edit", uids=[saved.uid], reason=reason,
          detail={"action": saved.action, "revision": saved.revision, "version": saved.version, **detail})
    _out(saved.as_dict())


@click.group("edit")
def edit() -> None:
    """Create, change, retract and restore records and connections, one at a time, each with its history.

    \b
    evgraph edit fields detainee
    evgraph edit create detainee --values '{"name": "...", "birth_date": "1986"}' --reason "CHR report"
    evgraph edit show UID
    evgraph edit update UID --version 3 --values '{"status": "released"}' --reason "freed in exchange"
    evgraph edit relate JUDGE_IN JUDGE_UID CASE_UID --source SOURCE_UID --reason "verdict"
    evgraph edit retract UID --reason "entered twice"; evgraph edit restore REVISION --reason "..."
    evgraph edit revert REVISION --reason "..."; evgraph edit review UID verified --reason "..."
    evgraph edit history UID
    """


@edit.command("fields")
@click.argument("kind")
def fields_cmd(kind: str) -> None:
    """The fields of a KIND of record (detainee, official, court, case, ...) or of a connection type."""
    from graph.curation.fields import KIND, node_fields, rel_fields
    from graph.store.schema import SCHEMA

    if kind in KIND:
        return _out({"kind": kind, "fields": [f.as_dict() for f in node_fields(kind)]})
    if kind in SCHEMA.relationships:
        return _out({"type": kind, "asserts": SCHEMA.rel(kind).asserts,
                     "fields": [f.as_dict() for f in rel_fields(kind)]})
    raise click.BadParameter(f"one of {', '.join(KIND)} or a connection type ({', '.join(SCHEMA.relationships)})")


@edit.command("show")
@click.argument("uid")
def show(uid: str) -> None:
    """A record (or connection) as an editor edits it: values, version, review state."""
    from graph.curation import edits

    def work(graph, viewer):
        try:
            return edits.read_node(graph, uid, viewer).as_dict()
        except edits.NotFound:
            return edits.read_rel(graph, uid, viewer).as_dict()
    _out(_run(work, "edit show"))


@edit.command("create")
@click.argument("kind")
@click.option("--values", "values", required=True, help="JSON object of field: value ('-' reads stdin, @FILE a file).")
@click.option("--source", "sources", multiple=True, help="uid of an existing source (repeat for more).")
@click.option("--criterion-source", "criterion_sources", multiple=True, metavar="CRITERION=UID",
              help="a source of one PACE criterion, e.g. a=UID (repeat for more; else the --source ones).")
@click.option("--reason", required=True)
def create(kind: str, values: str, sources: tuple[str, ...], criterion_sources: tuple[str, ...], reason: str) -> None:
    """A new record of KIND; prints {uid, version, revision}."""
    from graph.curation import edits
    from graph.curation.fields import KIND, FormError, node_fields, parse_fields

    raw = _json_arg(values, "--values")

    def work(graph, viewer):
        if kind not in KIND:
            raise FormError(f"unknown kind {kind!r}; one of {', '.join(KIND)}")
        return edits.create(graph, viewer, kind, parse_fields(node_fields(kind), raw), reason, sources=sources,
                            criterion_sources=_by_criterion(criterion_sources))
    _saved(_run(work, "edit create"), reason, kind=kind)


@edit.command("update")
@click.argument("uid")
@click.option("--version", "version", type=int, required=True, help="The version you read (edit show).")
@click.option("--values", "values", required=True, help="JSON object of the fields to change (null empties one).")
@click.option("--criterion-source", "criterion_sources", multiple=True, metavar="CRITERION=UID",
              help="a source of one PACE criterion of a detainee, e.g. a=UID (repeat for more).")
@click.option("--reason", required=True)
def update(uid: str, version: int, values: str, criterion_sources: tuple[str, ...], reason: str) -> None:
    """Change fields of a record or a connection, refused (exit 2) if it changed since VERSION."""
    from graph.curation import edits
    from graph.curation.fields import node_fields, parse_fields, rel_fields

    raw = _json_arg(values, "--values")

    def work(graph, viewer):
        try:
            current = edits.read_node(graph, uid, viewer)
        except edits.NotFound:
            rel = edits.read_rel(graph, uid, viewer)
            sources = raw.pop("source_uids", None)
            return edits.update_rel(graph, viewer, uid, parse_fields(rel_fields(rel.type), raw, partial=True),
                                    version, reason, sources=sources)
        return edits.update(graph, viewer, uid, parse_fields(node_fields(current.kind), raw, partial=True),
                            version, reason, criterion_sources=_by_criterion(criterion_sources))
    _saved(_run(work, "edit update"), reason)


def _by_criterion(pairs: tuple[str, ...]) -> dict[str, list[str]]:
    """``a=UID`` options as {criterion: [uids]}."""
    out: dict[str, list[str]] = {}
    for pair in pairs:
        criterion, _sep, uid = pair.partition("=")
        if not uid.strip():
            raise click.BadParameter(f"{pair!r}: expected CRITERION=UID, e.g. a=3f9c...", param_hint="--criterion-source")
        out.setdefault(criterion.strip(), []).append(uid.strip())
    return out


@edit.command("relate")
@click.argument("rel_type")
@click.argument("start")
@click.argument("end")
@click.option("--values", "values", help="JSON object of the connection's fields (since, until, role...).")
@click.option("--source", "sources", multiple=True, help="uid of a source (required for a claim about a person).")
@click.option("--reason", required=True)
def relate(rel_type: str, start: str, end: str, values: str | None, sources: tuple[str, ...], reason: str) -> None:
    """Connect START to END by REL_TYPE (JUDGE_IN, HELD_AT, RESPONSIBLE_FOR, ...)."""
    from graph.curation import edits
    from graph.curation.fields import FormError, parse_fields, rel_fields
    from graph.store.schema import SCHEMA

    raw = _json_arg(values, "--values")

    def work(graph, viewer):
        if rel_type not in SCHEMA.relationships:
            raise FormError(f"unknown connection type {rel_type!r}")
        return edits.relate(graph, viewer, rel_type, start, end, parse_fields(rel_fields(rel_type), raw), reason,
                            sources=sources)
    _saved(_run(work, "edit relate"), reason, type=rel_type)


@edit.command("retract")
@click.argument("uid")
@click.option("--version", "version", type=int, help="Refuse if it changed since this version.")
@click.option("--reason", required=True)
def retract(uid: str, version: int | None, reason: str) -> None:
    """Take a record or a connection out of the graph (kept in its history; `restore` puts it back)."""
    from graph.curation import edits

    def work(graph, viewer):
        try:
            edits.read_node(graph, uid, viewer)
        except edits.NotFound:
            return edits.retract_rel(graph, viewer, uid, reason, version)
        return edits.retract(graph, viewer, uid, reason, version)
    _saved(_run(work, "edit retract"), reason)


@edit.command("restore")
@click.argument("revision")
@click.option("--reason", required=True)
def restore(revision: str, reason: str) -> None:
    """Undo the retraction REVISION (see `edit retracted`)."""
    from graph.curation import edits

    _saved(_run(lambda graph, viewer: edits.restore(graph, viewer, revision, reason), "edit restore"), reason,
           of=revision)


@edit.command("revert")
@click.argument("revision")
@click.option("--reason", required=True)
def revert(revision: str, reason: str) -> None:
    """Undo one revision, as a new revision."""
    from graph.curation import edits

    _saved(_run(lambda graph, viewer: edits.revert(graph, viewer, revision, reason), "edit revert"), reason,
           reverts=revision)


@edit.command("review")
@click.argument("uid")
@click.argument("state", type=click.Choice(["needs_review", "verified", "none"]))
@click.option("--reason", required=True)
def review(uid: str, state: str, reason: str) -> None:
    """Mark a record or connection needs_review or verified (none clears it)."""
    from graph.curation import edits

    value = None if state == "none" else state
    _saved(_run(lambda graph, viewer: edits.set_review(graph, viewer, uid, value, reason), "edit review"), reason,
           review=value)


@edit.command("history")
@click.argument("uid")
@click.option("--limit", default=100, show_default=True)
def history_cmd(uid: str, limit: int) -> None:
    """The revisions of a record and its connections, newest first."""
    from graph.curation import history

    _out({"uid": uid, "revisions": [r.as_dict() for r in
                                    _run(lambda graph, viewer: history.history(graph, uid, viewer, limit),
                                         "edit history")]})


@edit.command("retracted")
def retracted() -> None:
    """Retractions not undone (their revision uids restore them)."""
    from graph.curation import history

    _out({"retracted": [r.as_dict() for r in _run(lambda graph, viewer: history.retracted(graph, viewer),
                                                  "edit retracted")]})


COMMANDS = [edit]
