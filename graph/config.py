"""Settings, read once from the environment (``NEO4J_*`` for an existing server, ``EVGRAPH_*`` for the rest)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Documented in README.md; tests/test_docs.py fails when one is missing there.
ENV_VARS = {
    "NEO4J_URI": "use this Neo4j (bolt://, neo4j://, neo4j+s://) instead of the local server",
    "NEO4J_USER": "user for NEO4J_URI (default neo4j)",
    "NEO4J_PASSWORD": "password for NEO4J_URI",
    "NEO4J_DATABASE": "database name (default neo4j)",
    "EVGRAPH_HOME": "folder of the local Neo4j server: conf, data, logs, password (default ./.neo4j)",
    "EVGRAPH_BOLT_PORT": "Bolt port of the local server (default 7687)",
    "EVGRAPH_CACHE": "where the Neo4j jars fetched by Maven are kept (default ~/.cache/evgraph)",
    "EVGRAPH_HEAP": "JVM heap of the local server (default 4g)",
    "EVGRAPH_PAGECACHE": "page cache of the local server (default 4g)",
    "EVGRAPH_TX_TIMEOUT": "server-side transaction timeout (default 300s)",
    "EVGRAPH_QUERY_TIMEOUT": "timeout in seconds of analysts' read-only queries (default 30)",
    "EVGRAPH_ROW_CAP": "most rows an analyst's query returns (default 5000)",
    "EVGRAPH_EVIDENCE_DIR": "content-addressed store of evidence files (default ./.evidence)",
    "EVGRAPH_ROLE": "role of the (not yet authenticated) user: viewer, researcher, editor, admin (default researcher)",
    "EVGRAPH_SECRET_KEY": "Flask secret key (default: random per process)",
}


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    database: str = "neo4j"
    home: Path = PROJECT_ROOT / ".neo4j"
    bolt_port: int = 7687
    cache_dir: Path = Path.home() / ".cache" / "evgraph"
    heap: str = "4g"
    pagecache: str = "4g"
    tx_timeout: str = "300s"
    query_timeout: float = 30.0
    row_cap: int = 5000
    evidence_dir: Path = PROJECT_ROOT / ".evidence"
    role: str = "researcher"
    extra: dict = field(default_factory=dict)

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

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


def load_settings(**overrides) -> Settings:
    values = dict(
        neo4j_uri=os.environ.get("NEO4J_URI") or None,
        neo4j_user=_env("NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("NEO4J_PASSWORD") or None,
        database=_env("NEO4J_DATABASE", "neo4j"),
        home=Path(_env("EVGRAPH_HOME", str(PROJECT_ROOT / ".neo4j"))).resolve(),
        bolt_port=int(_env("EVGRAPH_BOLT_PORT", "7687")),
        cache_dir=Path(_env("EVGRAPH_CACHE", str(Path.home() / ".cache" / "evgraph"))),
        heap=_env("EVGRAPH_HEAP", "4g"),
        pagecache=_env("EVGRAPH_PAGECACHE", "4g"),
        tx_timeout=_env("EVGRAPH_TX_TIMEOUT", "300s"),
        query_timeout=float(_env("EVGRAPH_QUERY_TIMEOUT", "30")),
        row_cap=int(_env("EVGRAPH_ROW_CAP", "5000")),
        evidence_dir=Path(_env("EVGRAPH_EVIDENCE_DIR", str(PROJECT_ROOT / ".evidence"))),
        role=_env("EVGRAPH_ROLE", "researcher"),
    )
    values.update(overrides)
    return Settings(**values)
