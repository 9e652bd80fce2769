"""HTML to PDF in Debian's headless Chromium, driven by Playwright (never a downloaded browser): three to six
times faster than WeasyPrint on a long dossier. One browser a process, started on the first PDF and closed
after a minute unused; it loads nothing (the page is offline, every request is aborted, scripts are off)."""
from __future__ import annotations

import importlib.util
import logging
import os
import queue
import shutil
import threading
from concurrent.futures import Future
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
               "--disable-background-networking", "--disable-component-update", "--disable-extensions",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def executable() -> str | None:
    """Chromium's path (EVGRAPH_CHROMIUM, as the browser tests read it, or chromium on the PATH), or None."""
    named = os.environ.get("EVGRAPH_CHROMIUM")
    found = named if named and os.path.exists(named) else shutil.which("chromium") or shutil.which("chromium-browser")
    return found or None


def available() -> bool:
    """Whether Playwright is installed and a Chromium is found: otherwise the PDF comes from WeasyPrint."""
    return importlib.util.find_spec("playwright") is not None and executable() is not None


class _Printer:
    """The process's browser. Playwright's objects belong to the thread that made them, so one thread owns
    the browser and prints the documents handed over by any other thread, one after the other."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[str, Future]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def print_pdf(self, html: str) -> bytes:
        job: Future = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dossier-pdf", daemon=True)
                self._thread.start()
            self._jobs.put((html, job))
        return job.result()

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        failure: BaseException = RuntimeError("the PDF browser stopped")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable(), args=LAUNCH_ARGS)
                context = browser.new_context(offline=True, java_script_enabled=False)
                context.route("**/*", self._refuse)
                self._serve(browser, context)
                browser.close()
        except BaseException as err:          # it did not start, or died: the waiting jobs hear why
            failure = err
        finally:
            self._fail_waiting(failure)

    def _serve(self, browser, context) -> None:
        """Print the jobs until none came for IDLE_SECONDS (then this thread gives the queue up) or the
        browser is gone."""
        while True:
            try:
                html, job = self._jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():
                        self._thread = None
                        return
                continue
            if job.set_running_or_notify_cancel():
                try:
                    job.set_result(_print(context, html))
                except BaseException as err:
                    job.set_exception(err)
                    if not browser.is_connected():
                        return

    @staticmethod
    def _refuse(route) -> None:
        # the scheme and host only: a full address could carry what the document says
        where = urlsplit(route.request.url)
        log.warning("dossier PDF: refused to fetch from %s://%s (dossiers load nothing from the network)",
                    where.scheme, where.hostname or "")
        route.abort("blockedbyclient")

    def _fail_waiting(self, err: BaseException) -> None:
        """The jobs still queued fail (their callers print with WeasyPrint) unless a newer thread owns the queue;
        the next job starts a browser again."""
        with self._lock:
            if self._thread is not threading.current_thread():
                return
            self._thread = None
            while not self._jobs.empty():
                self._jobs.get_nowait()[1].set_exception(err)


def _print(context, html: str) -> bytes:
    page = context.new_page()
    try:
        page.set_content(html, wait_until="load")
        # A4 and margins from the document's @page; cell colours printed; the page footer is a CSS margin box
        return page.pdf(prefer_css_page_size=True, print_background=True, outline=True)
    finally:
        page.close()


_printers: dict[int, _Printer] = {}      # by process id: a forked child starts its own browser


def chromium_pdf(html: str) -> bytes:
    """``html`` (a standalone document that needs nothing from outside) printed to PDF."""
    printer = _printers.get(os.getpid()) or _printers.setdefault(os.getpid(), _Printer())
    return printer.print_pdf(html)
