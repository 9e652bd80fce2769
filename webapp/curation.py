"""Curation in the browser (editors and admins): create and edit records with forms made from the schema,
add, edit and retract connections with their sources, retract and restore, revert a revision, review
states; and the same operations as a small JSON API (docs/api.md). Everything is done by graph/curation;
this module turns forms and JSON into its calls and its answers into pages."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from graph.curation import edits, history
from graph.curation.fields import KIND, KINDS, FormError, form_values, node_fields, parse_fields, rel_fields
from graph.curation.sources import PREFIX, file_props, new_source, source_fields, wants_new_source
from graph.explore.search import search_names
from graph.store.language import N_, current as current_language, gettext as _
from graph.store.plain import plain
from graph.store.schema import SCHEMA
from graph.store.sealing import KeyUnavailable

from .auth import record
from .util import get_graph, json_response, require_editor, viewer

bp = Blueprint("curation", __name__)
REFUSAL = N_("Only editors and admins change records. Ask an administrator for the editor role.")
# The title of the form that creates a record of each kind (graph/curation/fields.py KINDS).
NEW_TITLES = {"detainee": N_("New detainee"), "official": N_("New official"), "person": N_("New other person"),
              "court": N_("New court"), "organisation": N_("New organisation"), "case": N_("New criminal case"),
              "site": N_("New detention site"), "violation": N_("New violation"), "source": N_("New source"),
              "sanction": N_("New sanction")}
# What the name picker says a hit is (graph/explore/refs.py KINDS).
KIND_WORDS = {"detainee": N_("detainee"), "official": N_("official"), "court": N_("court"), "person": N_("person"),
              "organisation": N_("organisation"), "case": N_("case"), "site": N_("site"),
              "violation": N_("violation"), "source": N_("source"), "sanction": N_("sanction"),
              "import": N_("import")}


@bp.before_request
def editors_only():
    if request.endpoint != "curation.lookup":
        require_editor(_(REFUSAL))


def _settings():
    return current_app.config["SETTINGS"]


def _audit(saved: edits.Saved, reason: str, **detail) -> None:
    record("edit", uids=[saved.uid], reason=reason,
           detail={"action": saved.action, "revision": saved.revision, "version": saved.version, **detail})


# -- sources given with a change ---------------------------------------------------------------------
def _source_uids(form) -> list[str]:
    uids = form.getlist("sources") if hasattr(form, "getlist") else list(form.get("sources") or [])
    return [u.strip() for u in uids if u and u.strip()]


def _criterion_sources(form) -> dict[str, list[str]]:
    """The sources chosen for each PACE criterion (``pace_sources_<criterion>``)."""
    out = {}
    for c in SCHEMA.vocabularies["pace_criteria"]:
        uids = [u.strip() for u in form.getlist(edits.CRITERION_FIELD + c) if u and u.strip()]
        if uids:
            out[c] = uids
    return out


def _criteria_context(kind: str, fields, uid: str | None = None) -> dict:
    """What the form shows of the evidence of a detainee's PACE criteria: the criteria, the sources chosen
    for each, those recorded already, and their titles (as this viewer may read them)."""
    if kind != "detainee":
        return {}
    chosen = _criterion_sources(request.form)
    recorded = edits.criteria_evidence(get_graph(), uid) if uid else {}
    uids = [u for us in (*chosen.values(), *recorded.values()) for u in us] + _source_uids(request.form)
    return {"criteria": next((f.choices for f in fields if f.name == "pace_criteria"), ()),
            "criteria_chosen": chosen, "criteria_recorded": recorded,
            "source_titles": edits.source_titles(get_graph(), viewer(), uids) if uids else {}}


def _new_sources(form, files) -> list:
    upload = files.get(PREFIX + "file") if files else None
    has_file = upload is not None and upload.filename
    if not wants_new_source(form) and not has_file:
        return []
    raw = {f.name: form.get(PREFIX + f.name, "") for f in source_fields()}
    if has_file and not raw["name"].strip():
        raw["name"] = Path(upload.filename).name
    if not has_file:
        return [new_source(get_graph(), _settings().evidence_dir, raw)]
    with _saved(upload) as path:
        return [new_source(get_graph(), _settings().evidence_dir, raw, path, Path(upload.filename).name)]


@contextmanager
def _saved(upload):
    """An uploaded file in a temporary folder, under a name of ours with its extension (which says its
    media type, graph/evidence/store.py; the name itself is not trusted), gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload" + Path(upload.filename).suffix.lower()[:10])
        upload.save(path)
        yield path


