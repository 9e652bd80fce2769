"""Importers reuse what exists: a court, a detention site or an official that a register or a list of
officials names only by name, and that the graph already has under the same name key in the same
context (the same label and kind), is linked to that record instead of made again. Near matches (another
spelling, another script) are not linked: they go to the review queue (graph/resolution) as candidates.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from graph.store.names import name_keys
from graph.store.records import NodeRecord, RelRecord

from .register import key_uid

# (label, extra label) of a record made from a name alone -> the kind its uid was made with (register.key_uid)
BY_NAME = {("Organization", "Court"): "court", ("Organization", None): "organisation",
           ("DetentionSite", None): "site", ("Person", "Official"): "official"}
SAME_KEY = """
UNWIND $rows AS row
CALL db.index.fulltext.queryNodes($index, row.query, {limit: 20}) YIELD node
WHERE row.label IN labels(node) AND row.key IN coalesce(node.name_keys, []) AND node.uid <> row.uid
  AND (row.extra IS NULL OR row.extra IN labels(node)) AND NOT coalesce(node.protected, false)
  AND (row.kind IS NULL OR node.kind = row.kind)
RETURN row.uid AS uid, collect(DISTINCT node.uid) AS found
"""
# a record the graph has under its own uid already (an earlier import of the same file) stays itself
PRESENT = """
UNWIND $rows AS row
CALL (row) { MATCH (n:Organization {uid: row.uid}) RETURN n UNION MATCH (n:DetentionSite {uid: row.uid}) RETURN n
             UNION MATCH (n:Person {uid: row.uid}) RETURN n }
RETURN n.uid AS uid
"""


@dataclass
class Reused:
    linked: dict[str, str] = field(default_factory=dict)     # the uid a record would have had -> the existing one
    ambiguous: int = 0                                        # names several records have: made, for review

    def as_dict(self) -> dict:
        return {"linked": len(self.linked), "ambiguous": self.ambiguous}


def _kind_of(rec: NodeRecord) -> str | None:
    for (label, extra), kind in BY_NAME.items():
        if rec.label == label and (extra is None and not rec.extra_labels or extra in rec.extra_labels):
            name = rec.props.get("name")
            if isinstance(name, str) and rec.uid == key_uid(kind, name):
                return kind
    return None


def link_existing(graph, nodes: list[NodeRecord], rels: list[RelRecord], index: str) -> tuple[list, list, Reused]:
    """The records with those named only by name linked to the graph's own, where exactly one has the key."""
    wanted = {}
    for rec in nodes:
        kind = _kind_of(rec)
        keys = name_keys(rec.props.get("name")) if kind else []
        if kind and keys and rec.uid not in wanted:
            extra = next((x for (label, x), k in BY_NAME.items() if k == kind and label == rec.label), None)
            wanted[rec.uid] = {"uid": rec.uid, "label": rec.label, "extra": extra, "key": keys[0],
                               "kind": "court" if kind == "court" else None,
                               "query": 'name_keys:"' + keys[0].replace('"', "") + '"'}
    reused = Reused()
    if not wanted:
        return nodes, rels, reused
    present = {r["uid"] for r in graph.query(PRESENT, {"rows": list(wanted.values())})}
    rows = [w for uid, w in wanted.items() if uid not in present]
    for r in graph.query(SAME_KEY, {"rows": rows, "index": index}) if rows else []:
        if len(r["found"]) == 1:
            reused.linked[r["uid"]] = r["found"][0]
        elif r["found"]:
            reused.ambiguous += 1
    if not reused.linked:
        return nodes, rels, reused
    remap = reused.linked
    # the graph's record stays as it is (its name, its provenance); the import's connections point at it,
    # each keeping the uid it would have had, so importing the file again changes nothing
    nodes = [n for n in nodes if n.uid not in remap]
    rels = [replace(r, start_uid=remap.get(r.start_uid, r.start_uid), end_uid=remap.get(r.end_uid, r.end_uid),
                    uid=r.rel_uid) for r in rels]
    return nodes, rels, reused
