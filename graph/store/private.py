"""Folders and files no other local user may read: the Neo4j folder, the evidence store, uploads, the key
ring, the session secret and the accounts database are all made through here (0700 folders, 0600 files)."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Callable

FOLDER = 0o700
FILE = 0o600


def private_folder(path: Path) -> Path:
    """``path`` and its missing parents made 0700 (an existing folder is tightened to 0700 too)."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):      # mkdir(parents=True) would make the parents with the umask's mode
        folder.mkdir(exist_ok=True, mode=FOLDER)
        folder.chmod(FOLDER)
    if path.stat().st_mode & 0o077:
        path.chmod(FOLDER)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` as a 0600 file, atomically (a crash never leaves half a key)."""
    path = Path(path)
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".new-")
    try:
        os.fchmod(fd, FILE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_or_make(path: Path, make: Callable[[], str]) -> str:
    """The text of the 0600 file ``path``, made once by ``make()`` when it does not exist yet."""
    path = Path(path)
    if not path.exists():
        try:
            # O_EXCL: two processes starting at once make one file, and both read the winner's
            private_folder(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(make())
    if path.stat().st_mode & 0o077:
        path.chmod(FILE)
    return path.read_text(encoding="utf-8").strip()


def secret_key(settings) -> str:
    """The Flask secret key: EVGRAPH_SECRET_KEY, else made once into ``secret_key`` of the private folder, so
    sessions outlive a restart."""
    if settings.secret_key:
        return settings.secret_key
    return read_or_make(Path(settings.private_dir) / "secret_key", lambda: secrets.token_urlsafe(48))