def _file_of_source(kind: str, parsed: dict) -> dict:
    """A file uploaded with the source form: hashed into the evidence store, its facts added to the source."""
    upload = request.files.get("file") if kind == "source" else None
    if upload is None or not upload.filename:
        return {}
    with _saved(upload) as path:
        return file_props(get_graph(), _settings().evidence_dir, path, Path(upload.filename).name,
                          bool(parsed.get("confidential")))


def _form_raw(fields, form) -> dict:
    out = {}
    for f in fields:
        if f.type == "boolean":
            out[f.name] = form.get(f.name, "no") or "no"
        elif f.type == "list" and f.choices:
            out[f.name] = form.getlist(f.name)
        else:
            out[f.name] = form.get(f.name, "")
    return out


def _page(template: str, status: int = 200, **context):
    chosen = list(context.get("sources") or ()) + _source_uids(request.form)
    context.setdefault("source_titles", edits.source_titles(get_graph(), viewer(), chosen) if chosen else {})
    context.setdefault("errors", {})
    context.setdefault("message", "")
    context.setdefault("source_fields", source_fields())
    context.setdefault("prefix", PREFIX)
    context.setdefault("conflict", status == 409)    # the record changed since the form was made
    context.setdefault("property_label", SCHEMA.property_label)
    return render_template(template, **context), status


def _failed(exc: Exception) -> tuple[str, dict, int]:
    if isinstance(exc, edits.Conflict):
        return str(exc), exc.errors, 409
    if isinstance(exc, edits.NotFound):
        return str(exc), exc.errors, 404
    if isinstance(exc, FormError):
        errors = dict(exc.errors)
        if request.form and not request.form.get("reason", "").strip():
            errors.setdefault("reason", _("required: say why"))     # all that is wrong, at once
        return str(exc), errors, 400
    if isinstance(exc, KeyUnavailable):
        return _("The data key cannot be read, so nothing can be sealed or recorded: ask an administrator "
                 "(evgraph keys status)."), {}, 503
    if isinstance(exc, PermissionError):
        return str(exc), {}, 403
    raise exc


SAVE_ERRORS = (FormError, KeyUnavailable, PermissionError)


# -- records ------------------------------------------------------------------------------------------
@bp.get("/new")
def new_index():
    return render_template("curation_new.html", kinds=KINDS)


@bp.route("/new/<kind>", methods=["GET", "POST"])
def create(kind: str):
    if kind not in KIND:
        abort(404, description=_("No such kind of record."))
    fields = node_fields(kind)
    values, errors, message, status = {f.name: "" for f in fields}, {}, "", 200
    if request.method == "POST":
        raw = _form_raw(fields, request.form)
        values = {**values, **raw}
        reason = request.form.get("reason", "")
        try:
            parsed = parse_fields(fields, raw)
            parsed.update(_file_of_source(kind, parsed))
            saved = edits.create(get_graph(), viewer(), kind, parsed, reason, sources=_source_uids(request.form),
                                 new_sources=_new_sources(request.form, request.files),
                                 criterion_sources=_criterion_sources(request.form))
        except SAVE_ERRORS as exc:
            message, errors, status = _failed(exc)
        else:
            _audit(saved, reason, kind=kind)
            return redirect(url_for("entities.show", uid=saved.uid, saved="created"))
    return _page("curation_form.html", status, title=_(NEW_TITLES[kind]) if kind in NEW_TITLES else f"New {KIND[kind][2].split(' (')[0].lower()}", kind=kind,
                 fields=fields, values=values, errors=errors, message=message, action=url_for(".create", kind=kind),
                 version=None, sources_wanted=KIND[kind][0] == "Violation", sources_optional=True,
                 reason=request.form.get("reason", ""), **_criteria_context(kind, fields))


@bp.route("/entity/<uid>/edit", methods=["GET", "POST"])
def edit(uid: str):
    try:
        current = edits.read_node(get_graph(), uid, viewer())
    except edits.NotFound:
        abort(404, description=_("No record has this identifier (it may have been retracted)."))
    fields = node_fields(current.kind)
    values, errors, message, status = form_values(fields, current.values), {}, "", 200
    version = current.version
    if request.method == "POST":
        raw = _form_raw(fields, request.form)
        values = {**values, **raw}
        reason = request.form.get("reason", "")
        version = request.form.get("version", type=int)
        try:
            if version is None:
                raise FormError(_("The form did not say which version it was made on; reload the page."))
            saved = edits.update(get_graph(), viewer(), current.uid, parse_fields(fields, raw), version, reason,
                                 criterion_sources=_criterion_sources(request.form))
        except SAVE_ERRORS as exc:
            message, errors, status = _failed(exc)
        else:
            _audit(saved, reason)
            return redirect(url_for("entities.show", uid=saved.uid, saved="edited"))
    return _page("curation_form.html", status, title=_("Edit %(name)s", name=current.values.get('name') or current.uid),
                 kind=current.kind, fields=fields, values=values, errors=errors, message=message,
                 action=url_for(".edit", uid=current.uid), version=version, current=current,
                 connections=edits.connections(get_graph(), viewer(), current, request.args.get("after", "")),
                 review_states=SCHEMA.vocabulary_words["review_state"], reason=request.form.get("reason", ""),
                 sources_wanted=False, sources_optional=False, **_criteria_context(current.kind, fields, current.uid))


