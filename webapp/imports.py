"""Imports in the browser, for data stewards who don't use a shell: upload a register (CSV/XLSX), an FtM
file or OpenSanctions' targets.simple.csv, see every problem with its row and column, then import. The
same code as `evgraph import` (importers.parse_file, importers.write_parsed), the same rules: a file with
an invalid row writes nothing unless the valid rows are asked for."""
from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from graph.evidence.store import file_sha256
from graph.interchange.imports import recent_batches
from graph.store.language import N_, format_number, gettext as _, ngettext
from importers import ImportFailed, WriteStopped, parse_file, write_parsed
from importers.detect import FORMATS
from importers.errors import reject_table
from importers.mapping import MAPPINGS_DIR, shipped_mappings

from .auth import record
from .util import csv_response, get_graph, require_editor, respond, viewer

bp = Blueprint("imports", __name__)
TEMPLATES = Path(__file__).resolve().parent.parent / "importers" / "templates"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# The names of formats and mappings that are words (the others are codes: ftm, os-simple, eu); the form sends
# and the CLI takes the name itself.
NAME_WORDS = {"register": N_("register"), "default": N_("default")}
SHOWN_PROBLEMS = 500
EDITORS_ONLY = N_("Only editors and admins may import data: ask an admin for the editor role. "
                  "Everyone can use `evgraph import FILE --dry-run` to check a file.")
BATCH_COLUMNS = ["uid", "file_name", "format", "status", "rows", "rejected", "nodes", "relationships", "started_at",
                 "finished_at"]


def named(name: str | None) -> str:
    """A format's or mapping's name as a person reads it."""
    return _(NAME_WORDS[name]) if name in NAME_WORDS else (name or "")


def _upload_root() -> Path:
    return Path(current_app.config.get("UPLOAD_DIR") or current_app.config["SETTINGS"].home / "uploads")


def _options(form) -> dict:
    fmt = form.get("format") or None
    if fmt is not None and fmt not in FORMATS:
        abort(400, description=_("Unknown format: choose one of %(formats)s, or let it be detected.",
                                 formats=", ".join(FORMATS)))
    mapping = form.get("mapping") or None
    if mapping is not None and mapping not in {m.name for m in shipped_mappings()}:
        abort(400, description=_("Unknown mapping: choose one of the shipped mappings, or let it be chosen."))
    return {"format": fmt or "", "mapping": mapping or "", "skip_invalid": form.get("skip_invalid") == "1",
            "encoding": (form.get("encoding") or "").strip()}


def _parse(path: Path, options: dict):
    mapping = MAPPINGS_DIR / f"{options['mapping']}.yaml" if options["mapping"] else None
    return parse_file(path, options["format"] or None, mapping, options["encoding"] or None)


def _stored(token: str) -> Path:
    """The uploaded file kept under ``token`` between the check and the import."""
    if not _TOKEN.match(token or ""):
        abort(400, description=_("This upload is unknown: upload the file again."))
    folder = _upload_root() / token
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    if not files:
        abort(400, description=_("This upload is gone (already imported, or checked more than a day ago): "
                                 "upload the file again."))
    return files[0]


def safe_name(filename: str) -> str:
    """The uploaded file's own name, which messages and the ImportBatch show, made safe to store: no
    folders, no leading dots, letters of any script kept ("реєстр 2024.xlsx" stays readable)."""
    base = re.split(r"[/\\]", filename)[-1]
    suffix = Path(base).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.\w{1,8}", suffix) else ""
    stem = re.sub(r"[^\w.()\- ]+", "_", base[:len(base) - len(suffix)]).strip(" .")[:100]
    return (stem if re.search(r"\w", stem) else "upload") + suffix


def _forget_old_uploads(max_age: float = 24 * 3600) -> None:
    """Registers name people in danger: an upload checked but never imported is deleted after a day."""
    root = _upload_root()
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and time.time() - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)


@bp.get("/import")
@bp.get("/import.json", endpoint="index_json")
@bp.get("/import.csv", endpoint="index_csv")
def index():
    batches = recent_batches(get_graph())
    return respond(lambda: render_template("imports.html", batches=batches, formats=FORMATS, named=named,
                                           mappings=shipped_mappings(), may_edit=viewer().may_edit),
                   data=lambda: {"imports": batches},
                   table=lambda: (BATCH_COLUMNS, [[b.get(c) for c in BATCH_COLUMNS] for b in batches]),
                   filename="imports.csv")


