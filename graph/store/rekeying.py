"""Name keys made again when the rules that make them change (graph/store/names.py): the soft sign and
"yo" for ё, say. Keys are stored so that search and matching need no transliteration at read time, so
a graph written under older rules is brought up to date by ``evgraph db rekey``. A sealed record's keys
are keyed hashes of words of its sealed names: they are made again from the opened seal."""
from __future__ import annotations

from typing import Callable

from graph.store.db import pages_by_uid
from graph.store.names import name_keys
from graph.store.schema import SCHEMA
from graph.store.sealing import NAME_FIELDS, is_blind_key, is_sealed, sealing_ring

PAGE = ("MATCH (n:{label}) WHERE n.uid > $after AND n.name_keys IS NOT NULL "
        "RETURN n.uid AS uid, properties(n) AS props ORDER BY n.uid LIMIT 2000")
SET = "UNWIND $rows AS row MATCH (n:{label} {{uid: row.uid}}) SET n.name_keys = row.keys"


def _names(props: dict) -> list:
    return [props.get(f) for f in NAME_FIELDS[:-1]] + list(props.get("aliases") or [])


def refresh_name_keys(graph, progress: Callable[[int], None] | None = None) -> int:
    """Make every stored name key again under today's rules; returns how many records changed."""
    ring = None
    changed = 0
    for label, node in SCHEMA.nodes.items():
        if "name_keys" not in node.properties or node.internal:
            continue
        for rows in pages_by_uid(graph, PAGE.format(label=label)):
            updates = []
            for r in rows:
                props, stored = r["props"], sorted(r["props"].get("name_keys") or [])
                if stored and all(is_blind_key(k) for k in stored) and is_sealed(props.get("sealed")):
                    ring = ring or sealing_ring(graph)
                    clear = {**props, **ring.open(r["uid"], props["sealed"])}
                    keys = sorted({ring.blind(w) for k in name_keys(*_names(clear)) for w in k.split()})
                else:
                    keys = name_keys(*_names(props))
                if keys and keys != stored:
                    updates.append({"uid": r["uid"], "keys": keys})
            if updates:
                graph.execute(SET.format(label=label), {"rows": updates})
                changed += len(updates)
            if progress:
                progress(len(rows))
    return changed
