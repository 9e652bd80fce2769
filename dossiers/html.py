"""The dossier as HTML: one Jinja template (print CSS included) for the file, the PDF and the web page."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph.dossier.model import Dossier
from graph.store.language import current, format_date, format_number, gettext, ngettext
from graph.store.schema import SCHEMA

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # the words in the language spoken when the dossier is made (graph.store.language.using)
    env.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=True)
    env.globals["current_language"] = current
    env.filters.update(date=format_date, number=format_number)
    env.globals["words"] = SCHEMA.words
    env.filters["human"] = lambda v: SCHEMA.words(None, v)
    return env


def render_body(dossier: Dossier) -> Markup:
    """The dossier's sections, for embedding in a page (every DB text escaped by the template)."""
    return Markup(environment().get_template("_body.html").render(d=dossier))


def render_document(dossier: Dossier) -> str:
    """A standalone HTML document with its own print CSS, loading nothing from anywhere."""
    css = (TEMPLATES / "dossier.css").read_text()
    return environment().get_template("document.html").render(d=dossier, body=render_body(dossier), css=Markup(css))
