"""Long exports as background jobs: a thread per job, its progress polled as JSON, and the finished file
kept in the private folder (0600, graph/store/private.py) for the one account that started it, which may
download it once. The file is deleted after that download, or an hour after the job finished (or failed)
if nobody downloads it; a file this process does not know (left by a stopped server) goes after an hour
too. Exports name people at risk: nothing is kept longer than it must be."""
from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from graph.store.private import FILE, private_folder

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600
RUNNING_PER_ACCOUNT = 2
QUEUED, RUNNING, DONE, FAILED, GONE = "queued", "running", "done", "failed", "gone"


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
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, n: int = 1) -> None:
        with self.lock:
            self.done += n

    def as_dict(self) -> dict:
        total = max(self.total, self.done)
        percent = 100 if self.state == DONE else (int(100 * self.done / total) if total else 0)
        return {"id": self.id, "kind": self.kind, "state": self.state, "done": self.done, "total": total,
                "percent": min(100, percent), "message": self.message, "file_name": self.file_name,
                "started": self.started, "finished": self.finished}


class Jobs:
    """The jobs of this process (the web app is one process: waitress' threads)."""

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
            running = sum(1 for j in self._jobs.values() if j.owner == owner and j.state in (QUEUED, RUNNING))
            if running >= RUNNING_PER_ACCOUNT:
                raise JobRefused()
            job_id = secrets.token_urlsafe(18)
            path = self.folder(private_dir) / f"{job_id}.part"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE)
            job = Job(job_id, owner, kind, file_name, path, media_type, total=total)
            self._jobs[job_id] = job
        thread = threading.Thread(target=self._run, args=(job, fd, work), name=f"export-{kind}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, fd: int, work) -> None:
        job.state = RUNNING
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
        timer = threading.Timer(KEEP_SECONDS, self.expire, args=(job.id,))
        timer.daemon = True
        timer.start()

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, for its owner only (anyone else: it does not exist)."""
        job = self._jobs.get(job_id or "")
        return job if job is not None and job.owner == owner else None

    def of(self, owner: str) -> list[Job]:
        return sorted((j for j in self._jobs.values() if j.owner == owner and j.state != GONE),
                      key=lambda j: j.started, reverse=True)

    def take(self, job_id: str, owner: str) -> BinaryIO | None:
        """The finished file, opened for the one download it gets: it is unlinked at once (what is open
        is read to its end all the same), and the job is gone."""
        with self._lock:
            job = self.get(job_id, owner)
            if job is None or job.state != DONE:
                return None
            try:
                fh = job.path.open("rb")
            except OSError:
                job.state = GONE
                return None
            job.path.unlink(missing_ok=True)
            job.state, job.message = GONE, ""
        return fh

    def expire(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is not None:
            job.path.unlink(missing_ok=True)

    def sweep(self, private_dir) -> None:
        """Forget jobs finished more than an hour ago, and delete their files; a file no job of this
        process knows is deleted when it is older than an hour."""
        now = time.time()
        for job in list(self._jobs.values()):
            if job.finished and now - job.finished > KEEP_SECONDS:
                self.expire(job.id)
        folder = Path(private_dir) / "exports"
        if not folder.is_dir():
            return
        known = {j.path.name for j in self._jobs.values()}
        for path in folder.iterdir():
            try:
                if path.name not in known and now - path.stat().st_mtime > KEEP_SECONDS:
                    path.unlink()
            except OSError:
                pass


JOBS = Jobs()
