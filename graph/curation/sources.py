"""A new source typed into a form: its fields, and its record (a file hashed into the evidence store, a
web address, or a title), ready to be written with the change that cites it (edits.py)."""
from __future__ import annotations

from pathlib import Path

from graph.curation.fields import FormError, Field, node_fields, parse_fields
from graph.evidence.store import WrongFileKind, check_file_kind, file_source, store_file, titled_source, url_source
from graph.store.language import gettext
from graph.store.records import NodeRecord
from graph.store.sealing import sealing_ring

PREFIX = "new_source_"
FIELDS = ("name", "kind", "url", "published_on", "reliability", "credibility", "confidential")


def source_fields() -> tuple[Field, ...]:
    """The fields of a source added beside a change: a form names them ``new_source_<field>``."""
    return tuple(f for f in node_fields("source") if f.name in FIELDS)


def wants_new_source(form) -> bool:
    return any((form.get(PREFIX + f) or "").strip() for f in ("name", "url"))


SAME_FILE = "MATCH (s:Source {sha256: $sha}) RETURN s.uid AS uid, s.name AS name LIMIT 1"


def file_props(graph, evidence_dir: Path, upload: Path, file_name: str, confidential: bool) -> dict:
    """What an uploaded file adds to a source typed into the source form: its SHA-256, size, media type and
    place in the evidence store. The same file already the evidence of a source is refused, naming it."""
    try:
        check_file_kind(upload, file_name)
    except WrongFileKind as exc:
        raise FormError(str(exc), {"file": str(exc)}) from None
    info = store_file(upload, evidence_dir, sealing_ring(graph) if confidential else None)
    same = graph.query_one(SAME_FILE, {"sha": info.sha256})
    if same:
        raise FormError(gettext("This file is already the evidence of the source %(name)s (%(uid)s): cite that "
                                "source instead.", name=repr(same["name"]), uid=same["uid"]),
                        {"file": gettext("already in the graph")})
    return {"sha256": info.sha256, "size": info.size, "media_type": info.media_type,
            "archived_copy": info.archived_copy}


def new_source(graph, evidence_dir: Path, raw: dict, upload: Path | None = None,
               file_name: str = "") -> NodeRecord:
    """The record of a new source from ``raw`` (field: text, without the prefix) and an uploaded file.
    FormError names the fields, prefixed as the form has them."""
    try:
        values = parse_fields(source_fields(), raw)
    except FormError as exc:
        raise FormError(gettext("The new source: %(error)s", error=exc), {PREFIX + k: v for k, v in exc.errors.items()}) from None
    props = {k: v for k, v in values.items() if v is not None and k not in ("name", "url")}
    if upload is not None:
        try:
            check_file_kind(upload, file_name)
        except WrongFileKind as exc:
            raise FormError(str(exc), {PREFIX + "file": str(exc)}) from None
        ring = sealing_ring(graph) if values.get("confidential") else None
        info = store_file(upload, evidence_dir, ring)
        if values.get("url"):
            props["url"] = values["url"]
        return file_source(info, values["name"], **props)
    if values.get("url"):
        return url_source(values["url"], values["name"], **props)
    return titled_source(values["name"], **props)
