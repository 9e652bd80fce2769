"""Perpetrator dossiers: /officials/<uid>/dossier (page) and dossier.pdf|docx|json|html (downloads)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from dossiers import FORMATS, MEDIA_TYPES, file_name, render
from dossiers.html import TEMPLATES, render_body
from graph.dossier.assemble import NotAnOfficial, get_dossier
from graph.evidence.grades import CREDIBILITY, RELIABILITY, EvidenceThreshold
from graph.store.language import current, gettext as _, known, using

from .auth import record
from .util import get_graph

bp = Blueprint("dossiers", __name__)


def threshold_from_args(args) -> EvidenceThreshold:
    """?min_reliability=B&min_credibility=3 (empty means no threshold), &verified=yes for verified
    statements only; 400 on anything else."""
    rel = (args.get("min_reliability") or "").strip().upper() or None
    cred = (args.get("min_credibility") or "").strip() or None
    verified = (args.get("verified") or "").strip().lower() in ("yes", "1", "true", "on")
    try:
        return EvidenceThreshold(rel, int(cred) if cred else None, verified)
    except ValueError:
        abort(400, description=_("Evidence threshold: reliability is one of %(grades)s, credibility one of 1-6.",
                                 grades=", ".join(RELIABILITY)))


def _dossier(uid: str):
    prepared_by = (request.args.get("prepared_by") or "").strip()[:120] or "Evidence Graph"
    try:
        return get_dossier(get_graph(), uid, threshold=threshold_from_args(request.args), prepared_by=prepared_by)
    except NotAnOfficial:
        abort(404, description=_("No official has that identifier."))


ARGS = ("min_reliability", "min_credibility", "verified", "prepared_by", "lang")


@bp.get("/officials/<uid>/dossier")
def show(uid: str):
    args = {k: v for k, v in request.args.items() if k in ARGS and v}
    downloads = [(fmt, url_for("dossiers.download", uid=uid, fmt=fmt, **args)) for fmt in FORMATS]
    dossier_lang = known(args.get("lang")) or current()
    with using(dossier_lang):      # the dossier in its own language, the page around it in the interface's
        dossier = _dossier(uid)
        body = render_body(dossier)
    return render_template("dossier_page.html", d=dossier, body=body, downloads=downloads,
                           css=(TEMPLATES / "dossier.css").read_text(), args=args, dossier_lang=dossier_lang,
                           reliability=RELIABILITY, credibility=CREDIBILITY)


@bp.get("/officials/<uid>/dossier.<fmt>")
def download(uid: str, fmt: str):
    if fmt not in FORMATS:
        abort(404, description=_("Dossiers come as %(formats)s.", formats=", ".join(FORMATS)))
    with using(request.args.get("lang")):
        dossier = _dossier(uid)
        data = render(dossier, fmt)
    record("dossier", uids=[uid], detail={"format": fmt, "threshold": request.args.get("min_reliability")})
    disposition = "inline" if fmt in ("json", "html") else "attachment"
    return Response(data, mimetype=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'{disposition}; filename="{file_name(dossier, fmt)}"'})
