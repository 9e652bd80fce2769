"""The Flask web app: thin views over graph/; one blueprint a concern."""
from __future__ import annotations

import os

from flask import Flask, g, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from accounts.users import Accounts
from graph.store.db import connect, spent
from graph.store.language import lazy_gettext as _
from graph.store.private import secret_key
from graph.store.schema import SCHEMA
from graph.store.settings import load_settings

from . import (admin, analytics, auth, charts, console, curation, dossiers, entities, errors, evidence, explore, exports,
               home, i18n, imports, review, sanctions, search, tables)
from .util import role_words, xlsx_url

csrf = CSRFProtect()


class _Sessions(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly, or through a proxy
    that says so, EVGRAPH_BEHIND_PROXY)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    settings = (test_config or {}).get("SETTINGS") or load_settings()
    app.config.from_mapping(
        SECRET_KEY=secret_key(settings),
        SETTINGS=settings,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_SAMESITE="Lax",   # with CSRFProtect's form token: no cross-site posts
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_NAME="evgraph_session",
        WTF_CSRF_TIME_LIMIT=None,        # the token lives as long as the session
        MAX_CONTENT_LENGTH=256 * 1024 * 1024,   # uploads (web imports) up to 256 MB
    )
    if test_config:
        app.config.update(test_config)
    # One driver for the life of the process (it connects lazily, on first use).
    app.extensions["graph"] = test_config.get("GRAPH") if test_config and test_config.get("GRAPH") \
        else connect(settings)

    app.extensions["accounts"] = Accounts(settings)
    app.session_interface = _Sessions()
    if settings.proxied:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    csrf.init_app(app)
    i18n.init(app)
    auth.init(app)

    if os.environ.get("EVGRAPH_SERVER_TIMING", "").lower() in ("yes", "1", "true"):
        # bench/scale_bench.py: how much of each answer was Neo4j's (time in transactions), in a standard header
        @app.before_request
        def start_timing():
            spent(reset=True)

        @app.after_request
        def server_timing(response):
            response.headers["Server-Timing"] = f"neo4j;dur={spent() * 1000:.1f}"
            return response

    @app.after_request
    def security_headers(response):
        # Nothing may load from outside: people in the data can be harmed by leaks.
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                    "script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.endpoint != "static":
            # pages hold names of people at risk: no browser or proxy cache keeps a copy
            response.headers["Cache-Control"] = "no-store"
        response.headers["Server"] = "Evidence Graph"   # no versions for anyone to look up
        return response

    errors.register(app)
    for blueprint in (auth.bp, admin.bp, home.bp, search.bp, entities.bp, explore.bp, tables.bp, charts.bp, console.bp, analytics.bp,
                      dossiers.bp, sanctions.bp, evidence.bp, imports.bp, curation.bp, review.bp, exports.bp):
        app.register_blueprint(blueprint)
    _template_helpers(app)
    return app


# Extra top-bar links, shown when their blueprint is registered: (endpoint, label).
NAV = [("explore.index", _("Explore")), ("console.index", _("Cypher console")), ("analytics.index", _("Analytics")),
       ("sanctions.gap", _("Sanctions gap")), ("evidence.index", _("Evidence check")), ("imports.index", _("Import"))]
EDITOR_NAV = [("curation.new_index", _("New record")), ("review.index", _("Review")), ("exports.index", _("Exports"))]
ADMIN_NAV = [("admin.accounts_page", _("Accounts")), ("admin.audit_page", _("Audit log"))]


def _template_helpers(app: Flask) -> None:
    def has(endpoint: str) -> bool:
        return endpoint in app.view_functions

    def entity_url(uid: str) -> str | None:
        return url_for("entities.show", uid=uid) if has("entities.show") else None

    def nav_items():
        viewer = g.get("viewer")
        extra = EDITOR_NAV if viewer is not None and viewer.may_edit else []
        extra = extra + (ADMIN_NAV if viewer is not None and viewer.role == "admin" else [])
        return [(e, label) for e, label in NAV + extra if has(e)] if viewer is not None else []

    app.jinja_env.tests["startingwith"] = lambda value, prefix: str(value).startswith(prefix)
    app.jinja_env.globals.update(entity_url=entity_url, has=has, words=SCHEMA.words,
                                 relation_words=SCHEMA.relation_words, nav_items=nav_items, xlsx_url=xlsx_url,
                                 role_words=role_words)
