"""Which officials a batch of dossiers is made for (``evgraph dossier --batch`` and the web's exports page):
the ``uid`` column of a saved query, or of a read-only statement, run for the viewer who asks; or the
built-in selection, officials with at least N evidenced violations that an authority (or no one) has not
designated (graph/sanctions/gap.py)."""
from __future__ import annotations

from graph.access.viewer import Viewer
from graph.evidence.grades import EvidenceThreshold
from graph.store.db import Graph
from graph.store.language import gettext, ngettext

BUILTIN = "unsanctioned"


class SelectionError(ValueError):
    """The selection cannot be run: an unknown saved query, a parameter it refuses, a statement that
    writes or fails, or no ``uid`` column."""


def selection_uids(graph: Graph, viewer: Viewer, selection: str | None = BUILTIN, *, params: dict | None = None,
                   cypher: str | None = None, label: str | None = None, min_violations: int = 3,
                   authority: str | None = None, threshold: EvidenceThreshold = EvidenceThreshold()) -> list[str]:
    """The uids of the saved query ``selection`` (with ``params``), of the read-only statement ``cypher``
    (a .cypher file's text, named ``label``), or of the built-in selection, as ``viewer`` may read them."""
    from graph.console.readonly import QueryFailed, QueryRefused, run_read_only
    from graph.console.saved import ParamError, get_query, run_saved

    if cypher is None and (not selection or selection == BUILTIN):
        from graph.sanctions.gap import unsanctioned_with_violations

        return unsanctioned_with_violations(graph, min_violations, authority, threshold)
    params = params or {}
    try:
        if cypher is not None:
            result = run_read_only(graph, cypher, params, viewer=viewer)
        else:
            query = get_query(selection)
            if query is None:
                raise SelectionError(gettext("No saved query %(name)s, and it is not the built-in selection "
                                             "%(builtin)s.", name=repr(selection), builtin=repr(BUILTIN)))
            result = run_saved(graph, query, params, viewer)
    except (QueryRefused, QueryFailed, ParamError) as err:
        raise SelectionError(str(err)) from None
    if "uid" not in result.columns:
        raise SelectionError(gettext("%(query)s returns no `uid` column (%(columns)s).",
                                     query=label or selection or "", columns=", ".join(map(str, result.columns))))
    return [row["uid"] for row in result.as_dicts() if row["uid"]]


def batch_title(selection: str | None, query_file: str | None = None, min_violations: int = 3,
                authority: str | None = None) -> str:
    """The title of a batch's index, in the dossiers' language (the words ``evgraph dossier --batch`` uses)."""
    if query_file:
        return gettext("Dossiers: %(name)s", name=query_file)
    if selection and selection != BUILTIN:
        return gettext("Dossiers: saved query %(name)s", name=selection)
    if authority:
        return ngettext("Officials with at least %(num)d evidenced violations, not listed by %(authority)s",
                        "Officials with at least %(num)d evidenced violations, not listed by %(authority)s",
                        min_violations, authority=authority)
    return ngettext("Officials with at least %(num)d evidenced violations, not listed by any authority",
                    "Officials with at least %(num)d evidenced violations, not listed by any authority", min_violations)
