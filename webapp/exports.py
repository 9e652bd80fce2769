"""Exports in the browser, for editors and admins: the whole graph as FollowTheMoney entities, GraphML or a
CSV bundle (graph/interchange/export.py), and batches of dossiers as a ZIP with an index (dossiers/batch.py),
each a background job (webapp/jobs.py) whose progress the page polls, downloadable once by the account
that started it.

The same functions as ``evgraph export`` and ``evgraph dossier --batch``, with the same viewer the CLI
gives the same role: the account's role without the data key ring, so every export has pseudonyms only;
an admin may ask for the seals to be opened (the CLI's ``--include-protected``), which is logged with
every identity it disclosed. A dossier is masked for the outside world whoever produces it. Every export
is audited: started, what a batch contained, downloaded."""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from accounts import audit
from dossiers import FORMATS as DOSSIER_FORMATS
from dossiers.batch import write_batch
from dossiers.selection import BUILTIN, batch_title, selection_uids
from graph.access.viewer import Journal, Viewer, viewer_for
from graph.console.saved import ParamError, get_query, guess_value, load_queries
from graph.evidence.grades import CREDIBILITY, RELIABILITY
from graph.interchange.dump import count_records
from graph.interchange.export import export_csv, export_ftm, export_graphml
from graph.store.language import LANGUAGES, N_, current, format_number, gettext as _, known, ngettext, using
from graph.store.schema import SCHEMA

from .auth import address, record
from .dossiers import threshold_from_args
from .jobs import DONE, FAILED, GONE, JOBS, QUEUED, RUNNING, JobRefused
from .util import get_graph, json_response, require_editor, viewer, wants

bp = Blueprint("exports", __name__)
REFUSAL = N_("Only editors and admins export the graph or batches of dossiers. Ask an administrator for the "
             "editor role.")
# kind -> (what it is, the name the download gets, its media type)
KINDS = {
    "ftm": (N_("FollowTheMoney entities (JSON lines)"), "evidence-graph.ftm.jsonl", "application/x-ndjson"),
    "graphml": (N_("GraphML (Gephi, yEd)"), "evidence-graph.graphml", "application/graphml+xml"),
    "csv": (N_("CSV bundle: a file per label and per relationship type (ZIP)"), "evidence-graph-csv.zip",
            "application/zip"),
    "dossiers": (N_("Batch of dossiers (ZIP with an index)"), "dossiers.zip", "application/zip"),
}
STATE_WORDS = {QUEUED: N_("waiting to start"), RUNNING: N_("running"), DONE: N_("done"), FAILED: N_("failed"),
               GONE: N_("downloaded or expired")}
_UID_COLUMN = re.compile(r"\bAS\s+uid\b", re.IGNORECASE)


@bp.before_request
def editors_only():
    require_editor(_(REFUSAL))


def _settings():
    return current_app.config["SETTINGS"]


def _owner() -> str:
    return current_user.name


def _selections() -> list:
    """The saved queries that look like they return officials' uids, for the batch's selection (any saved
    query may be named: what is not an official is left out of the batch, and counted)."""
    return sorted((q for q in load_queries().values() if _UID_COLUMN.search(q.cypher) and ":Official" in q.cypher),
                  key=lambda q: q.title)


@bp.get("/exports")
def index():
    jobs = [_job_view(j) for j in JOBS.of(_owner(), _settings().private_dir)]
    return render_template("exports.html", kinds=KINDS, jobs=jobs, selections=_selections(), builtin=BUILTIN,
                           formats=DOSSIER_FORMATS, languages=LANGUAGES, dossier_lang=current(),
                           authorities=SCHEMA.sanctioning_authorities, reliability=RELIABILITY,
                           credibility=CREDIBILITY, is_admin=viewer().role == "admin")


def _job_view(job) -> dict:
    """A job as the page and the poll read it, in the language of the request."""
    data = job.as_dict()
    data["title"] = _(KINDS[job.kind][0])
    data["state_words"] = _(STATE_WORDS[job.state])
    data["count_words"] = _("%(done)s of %(total)s", done=format_number(data["done"]),
                            total=format_number(data["total"])) if data["total"] else format_number(data["done"])
    data["poll"] = url_for("exports.progress", job=job.id)
    data["download"] = url_for("exports.download", job=job.id) if job.state == DONE else None
    return data


