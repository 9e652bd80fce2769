"""The dossier as PDF: the HTML document through WeasyPrint, which may fetch nothing remote."""
from __future__ import annotations

from graph.dossier.model import Dossier

from .html import render_document

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


def render_pdf(dossier: Dossier) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document(dossier), url_fetcher=local_only_fetcher()).write_pdf()
