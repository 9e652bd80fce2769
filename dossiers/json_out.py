"""The dossier as JSON, valid against docs/dossier.schema.json (generated from the dataclasses by
``dossier_json_schema``; a test keeps the file and the code in step)."""
from __future__ import annotations

import json
from pathlib import Path

from graph.dossier.model import Dossier
from graph.store.settings import PROJECT_ROOT

SCHEMA_FILE = PROJECT_ROOT / "docs" / "dossier.schema.json"
DESCRIPTION = (
    "The content of one official's dossier, as `evgraph dossier UID --format json` and /officials/<uid>/dossier.json "
    "give it. The HTML, PDF and DOCX renderings carry the same content. Dates are ISO 8601 strings, only as precise as "
    "they are known (1965, 2014-03, 2014-03-14). Keys and codes (kinds, scripts, a violation's role, authorities) are "
    "English; the texts the dossier words itself (title, threshold, footnotes, case roles, events) are in "
    "`header.language` (en, uk). Footnote numbers "
    "(`note` fields) point into `footnotes`; a footnote's `sources` are annex numbers (A<n>) in `annex`; confidential "
    "sources are only counted, never named. A `note` of null means no source was recorded.")


def render_json(dossier: Dossier) -> str:
    return json.dumps(dossier.as_dict(), ensure_ascii=False, indent=1)


def dossier_json_schema() -> dict:
    """The JSON Schema of the dossier, derived from the frozen dataclasses."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Dossier).json_schema(mode="serialization")
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "evidence-graph/dossier.schema.json",
            "title": "Evidence Graph perpetrator dossier", "description": DESCRIPTION, **schema}


def write_json_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(dossier_json_schema(), indent=1, ensure_ascii=False) + "\n")


def json_schema(path: Path = SCHEMA_FILE) -> dict:
    return json.loads(path.read_text())