@bp.get("/import/template.<ext>")
def template(ext: str):
    if ext not in ("csv", "xlsx"):
        abort(404)
    return send_file(TEMPLATES / f"register_template.{ext}", as_attachment=True,
                     download_name=f"register_template.{ext}")


@bp.post("/import/check")
def check():
    """Keep the upload, parse and validate it, and show what an import would do. Writes nothing."""
    require_editor(_(EDITORS_ONLY))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description=_("Choose a file to upload: a register (.csv, .xlsx), FtM JSON lines (.json, "
                                 ".jsonl) or an OpenSanctions targets.simple.csv."))
    options = _options(request.form)
    _forget_old_uploads()
    token = secrets.token_urlsafe(18)
    folder = _upload_root() / token
    folder.mkdir(parents=True, mode=0o700)
    folder.parent.chmod(0o700)
    name = safe_name(upload.filename)
    path = folder / name
    try:
        upload.save(path)
        parsed = _parse(path, options)
    except ImportFailed as err:
        shutil.rmtree(folder, ignore_errors=True)
        return render_template("import_check.html", file=name, failure=err.problems, options=options,
                               parsed=None, token=None, named=named), 422
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)   # an upload names people: never leave one behind
        raise
    return render_template("import_check.html", file=name, parsed=parsed, token=token, options=options,
                           problems=parsed.problems[:SHOWN_PROBLEMS], failure=None, named=named)


@bp.get("/import/<token>/rejects.csv")
def rejects(token: str):
    """The rows that would be left out, with their reasons (the same file `--skip-invalid` writes)."""
    if not viewer().may_edit:
        abort(403, description=_("Only editors and admins may see uploaded files."))
    path = _stored(token)
    parsed = _parse(path, _options(request.args))
    header, rows = reject_table(parsed.rejects)
    return csv_response(header, rows, f"{path.name}.rejects.csv")


@bp.post("/import/run")
def run():
    """Parse the kept upload again (the same file, the same options) and write it."""
    require_editor(_(EDITORS_ONLY))
    token = request.form.get("token", "")
    path = _stored(token)
    options = _options(request.form)
    try:
        parsed = _parse(path, options)
    except ImportFailed as err:
        abort(400, description=str(err))
    if parsed.problems and not options["skip_invalid"]:
        abort(400, description=_("Nothing imported: %(invalid)s of %(rows)s rows are invalid. "
                                 "Fix them and upload the file again, or import the valid rows alone.",
                                 invalid=len(parsed.rejects), rows=parsed.rows))
    if not parsed.nodes and not parsed.rels:
        abort(400, description=_("Nothing imported: the file has no valid row."))
    try:
        result, batch_uid = write_parsed(get_graph(), parsed, current_app.config["SETTINGS"].evidence_dir)
    except WriteStopped as err:
        abort(503, description=_("%(error)s The uploaded file is kept for a day: press Import again.", error=err))
    record("import", uids=[batch_uid], new=result.as_dict(),
           detail={"file": path.name, "format": parsed.format, "rows": parsed.rows, "rejected": len(parsed.rejects),
                   "sha256": file_sha256(path)})
    shutil.rmtree(path.parent, ignore_errors=True)
    counts = {"file": path.name, "batch": batch_uid, "rows": _rows(parsed.rows - len(parsed.rejects)),
              "nodes": ngettext("%(count)s node", "%(count)s nodes", result.nodes, count=format_number(result.nodes)),
              "relationships": ngettext("%(count)s relationship", "%(count)s relationships", result.relationships,
                                        count=format_number(result.relationships))}
    if parsed.rejects:
        flash(_("Imported %(file)s: %(rows)s, %(nodes)s and %(relationships)s written, %(left_out)s left out "
                "(import batch %(batch)s).", left_out=_rows(len(parsed.rejects)), **counts))
    else:
        flash(_("Imported %(file)s: %(rows)s, %(nodes)s and %(relationships)s written (import batch %(batch)s).",
                **counts))
    return redirect(url_for("imports.index"))


def _rows(n: int) -> str:
    return ngettext("%(count)s row", "%(count)s rows", n, count=format_number(n))
