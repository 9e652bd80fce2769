"""The interface in Ukrainian or English (Flask-Babel): which language a request is answered in, the
switch in the top bar, and the template helpers that write values, dates and numbers in it.

The language of a request: ``?lang=`` on its address, else the one chosen with the switch (kept in the
session and, for an account, in the accounts database so it follows the person to another browser), else
the browser's Accept-Language, else the default. The words themselves come from graph/store/language.py (one catalogue for the app, the
CLI and the dossiers).
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from flask_login import current_user

from graph.store import language
from graph.store.language import LANGUAGES, format_date, format_number, gettext, known, ngettext
from graph.resolution.scoring import reason_words
from graph.store.schema import SCHEMA

from .auth import safe_next

bp = Blueprint("i18n", __name__)
babel = Babel()
OPTION = "language:"      # accounts' option key of an account's language: "language:<name>"


def account_language() -> str | None:
    """The account's choice, read from the accounts database once per session (not on every request)."""
    if not current_user.is_authenticated:
        return None
    if session.get("lang_account_of") != current_user.name:
        session["lang_account"] = known(current_app.extensions["accounts"].option(OPTION + current_user.name)) or ""
        session["lang_account_of"] = current_user.name
    return session["lang_account"] or None


# On a dossier's address ?lang= is the dossier's language, chosen apart from the interface's.
DOSSIER_ENDPOINTS = frozenset({"dossiers.show", "dossiers.download"})


def choose() -> str:
    """The language of this request (Flask-Babel's locale selector): ``?lang=`` for this one page (an
    address to share), else the switch's choice, the account's, the browser's."""
    asked = None if request.endpoint in DOSSIER_ENDPOINTS else known(request.args.get("lang"))
    return (asked or known(session.get("lang")) or account_language()
            or request.accept_languages.best_match(list(LANGUAGES)) or language.DEFAULT)


def _request_language() -> str | None:
    if not has_request_context():
        return None
    if "language" not in g:
        g.language = str(get_locale() or language.DEFAULT)
    return g.language


@bp.post("/language")
def switch():
    """The top bar's switch: the chosen language for this browser and, logged in, for the account."""
    chosen = known(request.form.get("lang"))
    if chosen:
        session["lang"] = chosen
        if current_user.is_authenticated:
            current_app.extensions["accounts"].set_option(OPTION + current_user.name, chosen)
            session["lang_account"], session["lang_account_of"] = chosen, current_user.name
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


def init(app) -> None:
    babel.init_app(app, locale_selector=choose, default_locale=language.DEFAULT)
    language.request_language = _request_language
    # Templates translate with the project's catalogue, in the language spoken now: a dossier produced
    # in Ukrainian from an English page is Ukrainian throughout (graph.store.language.using).
    app.jinja_env.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=True)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=language.current)
    app.jinja_env.filters.update(date=format_date, number=format_number,
                                 human=lambda v, vocabulary=None: SCHEMA.words(vocabulary, v),
                                 reason=reason_words)
    app.register_blueprint(bp)