# -- starting a job ---------------------------------------------------------------------------------
def _export_viewer(include_protected: bool) -> Viewer:
    """Whom the export is masked for, as ``evgraph export`` decides it for the same role: the account's
    role without the key ring (pseudonyms only), or, for an admin who asks, with it."""
    me = viewer()
    if include_protected:
        if me.role != "admin":
            record("refused", reason=f"an export with the seals opened needs the admin role: {request.path}")
            abort(403, description=_("Only admins may export with the seals opened (protected people and "
                                     "confidential sources in clear text)."))
        return viewer_for(get_graph(), me.role, me.name, Journal())
    return Viewer(me.role, me.name)


def _started(job):
    if wants("json"):
        return json_response({"job": job.id, "poll": url_for("exports.progress", job=job.id)}, 202)
    return redirect(url_for("exports.index", _anchor=f"job-{job.id}"))


def _after(settings, actor: str, where: str, kind: str, job_id: str, export_viewer: Viewer) -> None:
    """Audit what an export with the seals opened disclosed (the CLI's ``audit_disclosures``)."""
    journal = export_viewer.journal
    if journal is not None and journal.seen:
        audit.record(settings, actor, "disclosure", uids=journal.seen, detail={"export": kind, "job": job_id},
                     address=where)


def _start(kind: str, work, total: int = 0, detail: dict | None = None):
    file_name, media_type = KINDS[kind][1], KINDS[kind][2]
    try:
        job = JOBS.start(_settings().private_dir, _owner(), kind, file_name, media_type, work, total=total)
    except JobRefused:
        abort(429, description=_("Two of your exports are running already: wait until one has finished."))
    record("export", detail={"format": kind, "job": job.id, "event": "started", **(detail or {})})
    return _started(job)


@bp.post("/exports/graph/<kind>")
def start_graph(kind: str):
    """FtM, GraphML or the CSV bundle of the whole graph, masked for the viewer."""
    if kind not in ("ftm", "graphml", "csv"):
        abort(404, description=_("No such export."))
    include_protected = request.form.get("include_protected") == "1"
    export_viewer = _export_viewer(include_protected)
    graph, settings, actor, where, lang = get_graph(), _settings(), _owner(), address(), current()
    total = count_records(graph)

    def work(job, fh):
        with using(lang):
            try:
                if kind == "ftm":
                    n = export_ftm(graph, job.path, export_viewer, progress=job.advance)
                    return ngettext("%(num)d FtM entity", "%(num)d FtM entities", n)
                if kind == "graphml":
                    nodes, edges = export_graphml(graph, job.path, export_viewer, progress=job.advance)
                    return _("%(nodes)s nodes, %(edges)s edges", nodes=format_number(nodes),
                             edges=format_number(edges))
                return _csv_bundle(graph, job, fh, export_viewer)
            finally:
                _after(settings, actor, where, kind, job.id, export_viewer)

    return _start(kind, work, total, {"include_protected": include_protected})


