"""Revisions: one (:Revision) node per change made in the app, written in the same transaction as the
change. In clear text it says only which record changed, how (``action``), when and to which version;
who did it, why, and the values before and after are sealed with the data key (graph/store/sealing.py),
because they may spell a protected person's name. Editors and admins read everything; other roles read
that a record changed and when."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from graph.access.viewer import Viewer
from graph.curation.fields import date_text
from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.plain import display, plain
from graph.store.schema import PRECISION, SCHEMA
from graph.store.sealing import KeyUnavailable

# What each action did, in words: stored in English in a revision's name, gettext where it is shown.
ACTIONS = {
    "create": N_("created"), "edit": N_("edited"), "retract": N_("retracted"), "restore": N_("restored"),
    "review": N_("review state set"), "relate": N_("connection added"), "edit-relation": N_("connection edited"),
    "retract-relation": N_("connection retracted"), "restore-relation": N_("connection restored"),
}
RETRACTIONS = ("retract", "retract-relation")

WRITE = """
CREATE (r:Revision {uid: $rid, name: $name, target: $target, target_label: $label, action: $action,
                    at: $now, version: $version, start: $start, end: $end, sealed: $sealed,
                    created_at: $now, updated_at: $now})
"""
# A node's own revisions and those of its relationships, newest first; three index lookups.
OF_RECORD = """
CALL () {
  MATCH (r:Revision {target: $uid}) RETURN r
  UNION MATCH (r:Revision {start: $uid}) RETURN r
  UNION MATCH (r:Revision {end: $uid}) RETURN r
}
RETURN properties(r) AS r ORDER BY r.at DESC, r.uid DESC LIMIT $limit
"""
ONE = "MATCH (r:Revision {uid: $rid}) RETURN properties(r) AS r"
SINCE = """
MATCH (r:Revision {target: $uid}) WHERE r.version > $version
RETURN properties(r) AS r ORDER BY r.version
"""
RETRACTED = """
MATCH (r:Revision) WHERE r.action IN $actions AND r.restored IS NULL
RETURN properties(r) AS r ORDER BY r.at DESC LIMIT $limit
"""
RENAMED = """
MATCH (r:Revision {target: $old}) SET r.target = $new
WITH count(r) AS n
CALL () { MATCH (r:Revision {start: $old}) SET r.start = $new }
CALL () { MATCH (r:Revision {end: $old}) SET r.end = $new }
RETURN n
"""


def _said(value, precision=None) -> str:
    if value is None or value == "" or value == []:
        return gettext("(empty)")
    if isinstance(value, list):
        return "; ".join(display(v) for v in value)
    if precision is not None or hasattr(value, "isoformat") or hasattr(value, "iso_format"):
        return date_text(value, precision)
    return display(value)


def describe_changes(changes: dict) -> list[tuple[str, str, str]]:
    """(field as a person reads it, before, after) of an edit; a date and its precision are one field
    ("birth date: 1986 → 1986-05-13")."""
    out = []
    for key, (before, after) in changes.items():
        dated = SCHEMA.precision_of(key)
        if dated:
            if dated in changes:
                continue           # said with its date
            out.append((gettext("%(field)s (how precise)", field=SCHEMA.property_label(dated)), _said(before),
                        _said(after)))
            continue
        if key + PRECISION in changes:
            b_prec, a_prec = changes[key + PRECISION]
            out.append((SCHEMA.property_label(key), _said(before, b_prec or "day"), _said(after, a_prec or "day")))
        else:
            out.append((SCHEMA.property_label(key), _said(before), _said(after)))
    return out


def new_revision_uid() -> str:
    return "rev-" + uuid.uuid4().hex[:20]


@dataclass(frozen=True)
class Revision:
    uid: str
    target: str
    target_label: str
    action: str
    at: datetime | None
    version: int | None
    start: str | None = None
    end: str | None = None
    restored: bool = False
    # opened from the seal, for viewers who may read it; empty otherwise
    actor: str = ""
    reason: str = ""
    payload: dict = field(default_factory=dict)
    readable: bool = False

    @property
    def words(self) -> str:
        """What was done, in the language spoken now."""
        return gettext(ACTIONS[self.action]) if self.action in ACTIONS else self.action

    @property
    def changes(self) -> dict:
        """field: [before, after] of an edit."""
        return self.payload.get("changes") or {}

    @property
    def change_texts(self) -> list[tuple[str, str, str]]:
        return describe_changes(self.changes)

    def as_dict(self) -> dict:
        out = {"uid": self.uid, "target": self.target, "target_label": self.target_label, "action": self.action,
               "words": self.words, "at": plain(self.at), "version": self.version, "start": self.start,
               "end": self.end, "restored": self.restored}
        if self.readable:
            out.update(actor=self.actor, reason=self.reason, changes=plain(self.changes),
                       name=self.payload.get("name"))
        return out


def write_revision(tx, ring, *, target: str, label: str, action: str, now: datetime, version: int | None,
                   actor: str, reason: str, payload: dict, start: str | None = None, end: str | None = None,
                   rid: str | None = None) -> str:
    """Write one revision inside the caller's transaction; returns its uid."""
    rid = rid or new_revision_uid()
    sealed = ring.seal(rid, {"actor": actor, "reason": reason, **payload})
    tx.run(WRITE, rid=rid, name=f"{ACTIONS.get(action, action)}: {target}", target=target, label=label,
           action=action, now=now, version=version, start=start, end=end, sealed=sealed).consume()
    return rid


