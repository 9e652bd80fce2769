"""Sources as evidence: a file's SHA-256, size and media type, and its copy in the content-addressed
evidence store (``<evidence_dir>/ab/cd/<sha256>``), so a dossier can later prove the file is unchanged."""
from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph.store.private import private_folder
from graph.store.records import NodeRecord, make_uid

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    archived_copy: str        # path inside the evidence store, relative to it ("ab/cd/<sha256>")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def store_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def describe_file(path: Path) -> StoredFile:
    sha = file_sha256(path)
    return StoredFile(sha, path.stat().st_size, media_type(path), store_path(sha))


def store_file(path: Path, evidence_dir: Path, ring=None) -> StoredFile:
    """Copy ``path`` into the store under its hash; an existing copy is never overwritten. With ``ring`` (a
    confidential source's file) the copy is sealed (AES-GCM) and filed under a keyed hash of its SHA-256."""
    info = describe_file(path)
    private_folder(evidence_dir)
    if ring is not None:
        return _store_sealed(path, info, evidence_dir, ring)
    target = evidence_dir / info.archived_copy
    if not target.exists():
        private_folder(target.parent)
        # copy to a temporary name first, so a crash never leaves a half file under a valid hash
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        if file_sha256(Path(tmp)) != info.sha256:
            os.unlink(tmp)
            raise OSError(f"{path} changed while it was being copied into the evidence store")
        os.replace(tmp, target)
        target.chmod(0o400)
    return info


def _store_sealed(path: Path, info: StoredFile, evidence_dir: Path, ring) -> StoredFile:
    name = ring.file_name(info.sha256)
    target = evidence_dir / name
    if not target.exists():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise OSError(f"{path} changed while it was being sealed into the evidence store")
        private_folder(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(ring.seal_bytes(name, data))
        os.replace(tmp, target)
        target.chmod(0o400)
    return StoredFile(info.sha256, info.size, info.media_type, name)


def read_file(archived_copy: str, evidence_dir: Path, ring=None) -> bytes:
    """The stored bytes of a file (a sealed one opened with ``ring``)."""
    data = (evidence_dir / archived_copy).read_bytes()
    return ring.open_bytes(archived_copy, data) if archived_copy.startswith("sealed/") and ring else data


def verify_file(sha256: str, evidence_dir: Path) -> bool:
    """True when the stored copy still has the hash it is filed under."""
    target = evidence_dir / store_path(sha256)
    return target.exists() and file_sha256(target) == sha256


def file_source(info: StoredFile, title: str, **props) -> NodeRecord:
    """The Source node of a stored file; its uid is its hash, so the same file is one Source."""
    return NodeRecord("Source", make_uid("source-file", info.sha256),
                      {"name": title, "sha256": info.sha256, "size": info.size, "media_type": info.media_type,
                       "archived_copy": info.archived_copy, **props})


def url_source(url: str, title: str | None = None, **props) -> NodeRecord:
    return NodeRecord("Source", make_uid("source-url", url.strip()), {"name": title or url, "url": url.strip(), **props})


def titled_source(title: str, **props) -> NodeRecord:
    return NodeRecord("Source", make_uid("source-title", " ".join(title.split()).casefold()), {"name": title, **props})