def _csv_bundle(graph, job, fh, export_viewer) -> str:
    """The CSV files in a private temporary folder, zipped into the job's file, the folder removed."""
    folder = Path(tempfile.mkdtemp(prefix=".csv-", dir=job.path.parent))
    try:
        files = export_csv(graph, folder, export_viewer, progress=job.advance)
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(files):
                zf.write(folder / name, name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ngettext("%(num)d CSV file", "%(num)d CSV files", len(files))


def _params(text: str) -> dict:
    """KEY=VALUE lines (the CLI's --param): a value is read as JSON when it parses, else as text."""
    params = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        if "=" not in line:
            abort(400, description=_("Parameters: one KEY=VALUE a line; %(line)s has no '='.", line=repr(line.strip())))
        key, raw = line.split("=", 1)
        params[key.strip()] = guess_value(raw.strip())
    return params


def _int(name: str, default: int) -> int:
    raw = (request.form.get(name) or "").strip()
    try:
        return max(0, int(raw)) if raw else default
    except ValueError:
        abort(400, description=_("%(field)s must be a whole number.", field=name))


@bp.post("/exports/dossiers")
def start_dossiers():
    """A ZIP of dossiers for the built-in selection or a saved query, in the chosen format and language
    (the options of ``evgraph dossier --batch``)."""
    form = request.form
    fmt = form.get("format") or "pdf"
    if fmt not in DOSSIER_FORMATS:
        abort(400, description=_("Dossiers come as %(formats)s.", formats=", ".join(DOSSIER_FORMATS)))
    lang = known(form.get("lang")) or current()
    selection = (form.get("selection") or BUILTIN).strip()
    params = _params(form.get("params", ""))
    if selection != BUILTIN:
        query = get_query(selection)
        if query is None:
            abort(400, description=_("No saved query %(name)s, and it is not the built-in selection "
                                     "%(builtin)s.", name=repr(selection), builtin=repr(BUILTIN)))
        try:
            query.bind(params)
        except ParamError as err:
            abort(400, description=str(err))
    min_violations = _int("min_violations", 3)
    authority = (form.get("not_listed_by") or "").strip() or None
    if authority is not None and authority not in SCHEMA.sanctioning_authorities:
        abort(400, description=_("Not listed by: one of %(authorities)s, or any authority.",
                                 authorities=", ".join(SCHEMA.sanctioning_authorities)))
    threshold = threshold_from_args(form)
    prepared_by = (form.get("prepared_by") or "").strip()[:120] or "Evidence Graph"
    # the selection is read as the CLI reads it for this role: no key ring, nothing sealed opened
    select_viewer = Viewer(viewer().role, viewer().name)
    graph, settings, actor, where = get_graph(), _settings(), _owner(), address()

    def work(job, fh):
        with using(lang):
            uids = selection_uids(graph, select_viewer, selection, params=params, min_violations=min_violations,
                                  authority=authority, threshold=threshold)
            job.total = len(dict.fromkeys(uids))
            title = batch_title(selection, None, min_violations, authority)
            result = write_batch(graph, uids, fh, fmt, threshold=threshold, prepared_by=prepared_by, title=title,
                                 progress=job.advance)
            audit.record(settings, actor, "dossier", uids=[u for u in dict.fromkeys(uids) if u not in result.skipped],
                         detail={"batch": job.id, "format": fmt, "lang": lang, "selection": selection},
                         address=where)
            made = ngettext("%(num)d dossier and an index", "%(num)d dossiers and an index", result.written)
            if result.skipped:
                made += " · " + ngettext("%(num)d uid is not an official", "%(num)d uids are not officials",
                                         len(result.skipped))
            return made

    return _start("dossiers", work, detail={"dossier_format": fmt, "lang": lang, "selection": selection,
                                            "params": params, "min_violations": min_violations,
                                            "not_listed_by": authority, "prepared_by": prepared_by,
                                            "min_reliability": threshold.min_reliability,
                                            "min_credibility": threshold.min_credibility,
                                            "verified_only": threshold.verified_only})


# -- progress and the one download -----------------------------------------------------------------
def _job_or_404(job_id: str):
    job = JOBS.get(job_id, _owner(), _settings().private_dir)
    if job is None:
        abort(404, description=_("No export of yours has this number: it was downloaded already, it expired "
                                 "(an export is kept for an hour), or another account started it."))
    return job


@bp.get("/exports/jobs/<job>.json")
def progress(job: str):
    return json_response(_job_view(_job_or_404(job)))


@bp.get("/exports/jobs/<job>/download")
def download(job: str):
    found = _job_or_404(job)
    if request.method == "HEAD":        # a link checker or a download manager asking first: the one download stays
        if found.state != DONE:
            abort(404)
        return Response(status=200, mimetype=found.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{found.file_name}"'})
    fh = JOBS.take(found.id, _owner(), _settings().private_dir)
    if fh is None:
        abort(404, description=_("This export is not ready to download: it is still running, it failed, or "
                                 "it was downloaded already (each export is downloaded once)."))
    record("export", detail={"format": found.kind, "job": found.id, "event": "downloaded"})
    response = send_file(fh, mimetype=found.media_type, as_attachment=True, download_name=found.file_name,
                         conditional=False, etag=False, last_modified=None, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
