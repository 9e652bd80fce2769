"""Logging in: a password, then (editors and admins) a TOTP code; every page needs a login unless an admin
turned the public read-only mode on. Sessions end after EVGRAPH_SESSION_HOURS without activity, and at
once when an admin changes, disables or resets the account (its session epoch)."""
from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from accounts import audit
from accounts.users import AccountError, Accounts, new_totp_secret, totp_uri
from graph.access.viewer import Journal, viewer_for
from graph.store.language import N_, gettext as _

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Log in to continue.")
login_manager.localize_callback = _      # Flask-Login's flash, in the language of the request
login_manager.session_protection = "basic"

# Pages anyone may open: the login steps themselves and the static files they use.
OPEN_ENDPOINTS = frozenset({"auth.login", "auth.totp", "auth.enrol", "static", "i18n.switch"})


def session_id(account) -> str:
    """What a session keeps of its account: the id and the session epoch. When the epoch is bumped (role
    changed, disabled, reset, logged out) every session of the account stops loading."""
    return f"{account.id}:{account.session_epoch}"


def put_in_session(session_, account) -> None:
    """Make ``session_`` a logged-in session of ``account``, as Flask-Login keeps one (tests and benchmarks
    start from here instead of the login form)."""
    session_["_user_id"] = session_id(account)
    session_["_fresh"] = True


class User(UserMixin):
    def __init__(self, account):
        self.account = account

    def get_id(self) -> str:
        return session_id(self.account)

    @property
    def name(self) -> str:
        return self.account.name

    @property
    def role(self) -> str:
        return self.account.role


def accounts() -> Accounts:
    return current_app.extensions["accounts"]


def settings():
    return current_app.config["SETTINGS"]


def address() -> str:
    return request.remote_addr or "unknown"


def record(action: str, **fields) -> None:
    """An audit entry from a web request: the actor is the logged-in account (or what was typed)."""
    actor = fields.pop("actor", None) or (current_user.name if current_user.is_authenticated else "anonymous")
    audit.record(settings(), actor, action, address=address(), **fields)


@login_manager.user_loader
def load_user(user_id: str):
    try:
        account_id, epoch = (int(x) for x in user_id.split(":"))
    except ValueError:
        return None
    account = accounts().by_id(account_id)
    if account is None or account.disabled or account.session_epoch != epoch:
        return None
    return User(account)


def _totp_required(account) -> bool:
    return account.needs_totp and settings().totp_required


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send anyone elsewhere afterwards."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


def _slow_down(failures: int) -> None:
    """Each failure in a row makes the next answer slower (0.25 s doubling, at most 4 s)."""
    factor = current_app.config.get("LOGIN_DELAY", 1.0)
    time.sleep(min(4.0, 0.25 * 2 ** max(0, failures - 1)) * factor)


def _finish(account) -> object:
    session.pop("pending", None)
    session.permanent = True
    login_user(User(account))
    accounts().succeeded(account.name, address())
    record("login", actor=account.name, detail={"role": account.role})
    if account.must_change_password:
        return redirect(url_for("auth.password"))
    return redirect(safe_next(session.pop("next", None)))


