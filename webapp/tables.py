"""How result tables read: which column links to an entity page, and how a value shows in a cell
(graph/store/plain.display)."""
from __future__ import annotations

from flask import Blueprint

from graph.store.language import N_, gettext
from graph.store.plain import display
from graph.store.schema import SCHEMA

bp = Blueprint("tables", __name__)

# A record's kind (graph/explore/refs.py KINDS) as a person reads it: one, and the heading of a group of them.
KIND_WORDS = {"detainee": (N_("detainee"), N_("detainees")), "official": (N_("official"), N_("officials")),
              "person": (N_("person"), N_("persons")), "court": (N_("court"), N_("courts")),
              "organisation": (N_("organisation"), N_("organisations")), "case": (N_("case"), N_("cases")),
              "site": (N_("site"), N_("sites")), "violation": (N_("violation"), N_("violations")),
              "source": (N_("source"), N_("sources")), "sanction": (N_("sanction"), N_("sanctions")),
              "import": (N_("import"), N_("imports")), "node": (N_("node"), N_("nodes"))}


def link_columns(columns: list[str]) -> dict[str, str]:
    """Column -> the column holding its uid: `name` links by `uid`, `judge` by `judge_uid`, `uid` by itself."""
    present = set(columns)
    links = {}
    for column in columns:
        if column == "uid" or column.endswith("_uid"):
            links[column] = column
        elif column == "name" and "uid" in present:
            links[column] = "uid"
        elif f"{column}_uid" in present:
            links[column] = f"{column}_uid"
    return links


def cell_uid(value) -> str | None:
    """The uid a cell points at: its own text in a uid column, or a node's uid."""
    if isinstance(value, dict) and "_node" in value:
        return value.get("uid")
    return value if isinstance(value, str) else None


@bp.app_template_filter("kind")
def kind_words(kind, plural: bool = False) -> str:
    """``detainee`` -> "detainee" (or "detainees"), in the language spoken."""
    words = KIND_WORDS.get(str(kind))
    if words is None:
        return SCHEMA.words(None, kind) if kind else ""
    return gettext(words[1] if plural else words[0])


@bp.app_template_filter("cell")
def _cell_filter(value) -> str:
    return display(value)


@bp.app_template_global("cell_uid")
def _cell_uid(value) -> str | None:
    return cell_uid(value)
