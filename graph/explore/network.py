"""The neighbourhood of a node as a picture: a bounded Cypher read, a networkx graph, and pyvis's node and
edge lists (vis-network's format) that our own template draws with the vendored vis-network.

A hub with hundreds of neighbours shows the first ``cap`` and a "+ K more" node that fetches the next
page, so the browser never freezes. Every node is masked for the viewer (graph/explore/refs.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from pyvis.network import Network

from graph.access.viewer import Viewer
from graph.explore.refs import KIND_LABEL, KINDS, NodeRef, by_uid, node_map, ref, role_words
from graph.explore.vis import colour, vis_edge, vis_node
from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.schema import SCHEMA

EXPAND_HINT = N_("click: expand · double-click: open page")

HUB_CAP = 40          # neighbours of the centre (and of a node expanded by a click)
SECOND_CAP = 12       # neighbours of each neighbour at depth 2: at most 40 * 12 nodes in all
MAX_CAP = 200
HIDDEN_TYPES = ("IMPORTED_BY",)
HIDDEN_KINDS = ("import",)

def neighbours_query(types: list[str], labelled: bool) -> str:
    """The first neighbours of each node of ``$uids``, per relationship type, reading no more of a hub than is
    shown: one arm per type with its own LIMIT, the type in the pattern (Neo4j then walks only that type's
    relationships of a dense node), in the order Neo4j keeps them (stable while the data is unchanged, so
    "+ K more" pages on without repeats), and the total from the degree counts. ``types`` are schema names
    (Filters.parse checks them); ``labelled``: only neighbours with one of ``$labels``."""
    only = " WHERE any(l IN labels(m) WHERE l IN $labels)" if labelled else ""
    arms = "\n    UNION ALL ".join(f"MATCH (c)-[r:{t}]-(m){only} RETURN r, m LIMIT $take" for t in types)
    return f"""
UNWIND $uids AS u
{by_uid('c', 'u')}
CALL (c) {{ RETURN COUNT {{ (c)-[:{'|'.join(types)}]-(m){only} }} AS total }}
CALL (c) {{
  CALL (c) {{
    {arms}
  }}
  WITH type(r) AS t, collect({{id: elementId(r), type: type(r), start: startNode(r).uid, end: endNode(r).uid,
                              role: r.role, title: r.title, node: {node_map('m')}}}) AS first
  WITH t, first ORDER BY t
  RETURN collect(first) AS groups
}}
RETURN {node_map('c')} AS c, total, groups
"""


@dataclass(frozen=True)
class Filters:
    """Relationship types and kinds to show; both checked against the schema's allow-lists."""
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @classmethod
    def parse(cls, types: list[str], kinds: list[str]) -> "Filters":
        ok_types = tuple(t for t in types if t in SCHEMA.relationships and t not in HIDDEN_TYPES)
        ok_kinds = tuple(k for k in kinds if k in KIND_LABEL and k not in HIDDEN_KINDS)
        return cls(ok_types, ok_kinds)

    def rel_types(self) -> list[str]:
        return list(self.types) or [t for t in SCHEMA.relationships if t not in HIDDEN_TYPES]

    def labels(self) -> list[str]:
        kinds = self.kinds or tuple(k for _, k in KINDS if k not in HIDDEN_KINDS)
        return [KIND_LABEL[k] for k in kinds]


ALL_TYPES = tuple(t for t in SCHEMA.relationships if t not in HIDDEN_TYPES)
ALL_KINDS = tuple(k for _, k in KINDS if k not in HIDDEN_KINDS)


@dataclass(frozen=True)
class Picture:
    """What the template draws: vis-network node and edge dicts, plus what was asked."""
    center: NodeRef | None
    nodes: tuple[dict, ...]
    edges: tuple[dict, ...]
    depth: int = 1
    truncated: bool = False

    TABLE_COLUMNS = ("from_uid", "from", "relation", "to_uid", "to")

    def table_rows(self) -> list[list[str]]:
        """The picture's edges as statements, for a CSV download ("+ K more" links left out)."""
        names = {n["id"]: n.get("full_name", n["label"]) for n in self.nodes}
        return [[e["from"], names.get(e["from"], ""), e["title"], e["to"], names.get(e["to"], "")]
                for e in self.edges if e.get("type") != "MORE"]

    def as_dict(self) -> dict:
        return {"center": self.center.as_dict() if self.center else None, "depth": self.depth,
                "truncated": self.truncated, "nodes": list(self.nodes), "edges": list(self.edges)}


