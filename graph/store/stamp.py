"""When the data last changed, and what is kept until it changes again.

Every write transaction of the app (``Graph.write``) sets the one ``DataStamp`` node in the same commit (a
bulk delete, ``Graph.run_batched``, is followed by one: an undone import records its batch as failed; emptying
the database deletes the stamp too, which reads as a change), so a reader that sees a change also sees the new stamp. ``Kept`` holds answers that are
expensive to read again (the pages of a judge's 10,000 cases) under the stamp they were read at: one cheap
read of the stamp says whether they are still the data's. The stamp is in the graph, not in a process, so a
change made by the CLI or another web worker is seen by every worker.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

STAMP = ("MERGE (s:DataStamp {uid: 'data'}) ON CREATE SET s.name = 'data', s.writes = 0 "
         "SET s.at = datetime(), s.writes = s.writes + 1")
NO_STAMP = (None, None)
READ = "OPTIONAL MATCH (s:DataStamp {uid: 'data'}) RETURN [toString(s.at), s.writes] AS stamp"


def read_stamp(tx) -> tuple:
    """The stamp of the data as this transaction sees it ((None, None) before any write)."""
    return tuple(tx.run(READ).single()["stamp"] or NO_STAMP)


class Kept:
    """A bounded store of answers, each valid for the stamp it was read at (least recently used go first).
    Nothing is kept without a stamp: data that no app write has stamped may have been written by anything."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, stamp) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if found[0] != stamp:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key, stamp, value) -> None:
        if tuple(stamp) == NO_STAMP:
            return
        with self._lock:
            self._items[key] = (stamp, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def kept_or(kept: Kept, key, stamp, read: Callable[[], Any], keep: Callable[[Any], bool] = lambda v: True):
    """The kept answer for ``key`` at ``stamp``, else ``read()`` (kept when ``keep`` says it is worth it)."""
    found = kept.get(key, stamp)
    if found is not None:
        return found
    value = read()
    if keep(value):
        kept.put(key, stamp, value)
    return value


def kept_query(graph, kept: Kept, key, read: Callable[[], Any]):
    """``read()`` (a whole-graph read: the home page's figures, the sanctions gap) as of the data's stamp: read
    again only after a write."""
    return kept_or(kept, key, graph.read(read_stamp), read)
