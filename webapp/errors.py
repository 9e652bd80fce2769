"""Error pages: a person sees what happened and what to do; never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, render_template, request
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .util import json_response, wants

log = logging.getLogger(__name__)


def _render(status: int, title: str, message: str):
    if wants("json") or request.path.startswith("/api/"):
        return json_response({"error": title, "message": message}, status)
    return render_template("error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_refused(err: CSRFError):
        from .auth import record

        record("refused", reason=f"{request.method} {request.path} without a valid form token ({err.description})")
        return _render(400, "This form has expired or did not come from this app",
                       "Please reload the page and try again. (Every form carries a token, so that another site open in "
                       "the same browser cannot post to this one.)")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        return _render(err.code or 500, err.name, err.description or "")

    @app.errorhandler(ServiceUnavailable)
    @app.errorhandler(SessionExpired)
    @app.errorhandler(AuthError)
    def database_down(err):
        log.warning("database unavailable: %s", err)
        return _render(503, "The database is not reachable",
                       "Neo4j did not answer. Start it with `make run` or `evgraph neo4j start`, "
                       "or check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD.")

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        log.exception("unhandled error on %s", request.path)
        return _render(500, "Something went wrong",
                       "The error has been logged on the server. Try again, or go back to the home page.")
