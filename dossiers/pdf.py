"""The dossier as PDF: the HTML document through WeasyPrint, which may fetch nothing remote."""
from __future__ import annotations

from graph.dossier_model import Dossier

from .html import render_document


class RemoteFetchRefused(ValueError):
    """A dossier asked for a resource that is not a local file."""


def local_only_fetcher(url: str, *args, **kwargs):
    """WeasyPrint's url_fetcher: only file: and data: URLs; nothing leaves the machine."""
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise RemoteFetchRefused(f"refusing to fetch {url!r}: dossiers load nothing from the network")
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(dossier: Dossier) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document(dossier), url_fetcher=local_only_fetcher).write_pdf()
