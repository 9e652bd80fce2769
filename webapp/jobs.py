"""Long exports as background jobs: a thread per job, its progress polled as JSON, and the finished file
kept in the private folder (0600, graph/store/private.py) for the one account that started it, which may
download it once. The file is deleted after that download, or an hour after the job finished (or failed)
if nobody downloads it; a file no running job knows (left by a stopped server) goes after an hour
too. Exports name people at risk: nothing is kept longer than it must be.

Beside each job's file, ``<id>.job`` holds its state (JSON, 0600), written by the process running it: with
``evgraph serve --workers N`` the progress poll and the download may reach any worker, which reads it there. The
one download is claimed by renaming the file, which only one process can do."""
from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from graph.store.private import FILE, private_folder
from graph.store.server import process_alive

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600
RUNNING_PER_ACCOUNT = 2
QUEUED, RUNNING, DONE, FAILED, GONE = "queued", "running", "done", "failed", "gone"
STATE, SAVE_EVERY = ".job", 0.5       # the state file beside a job's file; progress written at most this often (s)


class JobRefused(Exception):
    """Too many exports of this account are running already."""


@dataclass
class Job:
    id: str
    owner: str                 # the account that started it: the only one that may poll or download it
    kind: str                  # ftm, graphml, csv, dossiers
    file_name: str             # the name the download gets
    path: Path                 # where the file is written, in the private folder
    media_type: str
    total: int = 0
    done: int = 0
    state: str = QUEUED
    message: str = ""          # what went wrong, or what was made
    started: float = field(default_factory=time.time)
    finished: float | None = None
    pid: int = field(default_factory=os.getpid)     # the process running it
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    saved: float = field(default=0.0, repr=False)

    def advance(self, n: int = 1) -> None:
        with self.lock:
            self.done += n
            if time.monotonic() - self.saved >= SAVE_EVERY:
                self.save()

    def as_dict(self) -> dict:
        total = max(self.total, self.done)
        percent = 100 if self.state == DONE else (int(100 * self.done / total) if total else 0)
        return {"id": self.id, "kind": self.kind, "state": self.state, "done": self.done, "total": total,
                "percent": min(100, percent), "message": self.message, "file_name": self.file_name,
                "started": self.started, "finished": self.finished}

    @property
    def state_file(self) -> Path:
        return self.path.with_suffix(STATE)

    def save(self) -> None:
        """Write the state for the other workers (atomically: a reader sees the old state or the new)."""
        self.saved = time.monotonic()
        data = {"id": self.id, "owner": self.owner, "kind": self.kind, "file_name": self.file_name,
                "file": self.path.name, "media_type": self.media_type, "total": self.total, "done": self.done,
                "state": self.state, "message": self.message, "started": self.started, "finished": self.finished,
                "pid": self.pid}
        temporary = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE), "w") as fh:
                json.dump(data, fh)
            os.replace(temporary, self.state_file)
        except OSError:
            log.warning("the state of export job %s could not be written", self.id, exc_info=True)
            temporary.unlink(missing_ok=True)

    @classmethod
    def read(cls, state_file: Path) -> "Job | None":
        """A job another process runs (or ran), from its state file; None when there is none. A job whose
        process is gone before it finished has failed."""
        try:
            data = json.loads(state_file.read_text())
            job = cls(data["id"], data["owner"], data["kind"], data["file_name"], state_file.parent / data["file"],
                      data["media_type"], total=data["total"], done=data["done"], state=data["state"],
                      message=data["message"], started=data["started"], finished=data["finished"], pid=data["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if job.state in (QUEUED, RUNNING) and not process_alive(job.pid):
            job.state, job.message = FAILED, "the server process that ran this export stopped"
        return job


class Jobs:
    """The jobs this process runs, and through their state files those of the other workers."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def folder(self, private_dir) -> Path:
        return private_folder(Path(private_dir) / "exports")

    def start(self, private_dir, owner: str, kind: str, file_name: str, media_type: str,
              work: Callable[[Job, BinaryIO], str], total: int = 0) -> Job:
        """A new job of ``owner`` running ``work(job, fh)`` in a thread: it writes the export into ``fh`` (a
        0600 file; or to ``job.path`` itself, opened again) and returns a message saying what it made."""
        self.sweep(private_dir)
        with self._lock:
            running = sum(1 for j in self._all(private_dir) if j.owner == owner and j.state in (QUEUED, RUNNING))
            if running >= RUNNING_PER_ACCOUNT:
                raise JobRefused()
            job_id = secrets.token_urlsafe(18)
            path = self.folder(private_dir) / f"{job_id}.part"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE)
            job = Job(job_id, owner, kind, file_name, path, media_type, total=total)
            self._jobs[job_id] = job
            job.save()
        thread = threading.Thread(target=self._run, args=(job, fd, work), name=f"export-{kind}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, fd: int, work) -> None:
        job.state = RUNNING
        job.save()
        try:
            with os.fdopen(fd, "wb") as fh:
                message = work(job, fh)
        except Exception as err:  # noqa: BLE001 - the job says it failed; the person sees why
            log.exception("export job %s (%s) failed", job.id, job.kind)
            job.path.unlink(missing_ok=True)
            job.message, job.state = str(err) or err.__class__.__name__, FAILED
        else:
            job.message, job.state = message or "", DONE
        job.finished = time.time()
        job.save()
        timer = threading.Timer(KEEP_SECONDS, self.expire, args=(job.id,))
        timer.daemon = True
        timer.start()

    def _all(self, private_dir=None) -> list[Job]:
        """This process's jobs, and (given the folder) those of the others, read from their state files."""
        jobs = {job_id: self.get(job_id, job.owner) for job_id, job in list(self._jobs.items())}
        if private_dir is not None:
            folder = Path(private_dir) / "exports"
            for state_file in (folder.glob(f"*{STATE}") if folder.is_dir() else ()):
                if state_file.stem not in jobs:
                    job = Job.read(state_file)
                    if job is not None:
                        jobs[job.id] = job
        return list(jobs.values())

    def get(self, job_id: str, owner: str, private_dir=None) -> Job | None:
        """The job, for its owner only (anyone else: it does not exist)."""
        job = self._jobs.get(job_id or "")
        if job is not None and job.state == DONE and not job.path.exists():
            job.state, job.message = GONE, ""      # downloaded through another worker
        if job is None and private_dir is not None and job_id and job_id.replace("-", "").replace("_", "").isalnum():
            job = Job.read(Path(private_dir) / "exports" / f"{job_id}{STATE}")
        return job if job is not None and job.owner == owner else None

    def of(self, owner: str, private_dir=None) -> list[Job]:
        return sorted((j for j in self._all(private_dir) if j.owner == owner and j.state != GONE),
                      key=lambda j: j.started, reverse=True)

    def take(self, job_id: str, owner: str, private_dir=None) -> BinaryIO | None:
        """The finished file, opened for the one download it gets: claimed by a rename (one process wins),
        unlinked at once (what is open is read to its end all the same), and the job is gone."""
        with self._lock:
            job = self.get(job_id, owner, private_dir)
            if job is None or job.state != DONE:
                return None
            claimed = job.path.with_suffix(f".{os.getpid()}.taken")
            try:
                os.rename(job.path, claimed)
                fh = claimed.open("rb")
            except OSError:
                fh = None
            claimed.unlink(missing_ok=True)
            job.state_file.unlink(missing_ok=True)
            if job.id in self._jobs:
                job.state, job.message = GONE, ""
        return fh

    def expire(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is not None:
            job.path.unlink(missing_ok=True)
            job.state_file.unlink(missing_ok=True)

    def sweep(self, private_dir) -> None:
        """Forget jobs finished more than an hour ago, and delete their files; a file no running job knows is
        deleted when it is older than an hour."""
        now = time.time()
        for job in list(self._jobs.values()):
            if job.finished and now - job.finished > KEEP_SECONDS:
                self.expire(job.id)
        folder = Path(private_dir) / "exports"
        if not folder.is_dir():
            return
        known = {name for j in self._all(private_dir)
                 if j.id in self._jobs or j.state in (QUEUED, RUNNING)
                 for name in (j.path.name, j.state_file.name)}
        for path in folder.iterdir():
            try:
                if path.name not in known and now - path.stat().st_mtime > KEEP_SECONDS:
                    path.unlink()
            except OSError:
                pass


JOBS = Jobs()
