"""The Flask web app: thin views over graph/; one blueprint a concern."""
from __future__ import annotations

import secrets

from flask import Flask, g, url_for

from graph.access.viewer import Viewer
from graph.store.db import connect
from graph.store.schema import SCHEMA
from graph.store.settings import load_settings

from . import (analytics, charts, console, dossiers, entities, errors, evidence, explore, home, imports, sanctions,
               search, tables)
from .util import csrf_token


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    settings = (test_config or {}).get("SETTINGS") or load_settings()
    app.config.from_mapping(
        SECRET_KEY=settings.secret_key or secrets.token_hex(32),
        SETTINGS=settings,
        ROLE=settings.role,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_SAMESITE="Lax",   # with the form token (util.check_csrf): no cross-site posts
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=256 * 1024 * 1024,   # uploads (web imports) up to 256 MB
    )
    if test_config:
        app.config.update(test_config)
    # One driver for the life of the process (it connects lazily, on first use).
    app.extensions["graph"] = test_config.get("GRAPH") if test_config and test_config.get("GRAPH") \
        else connect(settings)

    @app.before_request
    def who_is_asking() -> None:
        g.viewer = Viewer(role=app.config["ROLE"])

    @app.after_request
    def security_headers(response):
        # Nothing may load from outside: people in the data can be harmed by leaks.
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                    "script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    errors.register(app)
    for blueprint in (home.bp, search.bp, entities.bp, explore.bp, tables.bp, charts.bp, console.bp, analytics.bp,
                      dossiers.bp, sanctions.bp, evidence.bp, imports.bp):
        app.register_blueprint(blueprint)
    _template_helpers(app)
    return app


# Extra top-bar links, shown when their blueprint is registered: (endpoint, label).
NAV = [("explore.index", "Explore"), ("console.index", "Cypher console"), ("analytics.index", "Analytics"),
       ("sanctions.gap", "Sanctions gap"), ("evidence.index", "Evidence check"), ("imports.index", "Import")]


def _template_helpers(app: Flask) -> None:
    def has(endpoint: str) -> bool:
        return endpoint in app.view_functions

    def entity_url(uid: str) -> str | None:
        return url_for("entities.show", uid=uid) if has("entities.show") else None

    app.jinja_env.globals.update(entity_url=entity_url, has=has, csrf_token=csrf_token, words=SCHEMA.words, relation_words=SCHEMA.relation_words, nav_items=lambda: [(e, l) for e, l in NAV if has(e)])
