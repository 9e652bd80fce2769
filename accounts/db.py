"""The accounts database: its tables (SQLAlchemy Core) and the one engine per URL."""
from __future__ import annotations

import os
from pathlib import Path
from threading import Lock

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text, create_engine,
                        event)
from sqlalchemy.engine import Engine

from graph.store.private import FILE, private_folder

META = MetaData()

ACCOUNTS = Table(
    "accounts", META,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), unique=True, nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("totp_secret", String(64)),            # set once the account has enrolled a second factor
    Column("totp_last_step", Integer, default=0),  # a TOTP code is accepted once: replays are refused
    Column("disabled", Boolean, default=False, nullable=False),
    Column("failures", Integer, default=0, nullable=False),
    Column("locked_until", Float, default=0.0, nullable=False),
    Column("must_change_password", Boolean, default=False, nullable=False),
    Column("created_at", DateTime(timezone=True)),
    Column("last_login", DateTime(timezone=True)),
    Column("session_epoch", Integer, default=0, nullable=False),   # bumped to end every session of the account
)

ADDRESSES = Table(
    "login_addresses", META,
    Column("address", String(64), primary_key=True),
    Column("failures", Integer, default=0, nullable=False),
    Column("locked_until", Float, default=0.0, nullable=False),
    Column("last_failure", Float, default=0.0, nullable=False),
)

OPTIONS = Table(
    "options", META,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)

AUDIT = Table(
    "audit_log", META,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),          # ISO 8601, UTC: what the hash covers, exactly
    Column("actor", String(120), nullable=False),
    Column("action", String(60), nullable=False),
    Column("uids", JSON),
    Column("old", JSON),
    Column("new", JSON),
    Column("reason", Text),
    Column("detail", JSON),
    Column("address", String(64)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# Which entries touched which record, so a record's history is an index lookup, not a scan of the log.
AUDIT_UIDS = Table(
    "audit_uids", META,
    Column("uid", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
)

# One row: the end of the chain. Appending updates it first, which takes the write lock (SQLite) or the
# row lock (PostgreSQL): two processes never chain onto the same entry.
AUDIT_HEAD = Table(
    "audit_head", META,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

_engines: dict[str, Engine] = {}
_lock = Lock()


def accounts_url(settings) -> str:
    if settings.accounts_url:
        return settings.accounts_url
    return f"sqlite:///{Path(settings.private_dir) / 'accounts.sqlite'}"


def engine_for(settings) -> Engine:
    url = accounts_url(settings)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _make(url)
            META.create_all(engine)
            _engines[url] = engine
    return engine


def after_fork() -> None:
    """In a process just forked (a worker of ``evgraph serve --workers``): the parent's pooled connections are
    left to the parent, never used here (SQLAlchemy's advice: dispose with close=False)."""
    for engine in _engines.values():
        engine.dispose(close=False)


def _make(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        private_folder(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE))
        path.chmod(FILE)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite(conn, _):   # noqa: ANN001 - SQLAlchemy's hook
            conn.isolation_level = None          # SQLAlchemy issues BEGIN itself (below)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")

        @event.listens_for(engine, "begin")
        def _begin(conn):   # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE")   # writers queue at the start, never fail half-way

        return engine
    return create_engine(url, pool_pre_ping=True)
