"""The dossier as PDF: the HTML document printed by headless Chromium (dossiers/chromium.py) when it is installed,
else by WeasyPrint; neither may fetch anything remote."""
from __future__ import annotations

import logging

from graph.dossier.model import Dossier

from .html import render_document

log = logging.getLogger(__name__)

ENGINES = ("chromium", "weasyprint")     # the first available is the default: Chromium is 3-6x faster
LOCAL_PROTOCOLS = ("file", "data")


class RemoteFetchRefused(ValueError):
    """A dossier asked for a resource that is not a local file."""


def local_only_fetcher():
    """A WeasyPrint url_fetcher that allows file: and data: URLs only; nothing leaves the machine."""
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint 68+
    except ImportError:                           # older: wrap the default function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args, **kwargs):
            if url.split(":", 1)[0].lower() not in LOCAL_PROTOCOLS:
                raise RemoteFetchRefused(f"refusing to fetch {url!r}: dossiers load nothing from the network")
            return default_url_fetcher(url, *args, **kwargs)
        return fetch

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, *args, **kwargs):
            if url.split(":", 1)[0].lower() not in LOCAL_PROTOCOLS:
                raise RemoteFetchRefused(f"refusing to fetch {url!r}: dossiers load nothing from the network")
            return super().fetch(url, *args, **kwargs)
    return LocalOnly(allowed_protocols=list(LOCAL_PROTOCOLS))


def weasyprint_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf()


def default_engine() -> str:
    from .chromium import available

    return "chromium" if available() else "weasyprint"


def html_to_pdf(html: str, engine: str | None = None) -> bytes:
    """``html`` as PDF by ``engine`` (default: the fastest installed); a Chromium that cannot start leaves the
    work to WeasyPrint."""
    engine = engine or default_engine()
    if engine == "weasyprint":
        return weasyprint_pdf(html)
    if engine != "chromium":
        raise ValueError(f"unknown PDF engine {engine!r}; one of {', '.join(ENGINES)}")
    from .chromium import chromium_pdf

    try:
        return chromium_pdf(html)
    except Exception as err:
        if type(err).__module__.split(".")[0] != "playwright":
            raise
        log.warning("dossier PDF: Chromium failed (%s); printing with WeasyPrint", err)
        return weasyprint_pdf(html)


def render_pdf(dossier: Dossier, engine: str | None = None) -> bytes:
    return html_to_pdf(render_document(dossier), engine)