def _revision(props: dict, viewer: Viewer) -> Revision:
    opened: dict = {}
    readable = False
    if viewer.may_edit and viewer.keys is not None and props.get("sealed"):
        try:
            opened = viewer.keys.open(props["uid"], props["sealed"])
            readable = True
        except KeyUnavailable:
            opened = {}
    return Revision(uid=props["uid"], target=props.get("target") or "", target_label=props.get("target_label") or "",
                    action=props.get("action") or "", at=plain_time(props.get("at")), version=props.get("version"),
                    start=props.get("start"), end=props.get("end"), restored=bool(props.get("restored")),
                    actor=opened.pop("actor", ""), reason=opened.pop("reason", ""), payload=opened,
                    readable=readable)


def plain_time(value):
    return value.to_native() if hasattr(value, "to_native") else value


def history(graph: Graph, uid: str, viewer: Viewer, limit: int = 100) -> list[Revision]:
    """The revisions of a record and of its relationships, newest first."""
    return graph.read(history_tx, uid, viewer, limit)


def history_tx(tx, uid: str, viewer: Viewer, limit: int = 100) -> list[Revision]:
    """``history`` in a transaction already open (an entity page reads it with the page)."""
    return [_revision(r["r"], viewer) for r in tx.run(OF_RECORD, uid=uid, limit=limit)]


def get_revision(graph: Graph, rid: str, viewer: Viewer) -> Revision | None:
    row = graph.query_one(ONE, {"rid": rid})
    return _revision(row["r"], viewer) if row else None


def raw_revision(tx, rid: str) -> dict | None:
    row = tx.run(ONE, rid=rid).single()
    return row["r"] if row else None


def since(tx, uid: str, version: int, viewer: Viewer) -> list[Revision]:
    """What was saved on a record after the version an editor saw."""
    return [_revision(r["r"], viewer) for r in tx.run(SINCE, uid=uid, version=version)]


def retracted(graph: Graph, viewer: Viewer, limit: int = 200) -> list[Revision]:
    """Retractions not undone, newest first: what can be restored."""
    return [_revision(r["r"], viewer) for r in graph.query(RETRACTED, {"actions": list(RETRACTIONS), "limit": limit})]


def renamed(tx, old: str, new: str) -> None:
    """A record's uid changed (it was sealed): its revisions follow it."""
    tx.run(RENAMED, old=old, new=new).consume()