@dataclass
class Builder:
    viewer: Viewer
    g: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    truncated: bool = False

    def add_node(self, node: NodeRef) -> None:
        if node.uid not in self.g:
            self.g.add_node(node.uid, **vis_node(node.uid, node.kind, node.name, node.facts, gettext(EXPAND_HINT),
                                                 masked=node.masked, full_name=node.name))

    def add_rows(self, rows, skip: int, cap: int) -> None:
        for row in rows:
            centre = ref(row["c"], self.viewer)
            self.add_node(centre)
            if centre.masked and centre.kind != "source":
                continue    # a protected person's surroundings would say who they are: not expanded
            for item in _page(row["groups"], skip, cap):
                self.add_node(ref(item["node"], self.viewer))
                self.add_edge(item)
            shown = min(skip + cap, row["total"])
            if row["total"] > shown:
                self.add_more(centre.uid, row["total"] - shown, shown)

    def add_edge(self, item: dict) -> None:
        self.g.add_edge(item["start"], item["end"], key=item["id"],
                        **vis_edge(item["id"], item["type"], role_words(item["type"], item.get("role")) or item.get("title")))

    def add_more(self, hub: str, k: int, next_skip: int) -> None:
        self.truncated = True
        more = f"more:{hub}:{next_skip}"
        self.g.add_node(more, label=gettext("+ %(n)s more", n=k),
                        title=gettext("%(n)s more neighbours: click to show the next ones", n=k),
                        color=colour("more"), shape="box", kind="more", more_of=hub, skip=next_skip, size=12,
                        font={"color": "#ffffff", "size": 14}, mass=2)
        self.g.add_edge(hub, more, key=more, id=f"edge:{more}", label="", title=gettext("%(n)s more", n=k), type="MORE",
                        dashes=True)

    def picture(self, center: NodeRef | None, depth: int) -> Picture:
        if center and center.uid in self.g:     # the node one started from stands out
            self.g.nodes[center.uid].update(size=32, borderWidth=3, center=True)
        net = Network(directed=True)
        net.from_nx(self.g, show_edge_weights=False)
        edges = tuple({k: v for k, v in e.items() if k != "width"} for e in net.edges)
        return Picture(center, tuple(net.nodes), edges, depth, self.truncated)


def _page(groups: list[list[dict]], skip: int, cap: int) -> list[dict]:
    """Neighbours taken in turn from each relationship type, so a judge's sanctions are not crowded out
    by hundreds of cases; then the page [skip, skip + cap) of that order."""
    order = [g[k] for k in range(max((len(g) for g in groups), default=0)) for g in groups if k < len(g)]
    return order[skip: skip + cap]


def _run(tx, uids: list[str], filters: Filters, skip: int, cap: int) -> list:
    query = neighbours_query(filters.rel_types(), bool(filters.kinds))
    return list(tx.run(query, {"uids": uids, "labels": filters.labels(), "take": skip + cap}))


def get_network(graph: Graph, uid: str, viewer: Viewer, depth: int = 1, filters: Filters = Filters(),
                skip: int = 0, cap: int = HUB_CAP) -> Picture | None:
    """The neighbourhood of ``uid`` (depth 1 or 2, bounded per hub), or None if no node has this uid."""
    depth, cap, skip = max(1, min(depth, 2)), max(1, min(cap, MAX_CAP)), max(0, skip)

    def work(tx):
        first = _run(tx, [uid], filters, skip, cap)
        if not first:
            return None
        b = Builder(viewer)
        b.add_rows(first, skip, cap)
        if depth == 2:
            ring = [i["node"]["uid"] for i in _page(first[0]["groups"], skip, cap)]
            b.add_rows(_run(tx, ring, filters, 0, SECOND_CAP), 0, SECOND_CAP)
        return b.picture(ref(first[0]["c"], viewer), depth)
    return graph.read(work)
