"""The nodes and relationships of a console result as a vis-network picture (graph/explore/vis.py draws
every picture the same way). The result is already masked for the viewer (graph/access/masking.py)."""
from __future__ import annotations

from typing import Callable

from graph.console.readonly import QueryResult
from graph.explore.refs import kind_of
from graph.explore.vis import colour, vis_edge, vis_node
from graph.store.language import N_, gettext

MAX_NETWORK_NODES = 400
OPEN_HINT = N_("double-click: open page")


def result_picture(result: QueryResult, link: Callable[[str], str | None]) -> dict:
    """At most MAX_NETWORK_NODES nodes, the relationships between them, and the kinds for a legend;
    ``link(uid)`` gives a node's page."""
    nodes = list(result.nodes.items())[:MAX_NETWORK_NODES]
    shown = {key for key, _ in nodes}
    out_nodes = []
    for key, node in nodes:
        props, kind = node["props"], kind_of(node["labels"])
        name = str(props.get("name") or props.get("uid") or kind)
        uid = props.get("uid")
        out_nodes.append({"id": key, **vis_node(key, kind, name, hint=gettext(OPEN_HINT)),
                          "href": link(uid) if isinstance(uid, str) else None})
    edges = [{"from": rel["start"], "to": rel["end"], **vis_edge(key, rel["type"])}
             for key, rel in result.relationships.items() if rel["start"] in shown and rel["end"] in shown]
    kinds = list(dict.fromkeys(n["kind"] for n in out_nodes))
    return {"nodes": out_nodes, "edges": edges, "more": max(0, len(result.nodes) - MAX_NETWORK_NODES),
            "kinds": [{"kind": k, "colour": colour(k)} for k in kinds]}
