"""The admin pages: accounts (add, role, disable, reset password, reset second factor, the public
read-only mode) and the audit log with its filters, in every format."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from accounts import audit
from accounts.users import AccountError
from graph.access.viewer import ROLES
from graph.store.language import N_, SOURCE, current as current_language, gettext as _
from graph.store.plain import cell_text

from .auth import accounts, record, settings
from .util import respond, viewer

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    if viewer() is None or viewer().role != "admin":
        record("refused", reason=f"not an admin: {request.method} {request.path}")
        abort(403, description=_("Only an administrator may manage accounts and read the audit log."))


@bp.get("/accounts.json", endpoint="accounts_json")
@bp.get("/accounts.csv", endpoint="accounts_csv")
@bp.get("/accounts")
def accounts_page():
    people = accounts().all()
    columns = ["name", "role", "disabled", "totp", "created_at", "last_login"]
    return respond(lambda: render_template("admin_accounts.html", people=people, roles=ROLES,
                                           public_read=accounts().public_read, shown=request.args.get("shown")),
                   data=lambda: [a.as_dict() for a in people],
                   table=lambda: (columns, [[a.as_dict()[c] for c in columns] for a in people]),
                   filename="accounts.csv")


@bp.post("/accounts")
def change_account():
    form = request.form
    action, name = form.get("action", ""), form.get("name", "").strip()
    shown = None
    try:
        if action == "add":
            account, password = accounts().add(name, form.get("role", "viewer"), must_change=True)
            record("account", new={"account": account.name, "role": account.role}, detail={"account": name})
            shown = _("Account %(name)s added. Its one-time password (shown once): %(password)s",
                      name=account.name, password=password)
        elif action == "role":
            before = accounts().get(name)
            account = accounts().set_role(name, form.get("role", ""))
            record("account", old={"role": before.role if before else None}, new={"role": account.role},
                   detail={"account": name})
        elif action in ("disable", "enable"):
            accounts().set_disabled(name, action == "disable")
            record("account", new={"disabled": action == "disable"}, detail={"account": name})
        elif action == "reset-password":
            password = accounts().reset_password(name)
            record("account", new={"password": "reset"}, detail={"account": name})
            shown = _("New one-time password for %(name)s (shown once): %(password)s", name=name, password=password)
        elif action == "totp-reset":
            accounts().reset_totp(name)
            record("account", new={"totp": "reset"}, detail={"account": name})
        elif action == "public-read":
            value = "yes" if form.get("value") == "yes" else "no"
            accounts().set_option("public_read", value)
            record("setting", new={"public_read": value})
        else:
            abort(400, description=_("Unknown action %(action)s.", action=repr(action)))
    except AccountError as err:
        flash(_("Not done: %(error)s.", error=err))
        return redirect(url_for("admin.accounts_page"))
    if shown:
        # a password is shown on the page it was made for, never put in a URL or a log
        return render_template("admin_accounts.html", people=accounts().all(), roles=ROLES,
                               public_read=accounts().public_read, shown=shown)
    flash(_("Done."))
    return redirect(url_for("admin.accounts_page"))


FILTERS = ("actor", "action", "uid", "since", "until")
# What each kind of audit entry (accounts/audit.py ACTIONS) reads as in a translation; the English page shows
# the code itself, which the filter sends and the log keeps.
ACTION_WORDS = {"login": N_("successful login"), "login_failed": N_("failed login"), "logout": N_("logout"),
                "account": N_("account change"), "import": N_("data import"), "match": N_("match decision"),
                "edit": N_("record edit"), "export": N_("data export"), "dossier": N_("dossier download"),
                "disclosure": N_("display of a protected identity"), "refused": N_("refused request"),
                "keys": N_("data keys"), "setting": N_("setting change"), "evidence": N_("evidence file"),
                "tampering": N_("evidence tampering")}


def action_words(action: str) -> str:
    if current_language() == SOURCE or action not in ACTION_WORDS:
        return action
    return _(ACTION_WORDS[action])


@bp.get("/audit.json", endpoint="audit_json")
@bp.get("/audit.csv", endpoint="audit_csv")
@bp.get("/audit")
def audit_page():
    args = {k: request.args.get(k, "").strip() or None for k in FILTERS}
    page = max(1, request.args.get("page", 1, type=int))
    rows = audit.entries(settings(), **args, limit=200, offset=(page - 1) * 200)
    verdict = audit.verify(settings()) if request.args.get("verify") else None
    return respond(lambda: render_template("admin_audit.html", rows=rows, args=args, actions=audit.ACTIONS,
                                           action_words=action_words, page=page, verdict=verdict),
                   data=lambda: rows,
                   table=lambda: (audit.COLUMNS, [[cell_text(r.get(c)) for c in audit.COLUMNS] for r in rows]),
                   filename="audit.csv")
