"""The evidence rule, on a page: every claim about a person that lacks its sources (HTML, JSON, CSV), and
what editors marked "needs review". And the evidence files themselves: a source's file downloaded
(/source/<uid>/file) or shown in its page (/source/<uid>/file/preview), re-hashed on the way out."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, send_file

from graph.curation.edits import needs_review
from graph.evidence.copies import INTACT, MISSING, TAMPERED, check_copy, open_copy, source_file
from graph.evidence.rule import RULES, find_breaches
from graph.store.language import N_, format_number, gettext as _, ngettext

from .auth import record
from .util import get_graph, respond, viewer

bp = Blueprint("evidence", __name__)
COLUMNS = ["rule", "uid", "description", "subject_uid"]


def _breaches():
    return find_breaches(get_graph(), viewer(), limit=2000)


@bp.get("/evidence/")
@bp.get("/evidence.json", endpoint="index_json")
@bp.get("/evidence.csv", endpoint="index_csv")
def index():
    breaches = _breaches()
    review = needs_review(get_graph(), viewer(), limit=500)
    return respond(lambda: render_template("evidence.html", breaches=breaches, rules=RULES, review=review),
                   data=lambda: {"breaches": [b.as_dict() for b in breaches], "needs_review": review},
                   table=lambda: (COLUMNS, [[b.rule, b.uid, b.description, b.subject_uid] for b in breaches]),
                   filename="evidence-rule-breaches.csv")


# -- a source's file -----------------------------------------------------------------------------------
# Bytes that no longer match the SHA-256 the graph recorded are refused, not served with a warning: they
# are not the evidence the records cite, and a file handed on (into a dossier, to a court, to a
# journalist) travels without any header that would have warned of it. The page says "tampering", the
# audit log has the event, and the file stays in the store as it is found for whoever investigates.
NO_FILE = N_("No evidence file has this identifier.")


def _file_or_404(uid: str):
    """The source's file for this viewer; 404 alike for no source, no file, and a confidential source the
    viewer may not see (it does not exist for them)."""
    found = source_file(get_graph(), uid[:64], viewer())
    if found is None:
        abort(404, description=_(NO_FILE))
    return found


def _evidence_dir():
    return current_app.config["SETTINGS"].evidence_dir


def _tampering(f, check, event: str) -> None:
    record("tampering", uids=[f.source_uid], reason="the stored file no longer matches its recorded SHA-256",
           detail={"event": event, "path": request.path, "sha256_recorded": f.sha256, "sha256_found": check.actual,
                   "copy": f.location})


def _serve(uid: str, inline: bool):
    f = _file_or_404(uid)
    if inline and f.preview is None:
        abort(404, description=_("This file cannot be shown in the page: download it instead."))
    check, fh = open_copy(f, _evidence_dir(), viewer().keys)
    event = "preview" if inline else "download"
    if check.state == TAMPERED:
        _tampering(f, check, event)
        abort(409, description=_("Tampering: the file in the evidence store no longer matches the SHA-256 "
                                 "recorded for this source, so it is not the evidence the records cite and is "
                                 "not served. The event is in the audit log; an administrator can restore the "
                                 "file from a backup."))
    if check.state == MISSING:
        record("evidence", uids=[f.source_uid], detail={"event": event, "outcome": "missing", "sha256": f.sha256})
        abort(404, description=_("The file of this source is not in the evidence store (it was recorded "
                                 "elsewhere, or removed from the store). Its SHA-256 is on the source's page."))
    if check.state != INTACT:
        abort(503, description=_("The file of this source cannot be read now (the evidence store or the data "
                                 "key is not available). Try again later, or ask an administrator."))
    record("evidence", uids=[f.source_uid], detail={"event": event, "sha256": f.sha256, "file": f.file_name,
                                                   "media_type": f.media_type})
    response = send_file(fh, mimetype=f.media_type, as_attachment=not inline, download_name=f.file_name,
                         conditional=False, etag=False, last_modified=None, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Evidence-SHA256"] = f.sha256
    if not inline:
        # a downloaded file is never run as a page of this site, whatever it holds
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    elif f.preview == "image":
        response.headers["Content-Security-Policy"] = ("default-src 'none'; img-src 'self'; "
                                                       "style-src 'unsafe-inline'; frame-ancestors 'self'")
    return response


@bp.get("/source/<uid>/file")
def download_file(uid: str):
    """The source's file as an attachment, after its bytes were hashed again against the graph's SHA-256."""
    return _serve(uid, inline=False)


@bp.get("/source/<uid>/file/preview")
def preview_file(uid: str):
    """An image or a PDF, inline (for the <img> or <iframe> of the source's page)."""
    return _serve(uid, inline=True)


def size_words(size: int | None) -> str:
    """"2.4 MB (2,456,789 bytes)" as the language writes it."""
    if size is None:
        return ""
    count = ngettext("%(count)s byte", "%(count)s bytes", size, count=format_number(size))
    for limit, unit in ((1 << 30, N_("%(n)s GB")), (1 << 20, N_("%(n)s MB")), (1 << 10, N_("%(n)s KB"))):
        if size >= limit:
            return _("%(size)s (%(bytes)s)", size=_(unit, n=format_number(round(size / limit, 1))), bytes=count)
    return count


@bp.app_template_global("source_file_panel")
def source_file_panel(page) -> dict | None:
    """What a source's page shows of its file (entity.html): None when it has none, or the viewer may not
    see it. The copy is checked against its SHA-256; tampering found here is audited too."""
    if page.node.kind != "source" or page.node.masked:
        return None
    f = source_file(get_graph(), page.node.uid, viewer())
    if f is None:
        return None
    check = check_copy(f, _evidence_dir(), viewer().keys)
    if check.state == TAMPERED:
        _tampering(f, check, "page")
    return {"file": f, "check": check, "size": size_words(f.size)}
