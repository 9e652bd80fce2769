"""A source's file served again from the evidence store (graph/evidence/store.py): found through its
Source record as one viewer may read it (graph/access/masking.py: a confidential source's file only for the
roles that may see the source), and re-hashed on the way out, so bytes that no longer match the SHA-256 the
graph recorded are never handed out as the evidence.

The media type a file is served with is the one recorded from its extension when it was stored, never
guessed from its bytes, and only among the kinds of file evidence comes in (anything else is
``application/octet-stream``); only images and PDFs are shown inline."""
from __future__ import annotations

import hashlib
import io
import mimetypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graph.access.masking import hides_source, visible_props
from graph.access.viewer import Viewer
from graph.evidence.store import CHUNK, FILE_KINDS, store_path
from graph.store.db import Graph
from graph.store.sealing import KeyUnavailable

# Where a copy may be in the store: "ab/cd/<sha256>", or a sealed file's "sealed/<keyed hash>". Anything
# else the graph says (a web archive's address, a path that climbs out of the store) is not a copy in it.
_IN_STORE = re.compile(r"^(?:[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}|sealed/[0-9a-f]{40})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# The media types of the kinds of file evidence comes in (from their extensions).
KNOWN_TYPES = frozenset(t for extensions, _, _ in FILE_KINDS for e in extensions
                        if (t := mimetypes.guess_type("file" + e)[0]))
# Shown inline on the source's page: images the browser draws itself, and PDFs. No SVG, no HTML: they
# can carry scripts.
PREVIEWS = {"image/png": "image", "image/jpeg": "image", "image/gif": "image", "image/webp": "image",
            "application/pdf": "pdf"}
FALLBACK_TYPE = "application/octet-stream"

# What a check found.
INTACT, TAMPERED, MISSING, UNREADABLE, LOCKED = "intact", "tampered", "missing", "unreadable", "locked"


@dataclass(frozen=True)
class EvidenceFile:
    """A source's file as the graph records it, for a viewer who may see the source."""
    source_uid: str
    title: str
    sha256: str
    size: int | None
    media_type: str           # what the file is served as (recorded from its extension, or octet-stream)
    location: str             # its place in the evidence store, relative to it

    @property
    def sealed(self) -> bool:
        return self.location.startswith("sealed/")

    @property
    def preview(self) -> str | None:
        """"image" or "pdf" when the page may show the file inline, else None."""
        return PREVIEWS.get(self.media_type)

    @property
    def file_name(self) -> str:
        return download_name(self.title, self.media_type, self.sha256)


@dataclass(frozen=True)
class CopyCheck:
    """The stored copy against the recorded SHA-256: ``state`` is intact, tampered, missing, unreadable (the
    store cannot be read) or locked (a sealed copy and no data key to open it); ``actual`` is the SHA-256
    of the bytes found, when they differ."""
    state: str
    actual: str | None = None

    @property
    def intact(self) -> bool:
        return self.state == INTACT


SOURCE = "MATCH (s:Source {uid: $uid}) RETURN properties(s) AS props, labels(s) AS labels"


def source_file(graph: Graph, uid: str, viewer: Viewer) -> EvidenceFile | None:
    """The file of the source ``uid`` as ``viewer`` may have it: None when no source has this uid, when it
    has no file, or when the viewer may not see the source (a confidential source's file does not exist
    for them)."""
    row = graph.query_one(SOURCE, {"uid": uid})
    if row is None:
        return None
    if hides_source({**row["props"], "labels": row["labels"]}, viewer):
        return None
    props, hidden = visible_props(row["labels"], row["props"], viewer)
    return None if hidden else evidence_file(props)


def evidence_file(props: dict) -> EvidenceFile | None:
    """The file a Source's (visible) properties record, or None when they record no file."""
    sha = str(props.get("sha256") or "").strip().lower()
    if not _SHA256.match(sha):
        return None
    copy = props.get("archived_copy")
    location = copy if isinstance(copy, str) and _IN_STORE.match(copy) else store_path(sha)
    kind = str(props.get("media_type") or "").split(";")[0].strip().lower()
    size = props.get("size")
    return EvidenceFile(str(props.get("uid") or ""), str(props.get("name") or ""), sha,
                        int(size) if isinstance(size, (int, float)) else None,
                        kind if kind in KNOWN_TYPES else FALLBACK_TYPE, location)


def download_name(title: str, media_type: str, sha256: str) -> str:
    """The name the file is downloaded under: the source's title (a register's file keeps its own name),
    with the extension of its media type; no folders, no control characters."""
    base = re.split(r"[/\\]", title or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f\"]+", "", base).strip(" .")[:120]
    extensions = mimetypes.guess_all_extensions(media_type) if media_type != FALLBACK_TYPE else []
    if not base:
        base = f"evidence-{sha256[:12]}"
    if extensions and Path(base).suffix.lower() not in extensions:
        base += ".jpg" if ".jpg" in extensions else extensions[0]
    return base


# -- the check ------------------------------------------------------------------------------------------
class _Tampered(Exception):
    pass


def _open_sealed(name: str, blob: bytes, ring) -> bytes:
    """A sealed copy's bytes; _Tampered when the ring holds its key and the seal still does not open (the
    ciphertext was changed), KeyUnavailable when the key is not there."""
    if blob[:4] != b"EVG1" or len(blob) < 6:
        raise _Tampered()
    kid = blob[5:5 + blob[4]].decode("ascii", "replace")
    try:
        return ring.open_bytes(name, blob)
    except KeyUnavailable:
        if kid in getattr(ring, "keys", {}):
            raise _Tampered() from None
        raise


def _digest(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def open_copy(f: EvidenceFile, evidence_dir: Path, ring=None) -> tuple[CopyCheck, BinaryIO | None]:
    """The stored copy re-hashed, and, when it is intact, a file object positioned at its start holding
    the very bytes that were hashed (the caller closes it). A sealed copy is opened with ``ring``."""
    path = Path(evidence_dir) / f.location
    if not path.is_file():
        return CopyCheck(MISSING), None
    try:
        if f.sealed:
            if ring is None:
                return CopyCheck(LOCKED), None
            try:
                data = _open_sealed(f.location, path.read_bytes(), ring)
            except _Tampered:
                return CopyCheck(TAMPERED), None
            except KeyUnavailable:
                return CopyCheck(LOCKED), None
            actual = hashlib.sha256(data).hexdigest()
            fh: BinaryIO = io.BytesIO(data)
        else:
            fh = path.open("rb")
            actual = _digest(fh)
            fh.seek(0)
    except OSError:
        return CopyCheck(UNREADABLE), None
    if actual != f.sha256:
        fh.close()
        return CopyCheck(TAMPERED, actual), None
    return CopyCheck(INTACT), fh


_checked: dict[tuple, CopyCheck] = {}
_checked_lock = threading.Lock()


def check_copy(f: EvidenceFile, evidence_dir: Path, ring=None) -> CopyCheck:
    """``open_copy``'s verdict without the bytes, for the source's page. A verdict is remembered while the
    file is untouched (same inode, size, modification and change times), so a page does not hash a large
    video on every view; any write or chmod to the file changes its change time and it is hashed again.
    Downloads always hash afresh (``open_copy``)."""
    path = Path(evidence_dir) / f.location
    try:
        st = path.stat()
    except OSError:
        st = None
    key = (str(path), f.sha256, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) if st else None
    if key is not None:
        with _checked_lock:
            if key in _checked:
                return _checked[key]
    check, fh = open_copy(f, evidence_dir, ring)
    if fh is not None:
        fh.close()
    if key is not None and check.state in (INTACT, TAMPERED):
        with _checked_lock:
            if len(_checked) > 2048:
                _checked.clear()
            _checked[key] = check
    return check
