"""The local Neo4j Community server the project runs itself: jars from Maven Central, our own conf,
``org.neo4j.server.CommunityEntryPoint`` in the background, Bolt on 127.0.0.1 only."""
from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.store.private import private_folder
from graph.store.settings import Settings

NEO4J_LINE = "5.26"  # the LTS line; Maven resolves the range below to its newest patch
MAVEN_RANGE = "[5.26.0,5.27.0)"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The official launcher's JVM flags (bin/neo4j, 5.x); the --add-opens ones are needed.
JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED", "-Dlog4j2.disable.jmx=true",
]

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>evgraph.local</groupId><artifactId>neo4j-fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{range}</version></dependency>
  </dependencies>
</project>
"""


class ServerError(RuntimeError):
    """A problem a person can fix; the message says how."""


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    uri: str
    version: str | None
    home: Path

    def describe(self) -> str:
        state = f"running (pid {self.pid})" if self.running else "stopped"
        return f"Neo4j {self.version or NEO4J_LINE} {state} at {self.uri}; home {self.home}"


# --- prerequisites -------------------------------------------------------------------------------

def require_java() -> str:
    java = shutil.which("java")
    if not java:
        raise ServerError("Java not found: install Java 17 or 21 (Debian: apt-get install openjdk-17-jre-headless).")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', out)
    if match and int(match.group(1)) < 17:
        raise ServerError(f"Java {match.group(1)} found, Neo4j {NEO4J_LINE} needs Java 17 or 21: install openjdk-17.")
    return java


def require_maven() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError("Maven not found: install Maven to fetch Neo4j (Debian: apt-get install maven).")
    return mvn


# --- the jars --------------------------------------------------------------------------------------

def lib_dir(settings: Settings) -> Path:
    return settings.cache_dir / f"neo4j-{NEO4J_LINE}" / "lib"


def installed_version(settings: Settings) -> str | None:
    lib = lib_dir(settings)
    for jar in lib.glob("neo4j-5.*.jar") if lib.exists() else []:
        match = re.fullmatch(r"neo4j-(5\.\d+\.\d+)\.jar", jar.name)
        if match:
            return match.group(1)
    return None


def fetch(settings: Settings, refresh: bool = False, echo=print) -> Path:
    """Fetch org.neo4j:neo4j and its dependencies once; later calls are free and offline. Two checkouts
    fetching at once (a test run beside `make run`) take turns on a lock: the second finds the jars there."""
    lib = lib_dir(settings)
    marker = lib / ".complete"
    if marker.exists() and not refresh:
        return lib
    require_java()
    mvn = require_maven()
    work = lib.parent
    work.mkdir(parents=True, exist_ok=True)
    with _locked(work / ".fetch.lock"):
        if marker.exists() and not refresh:
            return lib
        _maven_copy(mvn, work, lib, echo)
        marker.write_text("ok\n")
    echo(f"Neo4j {installed_version(settings)} ready.")
    return lib


@contextmanager
def _locked(path: Path):
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _maven_copy(mvn: str, work: Path, lib: Path, echo) -> None:
    (work / "pom.xml").write_text(POM.format(range=MAVEN_RANGE))
    staging = work / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    echo(f"Fetching Neo4j Community {NEO4J_LINE}.x with Maven (once, into {lib}) ...")
    cmd = [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
           f"-DoutputDirectory={staging}", "-DincludeScope=runtime"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise ServerError(f"Maven could not fetch Neo4j (is Maven Central reachable?):\n{tail}")
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)


# --- home folder and conf ---------------------------------------------------------------------------

def conf_text(settings: Settings) -> str:
    return "\n".join([
        "# Written by evgraph on every start; edit the EVGRAPH_* environment instead.",
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{settings.bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{settings.bolt_port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        f"server.memory.heap.initial_size={settings.heap}",
        f"server.memory.heap.max_size={settings.heap}",
        f"server.memory.pagecache.size={settings.pagecache}",
        f"db.transaction.timeout={settings.tx_timeout}",
        "db.memory.transaction.total.max=0",
        # one transaction (an analyst's collect() of everything) fails alone instead of filling the heap
        f"db.memory.transaction.max={settings.tx_memory}",
        "server.directories.import=import",
        # Neo4j waits out two 5-second "quiet periods" of its Bolt server's event loops on every stop, after
        # the databases have been checkpointed and closed: a bulk load stops the server once, the tests too
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        "",
    ])


def _prepare_home(settings: Settings, java: str, lib: Path) -> None:
    home = settings.home
    for sub in ("conf", "data", "logs", "plugins", "run", "import"):
        private_folder(home / sub)
    private_folder(home)
    _tighten(home)
    (home / "conf" / "neo4j.conf").write_text(conf_text(settings))
    if settings.password_file.exists():
        return
    password = "p" + secrets.token_urlsafe(18)    # never a leading "-": neo4j-admin would read an option
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    done = subprocess.run([java, "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", password],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ServerError(f"Could not set the initial password: {done.stderr.strip() or done.stdout.strip()}")
    fd = os.open(settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")


# --- process ----------------------------------------------------------------------------------------

def _pid_file(settings: Settings) -> Path:
    return settings.home / "run" / "evgraph-neo4j.pid"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:  # a zombie child of ours counts as dead
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_file(settings).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if process_alive(pid) else None


def status(settings: Settings) -> Status:
    pid = _read_pid(settings)
    return Status(pid is not None, pid, settings.uri, installed_version(settings), settings.home)


def bolt_answers(settings: Settings) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    try:
        with GraphDatabase.driver(settings.uri, auth=(settings.neo4j_user, settings.password()),
                                  connection_timeout=2) as driver:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=settings.database)
        return True
    except AuthError:
        raise
    except (ServiceUnavailable, Neo4jError, OSError):
        return False


def _tighten(home: Path) -> None:
    """No other local user reads the store files, the transaction logs or the password (0700/0600)."""
    for folder, dirs, files in os.walk(home):
        for name in dirs:
            path = Path(folder) / name
            if path.stat().st_mode & 0o077:
                path.chmod(0o700)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink() and path.stat().st_mode & 0o077:
                path.chmod(path.stat().st_mode & 0o700)


def wipe(settings: Settings, echo=print) -> None:
    """Empty the local server for real: stop it, delete the database's store files AND its transaction
    logs (a DETACH DELETE leaves every deleted value readable in both), start it again."""
    was_running = status(settings).running
    stop(settings)
    for part in ("databases", "transactions"):
        shutil.rmtree(settings.home / "data" / part / settings.database, ignore_errors=True)
    if was_running:
        start(settings, echo=echo)


def start(settings: Settings, timeout: float = 180, echo=print) -> Status:
    """Start the server unless it runs; return once Bolt answers queries."""
    current = status(settings)
    if current.running:
        if settings.home.exists():
            private_folder(settings.home)
            _tighten(settings.home)
        return current
    java = require_java()
    lib = fetch(settings, echo=echo)
    _prepare_home(settings, java, lib)
    home = settings.home
    cmd = [java, "-cp", f"{home}/plugins/*:{home}/conf/*:{lib}/*", *JVM_FLAGS,
           f"-Xms{settings.heap}", f"-Xmx{settings.heap}", ENTRY_POINT,
           f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]
    log_path = home / "logs" / "console.log"
    with open(log_path, "ab") as log:
        # umask 077: every file Neo4j makes (store, transaction logs, logs) is its owner's only
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=home, start_new_session=True, preexec_fn=lambda: os.umask(0o077))
    _pid_file(settings).write_text(f"{proc.pid}\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
            raise ServerError(f"Neo4j exited with code {proc.returncode} while starting. Last log lines:\n{tail}")
        if bolt_answers(settings):
            return status(settings)
        time.sleep(0.5)
    raise ServerError(f"Neo4j did not answer on {settings.uri} within {timeout:.0f}s; see {log_path}")


def stop(settings: Settings, timeout: float = 60) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after ``timeout``); False if it was not running."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if process_alive(pid):
        os.kill(pid, signal.SIGKILL)
    _pid_file(settings).unlink(missing_ok=True)
    return True
