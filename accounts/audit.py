"""The audit log: append-only and hash-chained. Each entry holds the hash of the one before it and its own
hash over both, so an entry removed, edited or inserted afterwards breaks the chain, and
``evgraph audit verify`` says where. Who, when, what, the records it touched, old and new values, why."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select

from accounts.db import AUDIT, AUDIT_HEAD, AUDIT_UIDS, engine_for
from graph.store.plain import json_default

GENESIS = "0" * 64
FIELDS = ("seq", "at", "actor", "action", "uids", "old", "new", "reason", "detail", "address")

# What an entry is about; the admin page filters by these.
ACTIONS = ("login", "login_failed", "logout", "account", "import", "match", "edit", "export", "dossier",
           "disclosure", "refused", "keys", "setting", "evidence", "tampering")


def _canonical(entry: dict) -> bytes:
    return json.dumps({k: entry.get(k) for k in FIELDS}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=json_default).encode("utf-8")


def entry_hash(prev: str, entry: dict) -> str:
    return hashlib.sha256(prev.encode("ascii") + b"\n" + _canonical(entry)).hexdigest()


def _plain(value):
    """Values as JSON keeps them (dates as ISO text), so the hash of a stored entry can be recomputed."""
    return None if value is None else json.loads(json.dumps(value, default=json_default, ensure_ascii=False))


def record(settings, actor: str, action: str, *, uids=(), old=None, new=None, reason: str | None = None,
           detail=None, address: str | None = None) -> int:
    """Append one entry; returns its number."""
    with engine_for(settings).begin() as conn:
        head = conn.execute(select(AUDIT_HEAD).where(AUDIT_HEAD.c.id == 1)).first()
        if head is None:
            conn.execute(AUDIT_HEAD.insert().values(id=1, seq=0, hash=GENESIS))
            head = conn.execute(select(AUDIT_HEAD).where(AUDIT_HEAD.c.id == 1)).first()
        entry = {"seq": head.seq + 1, "at": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
                 "actor": actor, "action": action, "uids": sorted(set(uids)) or None, "old": _plain(old),
                 "new": _plain(new), "reason": reason, "detail": _plain(detail), "address": address}
        digest = entry_hash(head.hash, entry)
        conn.execute(AUDIT.insert().values(**entry, prev_hash=head.hash, hash=digest))
        if entry["uids"]:
            conn.execute(AUDIT_UIDS.insert(), [{"uid": u[:64], "seq": entry["seq"]} for u in entry["uids"]])
        conn.execute(AUDIT_HEAD.update().where(AUDIT_HEAD.c.id == 1, AUDIT_HEAD.c.seq == head.seq)
                     .values(seq=entry["seq"], hash=digest))
    return entry["seq"]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    problem: str = ""
    at_seq: int | None = None


def verify(settings) -> Verdict:
    """Walk the chain from the first entry: every hash recomputed, every link and number checked, and the
    head must be the last entry (so cutting entries off the end is noticed too)."""
    engine = engine_for(settings)
    prev, expected, count = GENESIS, 1, 0
    with engine.connect() as conn:
        for row in conn.execute(select(AUDIT).order_by(AUDIT.c.seq)).mappings():
            entry = dict(row)
            if entry["seq"] != expected:
                return Verdict(False, count, f"entry {expected} is missing", expected)
            if entry["prev_hash"] != prev:
                return Verdict(False, count, f"entry {entry['seq']} does not follow the entry before it", entry["seq"])
            if entry_hash(prev, entry) != entry["hash"]:
                return Verdict(False, count, f"entry {entry['seq']} was changed after it was written", entry["seq"])
            prev, expected, count = entry["hash"], expected + 1, count + 1
        head = conn.execute(select(AUDIT_HEAD).where(AUDIT_HEAD.c.id == 1)).first()
    if count and (head is None or head.seq != count or head.hash != prev):
        return Verdict(False, count, "entries were removed from the end of the log", count)
    return Verdict(True, count)


def entries(settings, *, actor: str | None = None, action: str | None = None, uid: str | None = None,
            since: str | None = None, until: str | None = None, limit: int = 200, offset: int = 0) -> list[dict]:
    """Entries newest first, filtered; ``uid`` finds the entries that touched one record."""
    query = select(AUDIT).order_by(AUDIT.c.seq.desc())
    if actor:
        query = query.where(AUDIT.c.actor == actor)
    if action:
        query = query.where(AUDIT.c.action == action)
    if since:
        query = query.where(AUDIT.c.at >= since)
    if until:
        query = query.where(AUDIT.c.at <= until + "\uffff")
    if uid:
        query = query.where(AUDIT.c.seq.in_(select(AUDIT_UIDS.c.seq).where(AUDIT_UIDS.c.uid == uid)))
    with engine_for(settings).connect() as conn:
        rows = conn.execute(query.limit(min(limit, 5000)).offset(offset)).mappings()
        return [dict(r) for r in rows]


COLUMNS = ["seq", "at", "actor", "action", "uids", "old", "new", "reason", "detail", "address", "hash"]