@bp.post("/entity/<uid>/retract")
def retract(uid: str):
    reason = request.form.get("reason", "")
    try:
        saved = edits.retract(get_graph(), viewer(), uid, reason, request.form.get("version", type=int))
    except SAVE_ERRORS as exc:
        return _refused(exc, url_for(".edit", uid=uid))
    _audit(saved, reason)
    return redirect(url_for(".retracted", done=saved.revision))


@bp.post("/record/<uid>/review")
def review(uid: str):
    reason = request.form.get("reason", "")
    state = request.form.get("review") or None
    try:
        saved = edits.set_review(get_graph(), viewer(), uid, state, reason)
    except SAVE_ERRORS as exc:
        return _refused(exc, _back(request.form.get("back"), uid))
    _audit(saved, reason, review=state)
    return redirect(_back(request.form.get("back"), saved.uid))


def _back(target: str | None, uid: str | None) -> str:
    """Where to go back to: a path of this app the form gave, else the record's page (else the start)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("entities.show", uid=uid) if uid else url_for("home.index")


def _refused(exc: Exception, back: str):
    message, errors, status = _failed(exc)
    return render_template("curation_refused.html", message=message, errors=errors, back=back,
                           property_label=SCHEMA.property_label), status


# -- connections ------------------------------------------------------------------------------------
@bp.route("/entity/<uid>/connect", methods=["GET", "POST"])
def connect(uid: str):
    try:
        current = edits.read_node(get_graph(), uid, viewer())
    except edits.NotFound:
        abort(404, description=_("No record has this identifier (it may have been retracted)."))
    choices = edits.relation_choices(current.label)
    chosen = request.values.get("choice", "")
    choice = next((c for c in choices if f"{c['type']}:{c['direction']}" == chosen), None)
    if choice is None:
        return render_template("curation_connect_choose.html", current=current, choices=choices)
    fields = rel_fields(choice["type"])
    values, errors, message, status = {f.name: "" for f in fields}, {}, "", 200
    other = request.form.get("other", "").strip()
    if request.method == "POST":
        raw = _form_raw(fields, request.form)
        values = {**values, **raw}
        reason = request.form.get("reason", "")
        start, end = (current.uid, other) if choice["direction"] == "out" else (other, current.uid)
        try:
            if not other:
                raise FormError(_("Choose the other end of the connection from the suggestions."), {"other": _("required")})
            saved = edits.relate(get_graph(), viewer(), choice["type"], start, end, parse_fields(fields, raw), reason,
                                 sources=_source_uids(request.form),
                                 new_sources=_new_sources(request.form, request.files))
        except SAVE_ERRORS as exc:
            message, errors, status = _failed(exc)
        else:
            _audit(saved, reason, type=choice["type"], start=start, end=end)
            return redirect(url_for("entities.show", uid=current.uid, saved="connected"))
    return _page("curation_connect.html", status, current=current, choice=choice, fields=fields, values=values,
                 errors=errors, message=message, other=other, other_name=request.form.get("other_name", ""),
                 reason=request.form.get("reason", ""), sources_wanted=choice["asserts"], sources_optional=True)


@bp.route("/connection/<uid>/edit", methods=["GET", "POST"])
def edit_connection(uid: str):
    try:
        current = edits.read_rel(get_graph(), uid, viewer())
    except edits.NotFound:
        abort(404, description=_("No connection has this identifier (it may have been retracted)."))
    fields = rel_fields(current.type)
    values, errors, message, status = form_values(fields, current.values), {}, "", 200
    version = current.version
    sources = list(current.source_uids)
    if request.method == "POST":
        raw = _form_raw(fields, request.form)
        values = {**values, **raw}
        reason = request.form.get("reason", "")
        version = request.form.get("version", type=int)
        sources = _source_uids(request.form)
        try:
            saved = edits.update_rel(get_graph(), viewer(), uid, parse_fields(fields, raw), version or 0, reason,
                                     sources=sources, new_sources=_new_sources(request.form, request.files))
        except SAVE_ERRORS as exc:
            message, errors, status = _failed(exc)
        else:
            _audit(saved, reason)
            return redirect(url_for("entities.show", uid=current.start, saved="edited"))
    return _page("curation_connection.html", status, current=current, fields=fields, values=values, errors=errors,
                 message=message, version=version, sources=sources, reason=request.form.get("reason", ""),
                 sources_wanted=SCHEMA.rel(current.type).asserts, sources_optional=True,
                 words=SCHEMA.relation_words(current.type),
                 review_states=SCHEMA.vocabulary_words["review_state"])


@bp.post("/connection/<uid>/retract")
def retract_connection(uid: str):
    reason = request.form.get("reason", "")
    try:
        saved = edits.retract_rel(get_graph(), viewer(), uid, reason, request.form.get("version", type=int))
    except SAVE_ERRORS as exc:
        return _refused(exc, url_for(".edit_connection", uid=uid))
    _audit(saved, reason)
    return redirect(_back(request.form.get("back"), saved.uid))


# -- retracted records, revisions ------------------------------------------------------------------------
@bp.get("/retracted")
def retracted():
    rows = history.retracted(get_graph(), viewer())
    return render_template("curation_retracted.html", rows=rows, done=request.args.get("done"), label_words=_label_words)


def _label_words(label: str) -> str:
    """A retracted record's label (Person) or connection's type (HELD_AT) as the language writes it."""
    if label in SCHEMA.nodes or current_language() == "en":
        return _(label)
    return SCHEMA.relation_words(label)


@bp.post("/revision/<rid>/restore")
def restore(rid: str):
    reason = request.form.get("reason", "")
    try:
        saved = edits.restore(get_graph(), viewer(), rid, reason)
    except SAVE_ERRORS as exc:
        return _refused(exc, url_for(".retracted"))
    _audit(saved, reason, of=rid)
    target = saved.uid if saved.action == "restore" else None
    return redirect(url_for("entities.show", uid=target, saved="restored") if target else url_for(".retracted"))


@bp.post("/revision/<rid>/revert")
def revert(rid: str):
    reason = request.form.get("reason", "")
    try:
        saved = edits.revert(get_graph(), viewer(), rid, reason)
    except SAVE_ERRORS as exc:
        return _refused(exc, _back(request.form.get("back"), None) if request.form.get("back")
                        else url_for(".retracted"))
    _audit(saved, reason, reverts=rid)
    if saved.action == "retract":              # a creation undone: the record is among the retracted now
        return redirect(url_for(".retracted"))
    if saved.action.endswith("relation"):      # back to the page the connection was reverted from
        return redirect(_back(request.form.get("back"), saved.uid))
    return redirect(url_for("entities.show", uid=saved.uid, saved="reverted"))


# -- search-as-you-type ----------------------------------------------------------------------------------
@bp.get("/api/lookup")
def lookup():
    """Names matching what was typed, for the "other end" and "source" pickers: [{uid, kind, name, facts}]."""
    text = request.args.get("q", "")[:200]
    kinds = {k for k in request.args.get("kinds", "").split(",") if k}
    labels = {l for l in request.args.get("labels", "").split(",") if l}
    hits = search_names(get_graph(), text, viewer(), limit=40) if text.strip() else []
    out = []
    for hit in hits:
        label = KIND.get(hit.kind, (None,))[0]
        if (kinds and hit.kind not in kinds) or (labels and label not in labels):
            continue
        out.append({"uid": hit.uid, "kind": hit.kind, "kind_words": _(KIND_WORDS[hit.kind]) if hit.kind in KIND_WORDS
                    else hit.kind, "name": hit.name, "facts": list(hit.facts)})
    return json_response({"q": text, "hits": out[:15]})


# -- the JSON API ------------------------------------------------------------------------------------------
def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description=_("Send a JSON object (Content-Type: application/json)."))
    return data


def _api(work):
    try:
        saved = work()
    except SAVE_ERRORS as exc:
        message, errors, status = _failed(exc)
        body = {"error": message, "fields": errors}
        if isinstance(exc, edits.Conflict):
            body.update(current_version=exc.current, changes=[c.as_dict() for c in exc.changes])
        return json_response(body, status)
    return json_response(saved.as_dict(), 201 if saved.action in ("create", "relate") else 200)


def _audited(saved, body, **detail):
    _audit(saved, body.get("reason", ""), **detail)
    return saved


@bp.get("/api/forms/<kind>")
def api_form(kind: str):
    if kind in KIND:
        return json_response({"kind": kind, "fields": [f.as_dict() for f in node_fields(kind)]})
    if kind in SCHEMA.relationships:
        return json_response({"type": kind, "fields": [f.as_dict() for f in rel_fields(kind)],
                              "asserts": SCHEMA.rel(kind).asserts})
    abort(404, description=_("No such kind of record or connection."))


@bp.post("/api/records")
def api_create():
    body = _body()
    kind = body.get("kind", "")
    return _api(lambda: _audited(edits.create(
        get_graph(), viewer(), kind, parse_fields(node_fields(kind) if kind in KIND else (), body.get("values") or {}),
        body.get("reason", ""), sources=body.get("sources") or [],
        criterion_sources=body.get("criterion_sources") or {}), body, kind=kind))


@bp.get("/api/records/<uid>")
def api_record(uid: str):
    try:
        current = edits.read_node(get_graph(), uid, viewer())
    except edits.NotFound as exc:
        return json_response({"error": str(exc)}, 404)
    return json_response({**current.as_dict(), "form": form_values(node_fields(current.kind), current.values)})


@bp.route("/api/records/<uid>", methods=["PATCH", "POST"])
def api_update(uid: str):
    body = _body()

    def work():
        current = edits.read_node(get_graph(), uid, viewer())
        changes = parse_fields(node_fields(current.kind), body.get("values") or {}, partial=True)
        return _audited(edits.update(get_graph(), viewer(), uid, changes, int(body.get("version", -1)),
                                     body.get("reason", ""), criterion_sources=body.get("criterion_sources") or {}),
                        body)
    return _api(work)


@bp.post("/api/records/<uid>/retract")
def api_retract(uid: str):
    body = _body()
    return _api(lambda: _audited(edits.retract(get_graph(), viewer(), uid, body.get("reason", ""),
                                               body.get("version")), body))


@bp.post("/api/records/<uid>/review")
def api_review(uid: str):
    body = _body()
    return _api(lambda: _audited(edits.set_review(get_graph(), viewer(), uid, body.get("review"),
                                                  body.get("reason", "")), body, review=body.get("review")))


@bp.get("/api/records/<uid>/history")
def api_history(uid: str):
    return json_response({"uid": uid, "revisions": [r.as_dict() for r in history.history(get_graph(), uid, viewer())]})


@bp.post("/api/relations")
def api_relate():
    body = _body()
    rel_type = body.get("type", "")

    def work():
        fields = rel_fields(rel_type) if rel_type in SCHEMA.relationships else ()
        return _audited(edits.relate(get_graph(), viewer(), rel_type, body.get("start", ""), body.get("end", ""),
                                     parse_fields(fields, body.get("values") or {}), body.get("reason", ""),
                                     sources=body.get("sources") or []), body, type=rel_type)
    return _api(work)


@bp.get("/api/relations/<uid>")
def api_relation(uid: str):
    try:
        return json_response(edits.read_rel(get_graph(), uid, viewer()).as_dict())
    except edits.NotFound as exc:
        return json_response({"error": str(exc)}, 404)


@bp.route("/api/relations/<uid>", methods=["PATCH", "POST"])
def api_update_relation(uid: str):
    body = _body()

    def work():
        current = edits.read_rel(get_graph(), uid, viewer())
        changes = parse_fields(rel_fields(current.type), body.get("values") or {}, partial=True)
        return _audited(edits.update_rel(get_graph(), viewer(), uid, changes, int(body.get("version", -1)),
                                         body.get("reason", ""), sources=body.get("sources")), body)
    return _api(work)


@bp.post("/api/relations/<uid>/retract")
def api_retract_relation(uid: str):
    body = _body()
    return _api(lambda: _audited(edits.retract_rel(get_graph(), viewer(), uid, body.get("reason", ""),
                                                   body.get("version")), body))


@bp.post("/api/revisions/<rid>/<verb>")
def api_revision(rid: str, verb: str):
    body = _body()
    if verb not in ("revert", "restore"):
        abort(404, description=_("A revision can be reverted or (a retraction) restored."))
    work = edits.revert if verb == "revert" else edits.restore
    return _api(lambda: _audited(work(get_graph(), viewer(), rid, body.get("reason", "")), body, of=rid))


@bp.get("/api/retracted")
def api_retracted():
    return json_response({"retracted": [plain(r.as_dict()) for r in history.retracted(get_graph(), viewer())]})
