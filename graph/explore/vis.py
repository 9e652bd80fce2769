"""How a node and an edge look in a vis-network picture, for every picture the app draws (the
neighbourhood, paths, the console's result): colour and shape by kind, the label, and a plain-text tooltip
(the browser sets it as text, never as HTML)."""
from __future__ import annotations

from graph.explore.refs import kind_words
from graph.store.language import gettext
from graph.store.schema import SCHEMA

# Colour and shape by kind; shapes that draw the label underneath keep the picture legible.
STYLE = {
    "detainee": ("#2f7d45", "dot"), "official": ("#b3261e", "diamond"), "person": ("#7a7f87", "dot"),
    "court": ("#2c4a9a", "square"), "organisation": ("#4f6d8f", "square"), "case": ("#b8860b", "triangle"),
    "site": ("#6b4f2a", "hexagon"), "violation": ("#d2553f", "star"), "source": ("#6f4a96", "dot"),
    "sanction": ("#d08a00", "triangleDown"), "more": ("#4d5b70", "box"), "node": ("#9aa3ae", "dot"),
}
LABEL_LENGTH = 34


def colour(kind: str) -> str:
    return STYLE.get(kind, STYLE["node"])[0]


def short(name: str, n: int = LABEL_LENGTH) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def vis_node(key: str, kind: str, name: str, facts=(), hint: str = "", **extra) -> dict:
    """One node: ``key`` is its id in the picture, ``name`` already masked for the viewer."""
    fill, shape = STYLE.get(kind, STYLE["node"])
    tip = "\n".join(x for x in (gettext("%(kind)s: %(name)s", kind=kind_words(kind), name=name), " · ".join(facts), hint)
                    if x)
    return {"label": short(name), "title": tip, "color": fill, "shape": shape, "kind": kind,
            "size": 22 if kind in ("official", "detainee") else 16, **extra}


def vis_edge(key: str, rel_type: str, detail: str | None = None, **extra) -> dict:
    label = SCHEMA.relation_words(rel_type)
    title = gettext("%(relation)s (%(detail)s)", relation=label, detail=detail) if detail else label
    return {"id": key, "label": label, "title": title, "type": rel_type,
            **extra}
