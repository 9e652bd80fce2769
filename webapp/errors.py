"""Error pages: a person sees what happened and what to do; never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, render_template, request
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

from graph.store.language import N_, gettext as _

from .util import json_response, wants

log = logging.getLogger(__name__)

# Werkzeug's titles and default descriptions, in the words the catalogue translates (the English is
# Werkzeug's own). A description given to abort() is translated where abort() is called.
TITLES = {400: N_("Bad Request"), 401: N_("Unauthorized"), 403: N_("Forbidden"), 404: N_("Not Found"),
          405: N_("Method Not Allowed"), 413: N_("Request Entity Too Large"), 429: N_("Too Many Requests"),
          500: N_("Internal Server Error"), 503: N_("Service Unavailable")}
DESCRIPTIONS = {
    400: N_("The browser (or proxy) sent a request that this server could not understand."),
    401: N_("The server could not verify that you are authorized to access the URL requested. You either supplied "
            "the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the "
            "credentials required."),
    403: N_("You don't have the permission to access the requested resource. It is either read-protected or not "
            "readable by the server."),
    404: N_("The requested URL was not found on the server. If you entered the URL manually please check your "
            "spelling and try again."),
    405: N_("The method is not allowed for the requested URL."),
    413: N_("The data value transmitted exceeds the capacity limit."),
    429: N_("This user has exceeded an allotted request count. Try again later."),
    500: N_("The server encountered an internal error and was unable to complete your request. Either the server "
            "is overloaded or there is an error in the application."),
    503: N_("The server is temporarily unable to service your request due to maintenance downtime or capacity "
            "problems. Please try again later."),
}


def _title(err: HTTPException) -> str:
    return _(TITLES[err.code]) if err.code in TITLES and err.name == TITLES[err.code] else err.name


def _description(err: HTTPException) -> str:
    text = err.description or ""
    default = default_exceptions.get(err.code)
    if err.code in DESCRIPTIONS and default is not None and text == default.description == DESCRIPTIONS[err.code]:
        return _(DESCRIPTIONS[err.code])
    return text


def _render(status: int, title: str, message: str):
    if wants("json") or request.path.startswith("/api/"):
        return json_response({"error": title, "message": message}, status)
    return render_template("error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_refused(err: CSRFError):
        from .auth import record

        record("refused", reason=f"{request.method} {request.path} without a valid form token ({err.description})")
        return _render(400, _("This form has expired or did not come from this app"),
                       _("Please reload the page and try again. (Every form carries a token, so that another site open in "
                         "the same browser cannot post to this one.)"))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        return _render(err.code or 500, _title(err), _description(err))

    @app.errorhandler(ServiceUnavailable)
    @app.errorhandler(SessionExpired)
    @app.errorhandler(AuthError)
    def database_down(err):
        log.warning("database unavailable: %s", err)
        return _render(503, _("The database is not reachable"),
                       _("Neo4j did not answer. Start it with `make run` or `evgraph neo4j start`, "
                         "or check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD."))

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        log.exception("unhandled error on %s", request.path)
        return _render(500, _("Something went wrong"),
                       _("The error has been logged on the server. Try again, or go back to the home page."))
