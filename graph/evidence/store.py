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

from graph.store.language import N_, gettext
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


def store_files_of(graph, nodes, files, evidence_dir: Path) -> None:
    """Copy the evidence files an import names into the store, before its records are written: a confidential
    source's file is sealed there as its record is in the graph, and that record gets its ``archived_copy``."""
    from graph.store.sealing import sealing_ring

    sealed = {r.props.get("sha256"): r for r in nodes
              if r.label == "Source" and r.props.get("confidential") is True and r.props.get("sha256")}
    ring = sealing_ring(graph) if sealed else None
    for path in files:
        sha = file_sha256(path) if sealed else None
        stored = store_file(path, evidence_dir, ring if sha in sealed else None)
        if sha in sealed:
            sealed[sha].props["archived_copy"] = stored.archived_copy


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


# What a file's first bytes say it is, for the kinds of file evidence comes in: (extension, words, test).
def _riff(kind: bytes):
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _starts(*prefixes: bytes):
    return lambda head: any(head.startswith(p) for p in prefixes)


def _ftyp(head: bytes) -> bool:
    return head[4:8] == b"ftyp"


def _text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:     # a character cut at the end of the sample is still text
        return exc.start >= len(head) - 4
    return True


FILE_KINDS: tuple[tuple[tuple[str, ...], str, object], ...] = (
    ((".pdf",), N_("a PDF document"), _starts(b"%PDF-")),
    ((".png",), N_("a PNG image"), _starts(b"\x89PNG\r\n\x1a\n")),
    ((".jpg", ".jpeg"), N_("a JPEG image"), _starts(b"\xff\xd8\xff")),
    ((".gif",), N_("a GIF image"), _starts(b"GIF87a", b"GIF89a")),
    ((".webp",), N_("a WebP image"), _riff(b"WEBP")),
    ((".tif", ".tiff"), N_("a TIFF image"), _starts(b"II*\x00", b"MM\x00*")),
    ((".docx", ".xlsx", ".pptx", ".odt", ".ods", ".zip"), N_("an Office document or ZIP archive"), _starts(b"PK\x03\x04")),
    ((".doc", ".xls"), N_("an old Office document"), _starts(b"\xd0\xcf\x11\xe0")),
    ((".mp4", ".m4v", ".mov", ".m4a", ".3gp"), N_("a video or audio file (MP4/QuickTime)"), _ftyp),
    ((".webm", ".mkv"), N_("a WebM/Matroska video"), _starts(b"\x1a\x45\xdf\xa3")),
    ((".mp3",), N_("an MP3 recording"), _starts(b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ((".ogg", ".oga", ".ogv", ".opus"), N_("an Ogg recording"), _starts(b"OggS")),
    ((".wav",), N_("a WAV recording"), _riff(b"WAVE")),
    ((".txt", ".csv", ".md", ".json", ".html", ".htm", ".xml", ".eml"), N_("a text file"), _text),
)


class WrongFileKind(ValueError):
    """An uploaded file is not what its name says, or not a kind of file evidence comes in."""


def check_file_kind(path: Path, file_name: str) -> str:
    """The words for what the file is, when its contents match its extension; WrongFileKind otherwise (a
    "scan.pdf" that is an executable is refused before it reaches the evidence store)."""
    ext = Path(file_name).suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(4096)
    looks = next((words for _, words, test in FILE_KINDS if test(head)), None)
    for extensions, words, test in FILE_KINDS:
        if ext in extensions:
            if test(head):
                return words
            raise WrongFileKind(gettext("%(file)s is named as %(named)s, but its contents are %(contents)s; nothing "
                                        "was stored.", file=repr(file_name), named=gettext(words),
                                        contents=gettext(looks) if looks else
                                        gettext("not a kind of file this app recognises")))
    accepted = ", ".join(e for extensions, _, _ in FILE_KINDS for e in extensions)
    raise WrongFileKind(gettext("%(file)s: files ending in %(extension)s are not accepted as evidence; accepted: "
                                "%(accepted)s.", file=repr(file_name), extension=ext or gettext("(no extension)"),
                                accepted=accepted))