def _refuse(name: str, why: str, message: str, status: int = 401):
    accounts().failed(name, address())
    record("login_failed", actor=name or "anonymous", reason=why)
    _slow_down(accounts().failures_of(name, address()))
    return render_template("login.html", error=message, name=name), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if request.args.get("next"):
            session["next"] = request.args["next"]
        return render_template("login.html", name="", expired=request.args.get("expired"))
    name, password = request.form.get("name", "").strip(), request.form.get("password", "")
    wait = accounts().locked_for(name, address())
    if wait:
        record("login_failed", actor=name or "anonymous", reason="locked out")
        return render_template("login.html", name=name, error=_(
            "Too many failed logins: try again in %(minutes)s minutes, or ask an admin to reset the password.",
            minutes=int(wait // 60) + 1)), 429
    account = accounts().check_password(name, password)
    if account is None:
        return _refuse(name, "wrong name or password", _("Wrong account name or password."))
    if account.disabled:
        return _refuse(name, "account disabled", _("This account is disabled: ask an admin."), 403)
    if _totp_required(account):
        session["pending"] = {"id": account.id, "epoch": account.session_epoch, "at": time.time()}
        return redirect(url_for("auth.totp" if account.has_totp else "auth.enrol"))
    return _finish(account)


def _pending():
    """The account that passed the password step in the last five minutes, else None."""
    pending = session.get("pending")
    if not pending or time.time() - pending.get("at", 0) > 300:
        return None
    account = accounts().by_id(pending["id"])
    if account is None or account.disabled or account.session_epoch != pending["epoch"]:
        return None
    return account


@bp.route("/login/code", methods=["GET", "POST"])
def totp():
    account = _pending()
    if account is None:
        return redirect(url_for("auth.login", expired=1))
    if not account.has_totp:
        return redirect(url_for("auth.enrol"))
    if request.method == "POST":
        if accounts().check_totp(account.name, request.form.get("code", "")):
            return _finish(account)
        accounts().failed(account.name, address())
        record("login_failed", actor=account.name, reason="wrong or reused TOTP code")
        _slow_down(accounts().failures_of(account.name, address()))
        return render_template("login_code.html", error=_("That code is wrong or was used already: wait for the "
                                                          "next one and type it.")), 401
    return render_template("login_code.html")


@bp.route("/login/enrol", methods=["GET", "POST"])
def enrol():
    """A first login of an editor or admin: the second factor is set up before anything else."""
    account = _pending()
    if account is None:
        return redirect(url_for("auth.login", expired=1))
    if account.has_totp:
        return redirect(url_for("auth.totp"))
    secret = session.get("enrol_secret") or new_totp_secret()
    session["enrol_secret"] = secret
    error = None
    if request.method == "POST":
        if accounts().enrol_totp(account.name, secret, request.form.get("code", "")):
            session.pop("enrol_secret", None)
            record("account", actor=account.name, uids=(), new={"totp": "enrolled"}, detail={"account": account.name})
            return _finish(accounts().get(account.name))
        error = _("That code does not match: check the phone's clock and type the code the app shows now.")
    return render_template("login_enrol.html", secret=secret, uri=totp_uri(secret, account.name),
                           error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        record("logout")
        # sessions are signed cookies: without this a copy of the cookie would work on until it expires
        accounts().end_sessions(current_user.name)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    if not current_user.is_authenticated:
        abort(401)
    error = None
    if request.method == "POST":
        old, new, again = (request.form.get(k, "") for k in ("old", "new", "again"))
        if accounts().check_password(current_user.name, old) is None:
            error = _("The present password is wrong.")
        elif new != again:
            error = _("The two new passwords differ.")
        else:
            try:
                accounts().change_password(current_user.name, new)
            except AccountError as err:
                error = _("Not changed: %(reason)s.", reason=err)
            else:
                record("account", new={"password": "changed"}, detail={"account": current_user.name})
                flash(_("Password changed."))
                return redirect(url_for("home.index"))
    return render_template("password.html", error=error), 400 if error else 200


def init(app) -> None:
    """Sessions, the login gate before every request, and the viewer each request reads as."""
    login_manager.init_app(app)
    app.permanent_session_lifetime = timedelta(hours=app.config["SETTINGS"].session_hours)

    @app.before_request
    def gate():
        g.journal = Journal()
        endpoint = request.endpoint or ""
        graph = current_app.extensions["graph"]
        if current_user.is_authenticated:
            account = current_user.account
            if account.must_change_password and endpoint not in OPEN_ENDPOINTS | {"auth.password", "auth.logout"}:
                return redirect(url_for("auth.password"))
            g.viewer = viewer_for(graph, account.role, account.name, g.journal)
            return None
        if endpoint in OPEN_ENDPOINTS:
            g.viewer = None
            return None
        if request.method in ("GET", "HEAD") and accounts().public_read:
            g.viewer = viewer_for(graph, "viewer", "public (not logged in)")
            return None
        if session.get("pending"):
            # the password was right, the second factor has not been given
            record("refused", actor="anonymous", reason=f"second factor missing: {request.method} {request.path}")
            return redirect(url_for("auth.totp"))
        ended = "_user_id" in session or (request.cookies.get(app.config["SESSION_COOKIE_NAME"]) and not session)
        if ended:
            record("refused", actor="anonymous", reason=f"session expired or ended: {request.method} {request.path}")
            session.pop("_user_id", None)
        if request.path.endswith((".json", ".csv")) or request.accept_mimetypes.best == "application/json":
            abort(401, description=_("Log in first: this app shows nothing to visitors who are not logged in."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), **({"expired": 1} if ended else {})))

    @app.after_request
    def disclosures(response):
        journal = g.get("journal")
        if journal is not None and journal.seen and current_user.is_authenticated:
            # who saw whom, when: every protected identity opened for this request
            record("disclosure", uids=journal.seen, detail={"path": request.path, "status": response.status_code})
        return response
