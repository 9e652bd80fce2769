"""Settings, read once from the environment (``NEO4J_*`` for an existing server, ``EVGRAPH_*`` for the rest).

``Settings`` is the one table of them: each field names its environment variable and says what it means.
``load_settings`` reads every one; README.md documents every one (tests/test_docs.py fails otherwise).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _setting(env: str, default, doc: str):
    return field(default=default, metadata={"env": env, "doc": doc})


@dataclass(frozen=True)
class Settings:
    neo4j_uri: str | None = _setting(
        "NEO4J_URI", None, "use this Neo4j (bolt://, neo4j://, neo4j+s://) instead of the local server")
    neo4j_user: str = _setting("NEO4J_USER", "neo4j", "user for NEO4J_URI (default neo4j)")
    neo4j_password: str | None = _setting("NEO4J_PASSWORD", None, "password for NEO4J_URI")
    database: str = _setting("NEO4J_DATABASE", "neo4j", "database name (default neo4j)")
    home: Path = _setting("EVGRAPH_HOME", PROJECT_ROOT / ".neo4j",
                          "folder of the local Neo4j server: conf, data, logs, password (default ./.neo4j)")
    bolt_port: int = _setting("EVGRAPH_BOLT_PORT", 7687, "Bolt port of the local server (default 7687)")
    cache_dir: Path = _setting("EVGRAPH_CACHE", Path.home() / ".cache" / "evgraph",
                               "where the Neo4j jars fetched by Maven are kept (default ~/.cache/evgraph)")
    heap: str = _setting("EVGRAPH_HEAP", "4g", "JVM heap of the local server (default 4g)")
    pagecache: str = _setting("EVGRAPH_PAGECACHE", "4g", "page cache of the local server (default 4g)")
    tx_timeout: str = _setting("EVGRAPH_TX_TIMEOUT", "300s", "server-side transaction timeout (default 300s)")
    query_timeout: float = _setting("EVGRAPH_QUERY_TIMEOUT", 30.0,
                                    "timeout in seconds of analysts' read-only queries (default 30)")
    row_cap: int = _setting("EVGRAPH_ROW_CAP", 5000, "most rows an analyst's query returns (default 5000)")
    evidence_dir: Path = _setting("EVGRAPH_EVIDENCE_DIR", PROJECT_ROOT / ".evidence",
                                  "content-addressed store of evidence files (default ./.evidence)")
    result_bytes: int = _setting("EVGRAPH_RESULT_BYTES", 16_000_000,
                                 "most bytes (as JSON) an analyst's query returns; the rest is cut with a notice "
                                 "(default 16000000)")
    tx_memory: str = _setting("EVGRAPH_TX_MEMORY", "1g",
                              "most memory one transaction may use on the local server (default 1g)")
    console_pool: int = _setting("EVGRAPH_CONSOLE_POOL", 2,
                                 "analysts' queries that may run at once, on their own connections (default 2)")
    private_dir: Path = _setting("EVGRAPH_PRIVATE_DIR", PROJECT_ROOT / ".private",
                                 "folder (0700) of what must never be in a backup of the graph: the data key, the "
                                 "session secret, the accounts database (default ./.private)")
    data_key: str | None = _setting("EVGRAPH_DATA_KEY", None,
                                    "the key ring that seals protected identities (the JSON of data.key); default: "
                                    "the file data.key in EVGRAPH_PRIVATE_DIR, made on first use")
    secret_key: str | None = _setting("EVGRAPH_SECRET_KEY", None,
                                      "Flask secret key, which signs sessions (default: made once into "
                                      "secret_key in EVGRAPH_PRIVATE_DIR)")
    accounts_url: str | None = _setting("EVGRAPH_ACCOUNTS_URL", None,
                                        "SQLAlchemy URL of the accounts and audit database, e.g. "
                                        "postgresql://... (default: SQLite accounts.sqlite in EVGRAPH_PRIVATE_DIR)")
    user: str | None = _setting("EVGRAPH_USER", None,
                                "the account the command line acts as (like --as); default: the local operator")
    require_totp: str = _setting("EVGRAPH_REQUIRE_TOTP", "yes",
                                 "yes: editors and admins must use a second factor (TOTP); no: relaxed, for a "
                                 "laptop (default yes)")
    session_hours: float = _setting("EVGRAPH_SESSION_HOURS", 12.0,
                                    "hours a login lasts without activity (default 12)")
    behind_proxy: str = _setting("EVGRAPH_BEHIND_PROXY", "no",
                                 "yes when a TLS reverse proxy sets X-Forwarded-Proto/For (default no)")

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def totp_required(self) -> bool:
        return _yes(self.require_totp, default=True)

    @property
    def proxied(self) -> bool:
        return _yes(self.behind_proxy, default=False)

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    def password(self) -> str:
        if self.neo4j_password is not None:
            return self.neo4j_password
        if self.uses_local_server and self.password_file.exists():
            return self.password_file.read_text().strip()
        raise RuntimeError(
            "No Neo4j password: start the local server with `evgraph neo4j start`, "
            "or set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD."
        )


def _yes(text: str, default: bool) -> bool:
    """A yes/no setting: yes, true, 1, on; no, false, 0, off; anything else is the default."""
    word = text.strip().lower()
    return True if word in ("yes", "true", "1", "on") else False if word in ("no", "false", "0", "off") else default


# Variable -> what it means, for the docs and their test.
ENV_VARS = {f.metadata["env"]: f.metadata["doc"] for f in fields(Settings)}
_PARSE = {"int": int, "float": float, "Path": Path}


def _read(f) -> object:
    """The field's environment variable, parsed to the field's type; its default when unset or blank."""
    raw = os.environ.get(f.metadata["env"], "")
    if not raw.strip():
        return f.default
    raw = raw if f.name == "neo4j_password" else raw.strip()   # a password is taken as typed
    return _PARSE.get(str(f.type).split(" |")[0], str)(raw)


def load_settings(**overrides) -> Settings:
    values = {f.name: _read(f) for f in fields(Settings)}
    values["home"] = Path(values["home"]).resolve()
    values["private_dir"] = Path(values["private_dir"]).resolve()
    values.update(overrides)
    return Settings(**values)
