"""Maintenance of the seals: sealing a graph written before sealing existed (``evgraph keys seal``), and
rotating the data key (``evgraph keys rotate``). Both are safe to run again after an interruption."""
from __future__ import annotations

from pathlib import Path

from graph.store.db import pages_by_uid
from graph.store.records import NodeRecord
from graph.store.sealing import (PERSON_NAMES, RECORD_VAULT, VAULT_UID, KeyRing, KeyState, NameScrubber, is_blind_uid,
                                 load_keys, save_ring, scrubbed, scrubber_of, sealing_ring)
from graph.store.schema import SCHEMA
from graph.store.writer import write_records

TIMESTAMPS = ("created_at", "updated_at")
LEGACY = ("MATCH (n:{label}) WHERE n.{flag} = true AND n.sealed IS NULL "
          "RETURN n.uid AS uid, properties(n) AS props, labels(n) AS labels")
RENAME = ("MATCH (n:{label} {{uid: $old}}) WITH n, n.created_at AS created "
          "SET n = {{uid: $new, {flag}: true, created_at: created}}")
RECITE = ("MATCH ()-[r]->() WHERE any(u IN r.source_uids WHERE u IN $old) "
          "SET r.source_uids = [u IN r.source_uids | coalesce($remap[u], u)]")
PAGE = "MATCH (n:{label}) WHERE n.uid > $after RETURN n.uid AS uid, properties(n) AS props ORDER BY n.uid LIMIT 2000"
RELS = "MATCH ()-[r:{type}]->() WHERE r.uid IS NOT NULL RETURN r.uid AS uid, properties(r) AS props"
SET_NODE = "UNWIND $rows AS row MATCH (n:{label} {{uid: row.uid}}) SET n += row.props"
SET_REL = "UNWIND $rows AS row MATCH ()-[r:{type} {{uid: row.uid}}]->() SET r += row.props"
SKIP_LABELS = ("Vault", "ImportBatch", "Revision")


def seal_existing(graph) -> dict:
    """Protected people and confidential sources still in clear text get keyed uids, pseudonyms and seals;
    then every other record's text is searched for their names."""
    ring = sealing_ring(graph)
    sealed = 0
    for label, rule in SCHEMA.sealing.items():
        rows = graph.query(LEGACY.format(label=label, flag=rule.when))
        remap = {}
        for row in rows:
            old = row["uid"]
            new = old if is_blind_uid(old) else ring.blind_uid(old)
            props = {k: v for k, v in row["props"].items() if k not in TIMESTAMPS and k != "uid"}
            graph.execute(RENAME.format(label=label, flag=rule.when), {"old": old, "new": new})
            extra = tuple(x for x in row["labels"] if x != label and x in SCHEMA.labels)
            write_records(graph, [NodeRecord(label, new, props, extra)])
            remap[old] = new
            sealed += 1
        if remap and label == "Source":
            graph.execute(RECITE, {"old": list(remap), "remap": remap})
    return {"nodes": sealed, "scrubbed": scrub_everything(graph, ring, scrubber_of(graph, ring))}


def scrub_everything(graph, ring: KeyRing, scrubber: NameScrubber) -> int:
    if not scrubber:
        return 0
    done = 0
    for label in SCHEMA.nodes:
        if label in SKIP_LABELS or SCHEMA.nodes[label].internal:
            continue
        rule = SCHEMA.sealing.get(label)
        for rows in pages_by_uid(graph, PAGE.format(label=label)):
            changes = []
            for r in rows:
                if rule and r["props"].get(rule.when) is True:
                    continue
                out = scrubbed(ring, scrubber, r["uid"], r["props"], PERSON_NAMES if label == "Person" else ())
                if out:
                    changes.append({"uid": r["uid"], "props": out})
            if changes:
                graph.execute(SET_NODE.format(label=label), {"rows": changes})
                done += len(changes)
    for rel_type in SCHEMA.relationships:
        changes = [{"uid": r["uid"], "props": out} for r in graph.query(RELS.format(type=rel_type))
                   if (out := scrubbed(ring, scrubber, r["uid"], r["props"]))]
        for i in range(0, len(changes), 2000):
            graph.execute(SET_REL.format(type=rel_type), {"rows": changes[i:i + 2000]})
        done += len(changes)
    return done


ALL_SEALED_NODES = "MATCH (n) WHERE n.sealed IS NOT NULL RETURN n.uid AS uid, n.sealed AS sealed, labels(n)[0] AS label"
ALL_SEALED_RELS = "MATCH ()-[r]->() WHERE r.sealed IS NOT NULL RETURN r.uid AS uid, r.sealed AS sealed, type(r) AS type"
RESEAL_NODE = "UNWIND $rows AS row MATCH (n:{label} {{uid: row.uid}}) SET n.sealed = row.sealed"
RESEAL_REL = "UNWIND $rows AS row MATCH ()-[r:{type} {{uid: row.uid}}]->() SET r.sealed = row.sealed"


def rotate(graph, settings, retire: bool = False) -> tuple[KeyRing, dict]:
    """A new active key; every seal and sealed file made with another key is made again with it. The ring
    file holds old and new keys throughout, so an interrupted rotation can simply be run again."""
    old = load_keys(graph).require()
    ring = old.rotated()
    save_ring(settings, ring)
    graph.key_state = KeyState(ring, recorded=False)
    sealing_ring(graph)                                  # the Vault names old and new keys
    records = 0
    for query, statement, kind in ((ALL_SEALED_NODES, RESEAL_NODE, "label"), (ALL_SEALED_RELS, RESEAL_REL, "type")):
        groups: dict[str, list] = {}
        for r in graph.query(query):
            if ring.key_of(r["sealed"]) != ring.active and r[kind] in (SCHEMA.labels | set(SCHEMA.relationships)):
                groups.setdefault(r[kind], []).append(
                    {"uid": r["uid"], "sealed": ring.seal(r["uid"], ring.open(r["uid"], r["sealed"]))})
        for name, rows in groups.items():
            for i in range(0, len(rows), 2000):
                graph.execute(statement.format(**{kind: name}), {"rows": rows[i:i + 2000]})
            records += len(rows)
    files = 0
    folder = Path(settings.evidence_dir) / "sealed"
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        name = f"sealed/{path.name}"
        data = path.read_bytes()
        kid = data[5:5 + data[4]].decode("ascii") if len(data) > 5 else ""
        if kid != ring.active:
            path.chmod(0o600)
            path.write_bytes(ring.seal_bytes(name, ring.open_bytes(name, data)))
            path.chmod(0o400)
            files += 1
    if retire:
        ring = ring.only_active()
        save_ring(settings, ring)
        graph.execute(RECORD_VAULT, {"uid": VAULT_UID, "key_ids": sorted(ring.keys), "index_id": ring.index_id})
        graph.key_state = KeyState(ring, recorded=True)
    return ring, {"records": records, "files": files}
