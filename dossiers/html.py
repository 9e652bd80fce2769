"""The dossier as HTML: one Jinja template (print CSS included) for the file, the PDF and the web page."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph.dossier.model import Dossier
from graph.store.language import current, format_number, gettext, translations
from graph.store.schema import SCHEMA

from .words import human, name_label, period, responsibility, shown_date

TEMPLATES = Path(__file__).with_name("templates")


def _ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n``, not yet filled in: Jinja's newstyle ngettext fills in every %(...)s itself
    (``num`` and the others), escaping the values."""
    return translations(current()).ungettext(singular, plural, n)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # the words in the language spoken when the dossier is made (graph.store.language.using)
    env.install_gettext_callables(gettext=gettext, ngettext=_ngettext, newstyle=True)
    env.globals["current_language"] = current
    # |date takes the dossier's ISO strings (as precise as they are known) as well as dates
    env.filters.update(date=shown_date, number=format_number)
    env.globals.update(words=SCHEMA.words, name_label=name_label, period=period, responsibility=responsibility)
    env.filters["human"] = lambda v, vocabulary=None: human(vocabulary, v)
    return env


def render_body(dossier: Dossier) -> Markup:
    """The dossier's sections, for embedding in a page (every DB text escaped by the template)."""
    return Markup(environment().get_template("_body.html").render(d=dossier))


def render_document(dossier: Dossier) -> str:
    """A standalone HTML document with its own print CSS, loading nothing from anywhere."""
    css = (TEMPLATES / "dossier.css").read_text() + page_numbers_css()
    return environment().get_template("document.html").render(d=dossier, body=render_body(dossier), css=Markup(css))


def page_numbers_css() -> str:
    """The printed page's footer ("Page 2 of 9") in the language spoken: a CSS rule after dossier.css's."""
    footer = gettext("Page %(page)s of %(pages)s", page='" counter(page) "', pages='" counter(pages) "')
    return '\n@page { @bottom-center { content: "' + footer.replace("\n", " ") + '"; } }\n'
