"""When the data last changed, and what is kept until it changes again.

Every write transaction of the app (``Graph.write``) sets the one ``DataStamp`` node in the same commit (a
bulk delete, ``Graph.run_batched``, is followed by one: an undone import records its batch as failed; emptying
the database deletes the stamp too, which reads as a change), so a reader that sees a change also sees the new stamp. ``Kept`` holds answers that are
expensive to read again (the pages of a judge's 10,000 cases) under the stamp they were read at: one cheap
read of the stamp says whether they are still the data's. The stamp is in the graph, not in a process, so a
change made by the CLI or another web worker is seen by every worker. In a server, ``REFRESHER`` reads again
the whole-graph answers in use once the data is quiet after a change, so that their next reader does not wait.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import pickle
import tempfile
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from graph.store.private import FILE, private_folder

LOG = logging.getLogger(__name__)

STAMP = ("MERGE (s:DataStamp {uid: 'data'}) ON CREATE SET s.name = 'data', s.writes = 0 "
         "SET s.at = datetime(), s.writes = s.writes + 1")
NO_STAMP = (None, None)
READ = "OPTIONAL MATCH (s:DataStamp {uid: 'data'}) RETURN [toString(s.at), s.writes] AS stamp"


def read_stamp(tx) -> tuple:
    """The stamp of the data as this transaction sees it ((None, None) before any write)."""
    return tuple(tx.run(READ).single()["stamp"] or NO_STAMP)


@dataclass(slots=True)
class _Entry:
    stamp: tuple                                  # the data's stamp when ``value`` was read
    value: Any
    reread: Callable[[], Any] | None              # reads ``value`` again on its own (REFRESHER), if it can
    used: float                                   # when a reader last got it (time.monotonic)


class Kept:
    """A bounded store of answers, each valid for the stamp it was read at (least recently used go first).
    Nothing is kept without a stamp: data that no app write has stamped may have been written by anything.
    An answer kept with ``reread`` (a read that needs nothing but the graph) is read again by ``REFRESHER``
    after the data changes, when it was used lately: the first reader after a change finds it ready.

    A Kept made ``shared`` (a name) also keeps its answers as files in the private folder (``kept/NAME/``, 0700,
    beside the key ring), so that the workers of one machine read each answer once between them: an answer
    another worker read at the same stamp is taken from its file instead of from Neo4j. Only answers that may be
    kept in memory go there (the console's, whose reserved parameters and masking are in the key), and only this
    app's own processes can read or write them."""

    def __init__(self, size: int = 256, shared: str | None = None):
        self.size = size
        self.shared = shared
        self._folder: Path | None = None
        self._items: OrderedDict[Any, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def attach(self, graph) -> None:
        """Where a ``shared`` Kept keeps its files: ``graph``'s private folder (none: memory only)."""
        folder = getattr(getattr(graph, "settings", None), "private_dir", None)
        if self.shared and folder and self._folder is None:
            self._folder = Path(folder) / "kept" / self.shared

    def get(self, key, stamp) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found.stamp == stamp:
                found.used = time.monotonic()
                self._items.move_to_end(key)
                return found.value
            if found is not None and found.reread is None:   # nothing can read it again: forget it now
                del self._items[key]
        value = self._from_file(key, stamp)
        if value is not None:
            with self._lock:
                entry = self._items.get(key)
                self._items[key] = _Entry(stamp, value, entry.reread if entry else None, time.monotonic())
                self._items.move_to_end(key)
        return value

    def fresh_elsewhere(self, key, stamp) -> bool:
        """Whether another process kept ``key`` at ``stamp`` (taken in here if so): nothing to read again."""
        value = self._from_file(key, stamp)
        if value is None:
            return False
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                entry.stamp, entry.value = stamp, value
        return True

    # -- the files of a shared Kept -------------------------------------------------------------------------
    def _path(self, key) -> Path | None:
        if self._folder is None:
            return None
        return self._folder / (hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:40] + ".kept")

    def _from_file(self, key, stamp) -> Any | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                kept_key, kept_stamp, value = pickle.load(handle)   # written by this app only (0600, 0700 folder)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return None
        return value if kept_key == key and tuple(kept_stamp) == tuple(stamp) else None

    def _to_file(self, key, stamp, value) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            private_folder(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".new-")
            try:
                os.fchmod(fd, FILE)
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump((key, tuple(stamp), value), handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            files = sorted(path.parent.glob("*.kept"), key=lambda f: f.stat().st_mtime)
            for old in files[:max(0, len(files) - 2 * self.size)]:    # bounded like the memory
                old.unlink(missing_ok=True)
        except OSError as err:        # a full disk costs the sharing, never the answer
            LOG.info("a kept answer was not shared: %s", type(err).__name__)

    def put(self, key, stamp, value, reread: Callable[[], Any] | None = None, used: bool = True) -> None:
        """Keep ``value`` as read at ``stamp``; ``used`` False (a refresh): it keeps its place and last use."""
        if tuple(stamp) == NO_STAMP:
            return
        with self._lock:
            before = self._items.get(key)
            last = time.monotonic() if used or before is None else before.used
            self._items[key] = _Entry(stamp, value, reread, last)
            if used:
                self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        self._to_file(key, stamp, value)

    def stale(self, stamp, used_since: float) -> list[tuple[Any, Callable[[], Any]]]:
        """The answers kept at another stamp that can be read again and were used since ``used_since``
        (monotonic), most recently used first; the others of another stamp are forgotten."""
        with self._lock:
            out = []
            for key, entry in reversed(list(self._items.items())):
                if entry.stamp == stamp:
                    continue
                if entry.reread is not None and entry.used >= used_since:
                    out.append((key, entry.reread))
                else:
                    del self._items[key]
            return out

    def drop(self, key) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        """Forget every answer, the shared files too."""
        with self._lock:
            self._items.clear()
            if self._folder is not None and self._folder.is_dir():
                for path in self._folder.glob("*.kept"):
                    path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self._items)


def kept_or(kept: Kept, key, stamp, read: Callable[[], Any], keep: Callable[[Any], bool] = lambda v: True,
            reread: Callable[[], Any] | None = None, graph=None):
    """The kept answer for ``key`` at ``stamp``, else ``read()`` (kept when ``keep`` says it is worth it). With
    ``reread`` and ``graph``, the answer is refreshed after a change while it is in use (``REFRESHER``)."""
    if graph is not None:
        kept.attach(graph)
    found = kept.get(key, stamp)
    if found is not None:
        return found
    value = read()
    if keep(value):
        kept.put(key, stamp, value, reread)
        if reread is not None and graph is not None:
            REFRESHER.watch(graph, kept)
    return value


# The refresher's rhythm in a server: the stamp read every INTERVAL seconds; a round once the data has been unchanged
# for QUIET seconds; what was used in the last USED_WITHIN seconds read again.
INTERVAL, QUIET, USED_WITHIN = 5.0, 20.0, 3600.0


class Refresher:
    """One per process, off unless ``enable``d (``evgraph serve`` does): a thread that reads the stamp every
    ``interval`` seconds and, once the data has changed and then stayed unchanged for ``quiet`` seconds (an import
    writes for minutes), reads again every kept answer that has a ``reread`` and was used in the last
    ``used_within`` seconds. The rounds of all the processes of the machine run one at a time (a lock file in the
    private folder): the workers of ``evgraph serve --workers N`` never refresh at once. A reread that fails is
    dropped (its next reader reads it). Who may see what is unchanged: an answer is read again exactly as it was
    asked (same query, parameters and role), and kept where it was."""

    def __init__(self):
        self.enabled = False
        self.interval, self.quiet, self.used_within = INTERVAL, QUIET, USED_WITHIN
        self._graph = None
        self._kepts: list[Kept] = []
        self._warmers: list[Callable[[Any, tuple], None]] = []
        self._warmed = None                   # the stamp the warmers last ran at
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.rounds = 0                       # finished rounds (tests and logs)
        self.refreshed = 0                    # answers read again

    def enable(self, interval: float = INTERVAL, quiet: float = QUIET, used_within: float = USED_WITHIN) -> None:
        self.enabled, self.interval, self.quiet, self.used_within = True, interval, quiet, used_within

    def watch(self, graph, kept: Kept | None = None) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._graph = graph
            if kept is not None and kept not in self._kepts:
                self._kepts.append(kept)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="kept-refresher", daemon=True)
                self._thread.start()

    def warm(self, graph, warmer: Callable[[Any, tuple], None]) -> None:
        """Run ``warmer(graph, stamp)`` (which should stop once the stamp is no longer ``stamp``) in the first round (once the data is quiet after the start) and again in the round
        after each change: answers that are wanted before anyone asks (the shipped saved queries) are read then,
        one process of the machine at a time, each finding what the one before kept (``Kept(shared=...)``)."""
        if not self.enabled:
            return
        with self._lock:
            if warmer not in self._warmers:
                self._warmers.append(warmer)
        self.watch(graph)

    def _run(self) -> None:
        seen, changed_at, failing = None, 0.0, False
        while True:
            time.sleep(self.interval)
            if not self.enabled:
                return
            try:
                stamp = self._graph.read(read_stamp)
                if stamp != seen:
                    seen, changed_at = stamp, time.monotonic()
                elif time.monotonic() - changed_at >= self.quiet:
                    self._round(stamp)
                failing = False
            except Exception as err:          # noqa: BLE001 - a background thread must outlive any failure
                if not failing:               # once per outage, not every few seconds
                    LOG.warning("refreshing kept answers: %s (retrying quietly)", type(err).__name__)
                failing = True

    def _round(self, stamp) -> None:
        since = time.monotonic() - self.used_within
        work = [(kept, key, reread) for kept in list(self._kepts) for key, reread in kept.stale(stamp, since)]
        warmers = list(self._warmers) if self._warmed != stamp else []
        if not work and not warmers:
            return
        with _machine_lock(self._graph):
            for kept, key, reread in work:
                if self._graph.read(read_stamp) != stamp:
                    return                    # changed again: wait for quiet
                if kept.fresh_elsewhere(key, stamp):
                    continue                  # another worker of this machine read it already
                try:
                    kept.put(key, stamp, reread(), reread, used=False)
                    self.refreshed += 1
                except Exception as err:      # noqa: BLE001 - e.g. the console's timeout: its next reader reads it
                    kept.drop(key)
                    LOG.info("a kept answer was not read again: %s", type(err).__name__)
            for warmer in warmers:
                if self._graph.read(read_stamp) != stamp:
                    return
                try:
                    warmer(self._graph, stamp)
                except Exception as err:      # noqa: BLE001 - a warmer that fails leaves its answers to their readers
                    LOG.info("warming kept answers failed: %s", type(err).__name__)
            self._warmed = stamp
        self.rounds += 1


@contextmanager
def _machine_lock(graph):
    """One refresh round at a time on this machine (flock in the private folder); without one, no lock."""
    folder = getattr(getattr(graph, "settings", None), "private_dir", None)
    if not folder:
        yield
        return
    fd = os.open(private_folder(Path(folder)) / "refresh.lock", os.O_RDWR | os.O_CREAT, FILE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


REFRESHER = Refresher()


def kept_query(graph, kept: Kept, key, read: Callable[[], Any]):
    """``read()`` (a whole-graph read: the home page's figures, the sanctions gap) as of the data's stamp: read
    again only after a write (in a server, by ``REFRESHER`` once the data is quiet, while it is in use)."""
    return kept_or(kept, key, graph.read(read_stamp), read, reread=read, graph=graph)
