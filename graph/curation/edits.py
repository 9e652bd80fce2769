"""The changes an editor makes to single records, each in one transaction together with its revision
(history.py): create, edit, retract and restore a record; add, edit, retract and restore a relationship;
revert any revision; set a review state.

Every edit names the version of the record it was made on; when someone saved in between, it is refused
with what they changed (Conflict), never written over. Values go through the writer's preparation
(graph/store/writer.py ``prepare``), so an edit is cleaned, keyed and sealed exactly as an import is. A
relationship that asserts a fact about a person is refused without a source, and one to a missing record
is refused. Retracting a record takes it out of the graph, with everything connected to it kept in its
revision (sealed), so no page, search, export, dossier or query can show it; restoring puts it back.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from graph.access.masking import opened, shown, visible_props
from graph.access.viewer import Viewer
from graph.curation import history
from graph.curation.fields import KIND, FormError, kind_of, node_fields, rel_fields
from graph.store.db import Graph
from graph.store.language import format_number, gettext
from graph.store.plain import plain
from graph.store.records import NodeRecord, RelRecord, make_uid
from graph.store.schema import ANY, PRECISION, SCHEMA, SchemaError
from graph.store.seal_existing import scrub_everything
from graph.store.sealing import is_blind_uid, scrubber_of, sealing_ring
from graph.store.writer import node_statement, prepare, rel_statement

EDITABLE_LABELS = tuple(label for label in SCHEMA.data_labels if label != "ImportBatch")
# Relationships the app keeps itself: provenance and the sanctions matcher's decisions.
KEPT_BY_APP = frozenset({"IMPORTED_BY", "SAME_AS", "NOT_SAME_AS"})
EDITABLE_TYPES = tuple(t for t in SCHEMA.relationships if t not in KEPT_BY_APP)
BOOKKEEPING = ("uid", "created_at", "updated_at", "sealed", "name_keys", *SCHEMA.record_properties)
MAX_RETRACTED_RELATIONSHIPS = 50000
REVIEW_STATES = SCHEMA.vocabularies["review_state"]


class NotFound(FormError):
    """No live record has this uid (it may have been retracted)."""


class Conflict(FormError):
    """The record changed since the editor's page was loaded."""

    def __init__(self, message: str, current: int, changes: list[history.Revision]):
        super().__init__(message)
        self.current = current
        self.changes = changes


@dataclass(frozen=True)
class Saved:
    uid: str                      # the record's or relationship's uid (a sealed record's keyed uid)
    version: int
    revision: str
    action: str
    label: str = ""
    skipped: tuple[str, ...] = field(default=())   # relationships a restore could not put back
    # work that goes on after the change was saved (other records' text scrubbed of a name just sealed)
    pending: threading.Thread | None = field(default=None, compare=False, repr=False)

    def wait(self) -> "Saved":
        if self.pending is not None:
            self.pending.join()
        return self

    def as_dict(self) -> dict:
        return {"uid": self.uid, "version": self.version, "revision": self.revision, "action": self.action,
                "label": self.label, "skipped": list(self.skipped)}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _require(viewer: Viewer, reason: str | None) -> str:
    if not viewer.may_edit:
        raise PermissionError(gettext("Only editors and admins may change records."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise FormError(gettext("Say why (a reason is required for every change)."), {"reason": gettext("required")})
    return reason[:2000]


def _same(a, b) -> bool:
    return plain(a) == plain(b)


# -- reading one record ----------------------------------------------------------------------------
_FIND_NODE = " UNION ".join(f"MATCH (n:{label} {{uid: $uid}}) RETURN n" for label in EDITABLE_LABELS)
READ_NODE = f"CALL () {{ {_FIND_NODE} }} RETURN properties(n) AS props, labels(n) AS labels"
_FIND_REL = " UNION ".join(f"MATCH (a)-[r:{t} {{uid: $uid}}]->(b) RETURN a, r, b" for t in EDITABLE_TYPES)
READ_REL = (f"CALL () {{ {_FIND_REL} }} RETURN type(r) AS type, properties(r) AS props, a.uid AS start, "
            f"labels(a) AS start_labels, b.uid AS end, labels(b) AS end_labels")


@dataclass(frozen=True)
class Current:
    """A record as an editor edits it: its values opened from any seal, its kind and version."""
    uid: str
    label: str
    extra_labels: tuple[str, ...]
    kind: str
    version: int
    values: dict             # logical values, without bookkeeping
    review: str | None
    raw: dict                # as stored

    def as_dict(self) -> dict:
        return {"uid": self.uid, "label": self.label, "kind": self.kind, "version": self.version,
                "review": self.review, "values": plain(self.values)}


def _logical(raw: dict, labels, viewer: Viewer) -> dict:
    props, _ = visible_props(labels, raw, viewer)
    return {k: v for k, v in props.items() if k not in BOOKKEEPING}


def read_node(graph: Graph, uid: str, viewer: Viewer) -> Current:
    row = graph.query_one(READ_NODE, {"uid": uid})
    if row is None:
        raise NotFound(gettext("No record has this identifier (it may have been retracted)."))
    base, extra = SCHEMA.split_labels(row["labels"])
    raw = row["props"]
    return Current(raw["uid"], base, extra, kind_of(base, extra), int(raw.get("version") or 0),
                   _logical(raw, row["labels"], viewer), raw.get("review"), raw)


@dataclass(frozen=True)
class CurrentRel:
    uid: str
    type: str
    start: str
    start_label: str
    end: str
    end_label: str
    version: int
    values: dict
    source_uids: tuple[str, ...]
    review: str | None
    raw: dict

    def as_dict(self) -> dict:
        return {"uid": self.uid, "type": self.type, "start": self.start, "end": self.end, "version": self.version,
                "review": self.review, "values": plain(self.values), "source_uids": list(self.source_uids)}


def read_rel(graph: Graph, uid: str, viewer: Viewer) -> CurrentRel:
    row = graph.query_one(READ_REL, {"uid": uid})
    if row is None:
        raise NotFound(gettext("No connection has this identifier (it may have been retracted)."))
    raw = row["props"]
    values = {k: v for k, v in raw.items() if k not in BOOKKEEPING and k != "source_uids"}
    values.update(opened(raw["uid"], raw.get("sealed"), viewer))
    return CurrentRel(raw["uid"], row["type"], row["start"], SCHEMA.split_labels(row["start_labels"])[0],
                      row["end"], SCHEMA.split_labels(row["end_labels"])[0], int(raw.get("version") or 0), values,
                      tuple(raw.get("source_uids") or ()), raw.get("review"), raw)


# -- statements ----------------------------------------------------------------------------------------
LOCK_NODE = ("MATCH (n:{label} {{uid: $uid}}) SET n.version = coalesce(n.version, 0) "
             "RETURN n.version AS version, properties(n) AS props")
REPLACE_NODE = "MATCH (n:{label} {{uid: $uid}}) SET n = $props"
LOCK_REL = ("MATCH ()-[r:{type} {{uid: $uid}}]->() SET r.version = coalesce(r.version, 0) "
            "RETURN r.version AS version, properties(r) AS props")
REPLACE_REL = "MATCH ()-[r:{type} {{uid: $uid}}]->() SET r = $props"
SOURCES_PRESENT = "MATCH (s:Source) WHERE s.uid IN $uids RETURN s.uid AS uid"
SNAPSHOT_RELS = """
MATCH (n:{label} {{uid: $uid}})-[r]-(m)
RETURN type(r) AS type, startNode(r) = n AS out, m.uid AS other, labels(m) AS other_labels, properties(r) AS props
LIMIT $limit
"""
DELETE_NODE = "MATCH (n:{label} {{uid: $uid}}) DETACH DELETE n"
CREATE_NODE = "CREATE (n:{label}{extra}) SET n = $props"
RESTORE_RELS = """
MATCH (n:{label} {{uid: $uid}})
UNWIND $rows AS row
MATCH (m:{other} {{uid: row.other}})
{pattern}
SET r = row.props
RETURN row.other AS other
"""
CITED_BY_CLAIMS = """
CALL () {{ {arms} }}
RETURN count(*) AS n
"""
EVIDENCES = "MATCH (s:Source {uid: $uid})<-[:EVIDENCED_BY]-(x) RETURN count(x) AS n"
DELETE_REL = "MATCH ()-[r:{type} {{uid: $uid}}]->() DELETE r"
CREATE_REL = """
MATCH (a:{a} {{uid: $start}}) MATCH (b:{b} {{uid: $end}})
CREATE (a)-[r:{type}]->(b) SET r = $props
"""
NODE_EXISTS = "MATCH (n:{label} {{uid: $uid}}) RETURN count(n) AS n"
_REVIEW = ("SET x.review = $state, x.reviewed_by = $actor, x.reviewed_at = $now, x.version = $version, "
           "x.updated_at = $now")
REVIEW_NODE = "MATCH (x:{label} {{uid: $uid}}) " + _REVIEW
REVIEW_REL = "MATCH ()-[x:{type} {{uid: $uid}}]->() " + _REVIEW


def _locked(tx, statement: str, uid: str, seen: int, viewer: Viewer, what: str, gone: str) -> dict:
    """Lock the record (or connection: ``what``) for the rest of the transaction and return its stored
    properties, if it is still at version ``seen``; NotFound (saying ``gone``) or Conflict otherwise."""
    locked = tx.run(statement, uid=uid).single()
    if locked is None:
        raise NotFound(gone)
    if int(locked["version"] or 0) != seen:
        raise _stale(tx, uid, seen, int(locked["version"] or 0), viewer, what)
    return locked["props"]


def _stale(tx, uid: str, seen: int, current: int, viewer: Viewer, what: str) -> Conflict:
    changes = history.since(tx, uid, seen, viewer)
    said = "; ".join(
        gettext("%(when)s UTC %(who)s %(what)s", when=c.at.strftime("%Y-%m-%d %H:%M"), who=c.actor or gettext("someone"),
                what=c.words)
        + (": " + ", ".join(f"{k} {before} → {after}" for k, before, after in c.change_texts) if c.changes else "")
        for c in changes if c.at)
    values = {"seen": seen, "current": current, "changes": said or gettext("an update")}
    if what == "connection":
        message = gettext("This connection was changed by someone else after you opened it (you saw version "
                          "%(seen)s, it is now version %(current)s). Nothing was saved. What changed: %(changes)s. "
                          "Reload the page to see the current values, then make your change again.", **values)
    else:
        message = gettext("This record was changed by someone else after you opened it (you saw version "
                          "%(seen)s, it is now version %(current)s). Nothing was saved. What changed: %(changes)s. "
                          "Reload the page to see the current values, then make your change again.", **values)
    return Conflict(message, current, changes)


def _check_fields(fields, changes: dict, refusal) -> None:
    """Refuse a change naming a field (or a date's precision) the form does not have; ``refusal`` says so,
    given the fields named."""
    allowed = {f.name for f in fields}
    allowed |= {f + PRECISION for f in allowed}
    wrong = [k for k in changes if k not in allowed]
    if wrong:
        raise FormError(refusal(", ".join(wrong)), {k: gettext("no such field") for k in wrong})


def _prepared_rel(graph: Graph, fresh: list[NodeRecord], rel: RelRecord, keep_sealed: bool = True):
    """A relationship and the new sources it cites as the writer stores them: (its row, [(uid, props)])."""
    node_groups, rel_groups = prepare(graph, fresh, [rel], keep_sealed=keep_sealed)
    (rows,) = rel_groups.values()
    (row,) = rows
    return row, [(r["uid"], r["props"]) for rs in node_groups.values() for r in rs]


def _stored_row(node_groups: dict) -> dict:
    (rows,) = node_groups.values()
    (row,) = rows
    return row


def _keep(raw: dict, *names: str) -> dict:
    return {k: raw[k] for k in names if raw.get(k) is not None}


def _changes(before: dict, after: dict) -> dict:
    keys = [k for k in dict.fromkeys([*before, *after]) if not _same(before.get(k), after.get(k))]
    return {k: [before.get(k), after.get(k)] for k in keys}


# -- records ---------------------------------------------------------------------------------------------
def check_sources(graph: Graph, uids) -> list[str]:
    uids = [u for u in dict.fromkeys(uids or ()) if u]
    found = {r["uid"] for r in graph.query(SOURCES_PRESENT, {"uids": uids})} if uids else set()
    missing = [u for u in uids if u not in found]
    if missing:
        raise FormError(gettext("No source has the identifier %(uids)s (it may have been retracted): choose an "
                                "existing source or add a new one.", uids=", ".join(missing)),
                        {"sources": gettext("unknown source")})
    return uids


SOURCE_TITLES = ("MATCH (s:Source) WHERE s.uid IN $uids "
                 "RETURN s.uid AS uid, properties(s) AS props, labels(s) AS labels")


def source_titles(graph: Graph, viewer: Viewer, uids) -> dict[str, str]:
    """uid: the title this viewer may read, for the sources a form shows as chosen."""
    out = {}
    for r in graph.query(SOURCE_TITLES, {"uids": list(uids)}):
        props, _ = visible_props(r["labels"], r["props"], viewer)
        out[r["uid"]] = shown(props.get("name")) or r["uid"]
    return out


def _new_sources(graph: Graph, records: list[NodeRecord]) -> tuple[list[NodeRecord], list[str]]:
    """Sources to write (those not in the graph yet) and the uids every one will have (an existing
    source, e.g. the same file uploaded again, is cited as it is, not changed)."""
    uids = [rec.uid for rec in records]
    present = {r["uid"] for r in graph.query(SOURCES_PRESENT, {"uids": uids})} if uids else set()
    return [rec for rec in records if rec.uid not in present], uids


def _write_sources(tx, ring, rows: list[tuple[str, dict]], now: datetime, actor: str, reason: str) -> None:
    for uid, props in rows:
        tx.run(node_statement("Source", ()), rows=[{"uid": uid, "props": {**props, "version": 1}}], now=now,
               batch=None).consume()
        history.write_revision(tx, ring, target=uid, label="Source", action="create", now=now, version=1,
                               actor=actor, reason=reason, payload={"name": props.get("name"), "after": props})


# -- PACE criteria: each criterion a detainee meets is a claim, saved only with its evidence -----------------
CRITERIA_EVIDENCED = ("MATCH (p:Person {uid: $uid})-[e:EVIDENCED_BY]->(s:Source) WHERE e.criterion IS NOT NULL "
                      "RETURN e.criterion AS criterion, s.uid AS source ORDER BY criterion, s.published_on")
CRITERION_FIELD = "pace_sources_"     # + the criterion: the form's (and the API's) sources of one criterion


def criteria_evidence(graph: Graph, uid: str) -> dict[str, list[str]]:
    """criterion: the uids of the sources in the graph that support it, for the record ``uid``."""
    out: dict[str, list[str]] = {}
    for r in graph.query(CRITERIA_EVIDENCED, {"uid": uid}):
        out.setdefault(r["criterion"], []).append(r["source"])
    return out


def _criteria_evidence(graph: Graph, label: str, uid: str, criteria, given, fallback=(),
                       evidenced=frozenset()) -> tuple[list[RelRecord], dict]:
    """The EVIDENCED_BY {criterion} relationships of a record's PACE criteria, and {criterion: uids} for
    the revision: the sources given for a criterion (``given``), else ``fallback`` (the sources given for the
    record). A criterion with neither is refused unless it has evidence already (``evidenced``), as a claim
    about a person without a source is."""
    criteria = list(criteria or ())
    given = {str(c): check_sources(graph, [uids] if isinstance(uids, str) else uids)
             for c, uids in (given or {}).items() if uids}
    stray = sorted(c for c in given if c not in criteria)
    if stray:
        raise FormError(gettext("Sources were given for PACE criteria that are not ticked: %(criteria)s.",
                                criteria=", ".join(f"({c})" for c in stray)),
                        {CRITERION_FIELD + c: gettext("the criterion is not ticked") for c in stray})
    chosen, missing = {}, []
    for c in criteria:
        uids = given.get(c) or ([] if c in evidenced else list(fallback))
        if uids:
            chosen[c] = uids
        elif c not in evidenced:
            missing.append(c)
    if missing:
        raise FormError(gettext("Each PACE criterion states a fact about a person: it is saved only with its "
                                "evidence. Choose a source for criterion %(criteria)s.",
                                criteria=", ".join(f"({c})" for c in missing)),
                        {"pace_criteria": gettext("a source for each criterion"),
                         **{CRITERION_FIELD + c: gettext("required") for c in missing}})
    rels = [RelRecord("EVIDENCED_BY", label, uid, "Source", s, {"criterion": c}, key=f"pace-{c}")
            for c, uids in chosen.items() for s in uids]
    return rels, chosen


def create(graph: Graph, viewer: Viewer, kind: str, values: dict, reason: str, *, sources=(),
           new_sources: list[NodeRecord] = (), criterion_sources: dict | None = None) -> Saved:
    """A new record of ``kind`` (fields.KINDS) with the parsed ``values``, evidenced by ``sources`` (uids
    of existing sources) and ``new_sources`` (records of sources to add). A violation needs one. Each PACE
    criterion of a detainee needs its own: ``criterion_sources`` (criterion: uids), else the record's."""
    reason = _require(viewer, reason)
    if kind not in KIND:
        raise FormError(gettext("unknown kind %(kind)s; one of %(kinds)s", kind=repr(kind), kinds=", ".join(KIND)),
                        {"kind": gettext("unknown")})
    label, extra, _ = KIND[kind]
    sources = check_sources(graph, sources)
    fresh, fresh_uids = _new_sources(graph, list(new_sources))
    cited = list(dict.fromkeys([*sources, *fresh_uids]))
    if label == "Violation" and not cited:
        raise FormError(gettext("A violation is saved only with its evidence: choose a source or add one."),
                        {"sources": gettext("required for a violation")})
    props = {k: v for k, v in values.items() if v is not None}
    uid = make_uid("edit", kind, uuid.uuid4().hex)
    evidence = [RelRecord("EVIDENCED_BY", label, uid, "Source", s) for s in cited]
    for_criteria, chosen = _criteria_evidence(graph, label, uid, props.get("pace_criteria"), criterion_sources,
                                              cited)
    evidence += for_criteria
    node_groups, rel_groups = prepare(graph, [NodeRecord(label, uid, props, (extra,) if extra else ()), *fresh],
                                      evidence, keep_sealed=False)
    ring = sealing_ring(graph)
    now = _now()
    mine = (uid, ring.blind_uid(uid))
    (row,) = [r for rs in node_groups.values() for r in rs if r["uid"] in mine]
    source_rows = [(r["uid"], r["props"]) for rs in node_groups.values() for r in rs if r["uid"] not in mine]

    def work(tx):
        _write_sources(tx, ring, source_rows, now, viewer.name, reason)
        tx.run(CREATE_NODE.format(label=label, extra="".join(f":{x}" for x in ((extra,) if extra else ()))),
               props={**row["props"], "uid": row["uid"], "created_at": now, "updated_at": now, "version": 1}).consume()
        for (rel_type, a, b), rs in rel_groups.items():
            for r in rs:
                tx.run(rel_statement(rel_type, a, b, None), rows=[r], now=now).consume()
        return history.write_revision(tx, ring, target=row["uid"], label=label, action="create", now=now, version=1,
                                      actor=viewer.name, reason=reason,
                                      payload={"name": props.get("name"), "kind": kind, "after": props,
                                               "sources": cited, **({"criterion_sources": chosen} if chosen else {})})

    rid = graph.write(work)
    return Saved(row["uid"], 1, rid, "create", label)


def update(graph: Graph, viewer: Viewer, uid: str, changes: dict, version: int, reason: str, *,
           criterion_sources: dict | None = None) -> Saved:
    """Set the fields in ``changes`` (parsed; None empties one) on the record as it was at ``version``. A PACE
    criterion without evidence yet is saved only with ``criterion_sources`` for it (criterion: source uids)."""
    reason = _require(viewer, reason)
    current = read_node(graph, uid, viewer)
    _check_fields(node_fields(current.kind), changes,
                  lambda wrong: gettext("A %(kind)s has no field %(fields)s.", kind=gettext(current.kind), fields=wrong))
    after = {k: v for k, v in {**current.values, **changes}.items() if v is not None}
    diff = _changes(current.values, after)
    rels, chosen = [], {}
    if after.get("pace_criteria") or criterion_sources:
        # a criterion ticked in this edit needs its evidence; one the record had before is not refused here
        # (`evgraph check` lists it if it has none), so that mending one field never waits on another
        had = set(current.values.get("pace_criteria") or ())
        rels, chosen = _criteria_evidence(graph, current.label, current.uid, after.get("pace_criteria"),
                                          criterion_sources, evidenced=had | set(criteria_evidence(graph, current.uid)))
    if not diff and not rels:
        raise FormError(gettext("Nothing was changed: every field has the value it had."))
    return _replace_node(graph, viewer, current, after, diff, version, reason, "edit",
                         {"criterion_sources": chosen} if chosen else None, rels)


def _replace_node(graph: Graph, viewer: Viewer, current: Current, after: dict, diff: dict, version: int,
                  reason: str, action: str, extra_payload: dict | None = None, rels: list[RelRecord] = ()) -> Saved:
    rule = SCHEMA.sealing.get(current.label)
    becomes_sealed = bool(rule and after.get(rule.when) is True and not is_blind_uid(current.uid))
    node_groups, rel_groups = prepare(graph, [NodeRecord(current.label, current.uid, after, current.extra_labels)],
                                      list(rels), keep_sealed=False)
    row = _stored_row(node_groups)
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        raw = _locked(tx, LOCK_NODE.format(label=current.label), current.uid, version, viewer, "record",
                      gettext("This record was retracted while you were editing it."))
        new_version = version + 1
        props = {**row["props"], **_keep(raw, "created_at", "review", "reviewed_by", "reviewed_at"),
                 "uid": row["uid"], "updated_at": now, "version": new_version}
        tx.run(REPLACE_NODE.format(label=current.label), uid=current.uid, props=props).consume()
        if row["uid"] != current.uid:
            history.renamed(tx, current.uid, row["uid"])
        for (rel_type, a, b), rs in rel_groups.items():     # the evidence of PACE criteria given with the edit
            for r in rs:
                tx.run(rel_statement(rel_type, a, b, None), rows=[r], now=now).consume()
        return history.write_revision(tx, ring, target=row["uid"], label=current.label, action=action, now=now,
                                      version=new_version, actor=viewer.name, reason=reason,
                                      payload={"name": after.get("name"), "changes": diff, **(extra_payload or {})})

    rid = graph.write(work)
    pending = None
    if becomes_sealed:
        # the name this record had in clear text may be written in other records: they get the pseudonym.
        # That reads every record, so it goes on after the answer (evgraph keys seal does it again if
        # the process stops first)
        pending = threading.Thread(target=scrub_everything, args=(graph, ring, scrubber_of(graph, ring)),
                                   name="scrub-sealed-name", daemon=True)
        pending.start()
    return Saved(row["uid"], version + 1, rid, action, current.label, pending=pending)


def _snapshot_rels(tx, label: str, uid: str) -> list[dict]:
    rels = [r.data() for r in tx.run(SNAPSHOT_RELS.format(label=label), uid=uid,
                                      limit=MAX_RETRACTED_RELATIONSHIPS + 1)]
    if len(rels) > MAX_RETRACTED_RELATIONSHIPS:
        raise FormError(gettext("This record has more than %(n)s connections; retract them in smaller steps or ask "
                                "an administrator to remove its import.", n=format_number(MAX_RETRACTED_RELATIONSHIPS)))
    return [{"type": r["type"], "out": r["out"], "other": r["other"],
             "other_label": SCHEMA.split_labels(r["other_labels"])[0], "props": r["props"]} for r in rels]


def _claims_citing(tx, uid: str) -> int:
    arms = " UNION ALL ".join(f"MATCH ()-[r:{t}]->() WHERE $uid IN r.source_uids RETURN r"
                              for t in SCHEMA.asserting_types)
    cited = tx.run(CITED_BY_CLAIMS.format(arms=arms), uid=uid).single()["n"]
    return cited + tx.run(EVIDENCES, uid=uid).single()["n"]


def retract(graph: Graph, viewer: Viewer, uid: str, reason: str, version: int | None = None) -> Saved:
    """Take a record out of the graph, its content and every connection kept (sealed) in the revision."""
    reason = _require(viewer, reason)
    current = read_node(graph, uid, viewer)
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        seen = current.version if version is None else version
        raw = _locked(tx, LOCK_NODE.format(label=current.label), current.uid, seen, viewer, "record",
                      gettext("This record is already retracted."))
        if current.label == "Source":
            cited = _claims_citing(tx, current.uid)
            if cited:
                raise FormError(gettext("This source is cited by %(n)s statement(s): retracting it would leave them "
                                        "without their evidence. Re-source or retract them first.", n=cited))
        rels = _snapshot_rels(tx, current.label, current.uid)
        snapshot = {"labels": [current.label, *current.extra_labels], "props": raw, "rels": rels}
        tx.run(DELETE_NODE.format(label=current.label), uid=current.uid).consume()
        return history.write_revision(tx, ring, target=current.uid, label=current.label, action="retract", now=now,
                                      version=seen + 1, actor=viewer.name, reason=reason,
                                      payload={"name": current.values.get("name"), "kind": current.kind,
                                               "snapshot": snapshot})

    rid = graph.write(work)
    return Saved(current.uid, (current.version if version is None else version) + 1, rid, "retract", current.label)


def _open_payload(rev: dict, ring) -> dict:
    return ring.open(rev["uid"], rev["sealed"])


def restore(graph: Graph, viewer: Viewer, rid: str, reason: str) -> Saved:
    """Put back what a retraction took out: the record (or relationship) as it was, with every connection
    whose other end is still in the graph (the others are named in ``skipped``)."""
    reason = _require(viewer, reason)
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        rev = history.raw_revision(tx, rid)
        if rev is None or rev.get("action") not in history.RETRACTIONS:
            raise NotFound(gettext("No retraction has this identifier."))
        if rev.get("restored"):
            raise FormError(gettext("This retraction was already undone."))
        payload = _open_payload(rev, ring)
        snapshot = payload["snapshot"]
        tx.run("MATCH (r:Revision {uid: $rid}) SET r.restored = true", rid=rid).consume()
        if rev["action"] == "retract-relation":
            return _restore_rel(tx, ring, rev, payload, snapshot, now, viewer, reason)
        label = rev["target_label"]
        if label not in EDITABLE_LABELS:
            raise SchemaError(f"cannot restore a {label}")
        if tx.run(NODE_EXISTS.format(label=label), uid=rev["target"]).single()["n"]:
            raise FormError(gettext("A record with this identifier is in the graph again; nothing to restore."))
        extra = [x for x in snapshot["labels"][1:] if x in SCHEMA.nodes[label].extra_labels]
        version = int(rev.get("version") or 0) + 1
        props = {**snapshot["props"], "version": version, "updated_at": now}
        tx.run(CREATE_NODE.format(label=label, extra="".join(f":{x}" for x in extra)), props=props).consume()
        skipped = []
        groups: dict[tuple, list[dict]] = {}
        for r in snapshot["rels"]:
            if r["type"] not in SCHEMA.relationships or r["other_label"] not in SCHEMA.nodes:
                continue
            groups.setdefault((r["type"], r["out"], r["other_label"]), []).append(r)
        for (rel_type, out, other), rows in groups.items():
            pattern = f"CREATE (n)-[r:{rel_type}]->(m)" if out else f"CREATE (m)-[r:{rel_type}]->(n)"
            back = {x["other"] for x in tx.run(RESTORE_RELS.format(label=label, other=other, pattern=pattern),
                                               uid=rev["target"], rows=rows)}
            skipped += [f"{rel_type} {'to' if out else 'from'} {x['other']}" for x in rows if x["other"] not in back]
        new_rid = history.write_revision(tx, ring, target=rev["target"], label=label, action="restore", now=now,
                                         version=version, actor=viewer.name, reason=reason,
                                         payload={"name": payload.get("name"), "of": rid, "skipped": skipped})
        return Saved(rev["target"], version, new_rid, "restore", label, tuple(skipped))

    return graph.write(work)


def _restore_rel(tx, ring, rev, payload, snapshot, now, viewer, reason) -> Saved:
    rel_type, a, b = snapshot["type"], snapshot["start_label"], snapshot["end_label"]
    SCHEMA.rel(rel_type)
    for label in (a, b):
        if label not in SCHEMA.nodes:
            raise SchemaError(f"unknown label {label}")
    version = int(rev.get("version") or 0) + 1
    created = tx.run(CREATE_REL.format(a=a, b=b, type=rel_type) + " RETURN count(r) AS n", start=snapshot["start"],
                     end=snapshot["end"], props={**snapshot["props"], "version": version, "updated_at": now}).single()
    if not created["n"]:
        raise FormError(gettext("One end of this connection is no longer in the graph (restore it first)."))
    new_rid = history.write_revision(tx, ring, target=rev["target"], label=rel_type, action="restore-relation",
                                     now=now, version=version, actor=viewer.name, reason=reason,
                                     start=snapshot["start"], end=snapshot["end"], payload={"of": rev["uid"]})
    return Saved(rev["target"], version, new_rid, "restore-relation", rel_type)


# -- relationships ----------------------------------------------------------------------------------------
def relation_choices(label: str) -> list[dict]:
    """The connections a record with this base label can have: type, direction, the other end's labels."""
    out = []
    for rel_type in EDITABLE_TYPES:
        rel = SCHEMA.rel(rel_type)
        if ANY in rel.sources or ANY in rel.targets:
            if rel_type != "EVIDENCED_BY" or label == "Source":
                continue
        if label in rel.sources or ANY in rel.sources:
            out.append({"type": rel_type, "direction": "out", "other": list(rel.targets),
                        "asserts": rel.asserts,
                        "words": gettext("%(relation)s … (%(labels)s)", relation=SCHEMA.relation_words(rel_type),
                                         labels=", ".join(gettext(x) for x in rel.targets))})
        if label in rel.targets:
            out.append({"type": rel_type, "direction": "in", "other": list(rel.sources), "asserts": rel.asserts,
                        "words": gettext("(%(labels)s) … %(relation)s this", relation=SCHEMA.relation_words(rel_type),
                                         labels=", ".join(gettext(x) for x in rel.sources))})
    return out


def relate(graph: Graph, viewer: Viewer, rel_type: str, start: str, end: str, values: dict, reason: str, *,
           sources=(), new_sources: list[NodeRecord] = ()) -> Saved:
    """A new relationship between two live records; one that asserts a fact about a person needs a source."""
    reason = _require(viewer, reason)
    if rel_type not in EDITABLE_TYPES:
        raise FormError(gettext("%(type)s is not a connection an editor adds", type=repr(rel_type)),
                        {"type": gettext("unknown")})
    rel = SCHEMA.rel(rel_type)
    try:
        a, b = read_node(graph, start, viewer), read_node(graph, end, viewer)
    except NotFound:
        raise FormError(gettext("Both ends of a connection must be records in the graph (not retracted): choose "
                                "the other end from the suggestions."), {"other": gettext("no such record")}) from None
    for node, allowed, what in ((a, rel.sources, "start"), (b, rel.targets, "end")):
        if ANY not in allowed and node.label not in allowed:
            values = {"relation": SCHEMA.relation_words(rel_type), "kind": gettext(node.kind),
                      "labels": ", ".join(gettext(x) for x in allowed)}
            message = (gettext("A %(relation)s connection cannot start at a %(kind)s; it starts at %(labels)s.", **values)
                       if what == "start" else
                       gettext("A %(relation)s connection cannot end at a %(kind)s; it ends at %(labels)s.", **values))
            raise FormError(message, {"other": gettext("wrong kind of record")})
    if a.uid == b.uid:
        raise FormError(gettext("A record cannot be connected to itself."), {"other": gettext("the same record")})
    sources = check_sources(graph, sources)
    fresh, fresh_uids = _new_sources(graph, list(new_sources))
    cited = list(dict.fromkeys([*sources, *fresh_uids]))
    if rel.asserts and not cited:
        raise FormError(gettext("This connection states a fact about a person: it is saved only with its source. "
                                "Choose an existing source or add one."), {"sources": gettext("required")})
    props = {k: v for k, v in values.items() if v is not None}
    if rel.asserts:
        props["source_uids"] = cited
    uid = make_uid("edit", rel_type, uuid.uuid4().hex)
    row, source_rows = _prepared_rel(graph, fresh, RelRecord(rel_type, a.label, a.uid, b.label, b.uid, props, uid))
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        _write_sources(tx, ring, source_rows, now, viewer.name, reason)
        created = tx.run(CREATE_REL.format(a=a.label, b=b.label, type=rel_type) + " RETURN count(r) AS n",
                         start=row["start"], end=row["end"],
                         props={**row["props"], "uid": uid, "created_at": now, "updated_at": now,
                                "version": 1}).single()
        if not created["n"]:
            raise FormError(gettext("One end of this connection was retracted meanwhile; nothing was saved."))
        return history.write_revision(tx, ring, target=uid, label=rel_type, action="relate", now=now, version=1,
                                      actor=viewer.name, reason=reason, start=row["start"], end=row["end"],
                                      payload={"after": props})

    rid = graph.write(work)
    return Saved(uid, 1, rid, "relate", rel_type)


def update_rel(graph: Graph, viewer: Viewer, uid: str, changes: dict, version: int, reason: str, *,
               sources=None, new_sources: list[NodeRecord] = ()) -> Saved:
    """Set properties of a relationship, and (``sources`` not None) the sources it cites."""
    reason = _require(viewer, reason)
    current = read_rel(graph, uid, viewer)
    _check_fields(rel_fields(current.type), changes,
                  lambda wrong: gettext("A %(relation)s connection has no field %(fields)s.",
                                        relation=SCHEMA.relation_words(current.type), fields=wrong))
    asserts = SCHEMA.rel(current.type).asserts
    before = {**current.values, **({"source_uids": list(current.source_uids)} if asserts else {})}
    after = {k: v for k, v in {**current.values, **changes}.items() if v is not None}
    fresh, fresh_uids = _new_sources(graph, list(new_sources))
    kept = list(current.source_uids) if sources is None else check_sources(graph, sources)
    cited = list(dict.fromkeys([*kept, *fresh_uids]))
    if asserts:
        if not cited:
            raise FormError(gettext("This connection states a fact about a person: it keeps at least one source."),
                            {"sources": gettext("required")})
        after["source_uids"] = cited
    diff = _changes(before, after)
    if not diff:
        raise FormError(gettext("Nothing was changed: every field has the value it had."))
    row, source_rows = _prepared_rel(graph, fresh, RelRecord(current.type, current.start_label, current.start,
                                                             current.end_label, current.end, after, uid),
                                     keep_sealed=False)
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        raw = _locked(tx, LOCK_REL.format(type=current.type), uid, version, viewer, "connection",
                      gettext("This connection was retracted while you were editing it."))
        _write_sources(tx, ring, source_rows, now, viewer.name, reason)
        props = {**row["props"], **_keep(raw, "created_at", "review", "reviewed_by", "reviewed_at"), "uid": uid,
                 "updated_at": now, "version": version + 1}
        tx.run(REPLACE_REL.format(type=current.type), uid=uid, props=props).consume()
        return history.write_revision(tx, ring, target=uid, label=current.type, action="edit-relation", now=now,
                                      version=version + 1, actor=viewer.name, reason=reason, start=current.start,
                                      end=current.end, payload={"changes": diff})

    rid = graph.write(work)
    return Saved(uid, version + 1, rid, "edit-relation", current.type)


def retract_rel(graph: Graph, viewer: Viewer, uid: str, reason: str, version: int | None = None) -> Saved:
    reason = _require(viewer, reason)
    current = read_rel(graph, uid, viewer)
    ring = sealing_ring(graph)
    now = _now()
    seen = current.version if version is None else version

    def work(tx):
        raw = _locked(tx, LOCK_REL.format(type=current.type), uid, seen, viewer, "connection",
                      gettext("This connection is already retracted."))
        snapshot = {"type": current.type, "start": current.start, "start_label": current.start_label,
                    "end": current.end, "end_label": current.end_label, "props": raw}
        tx.run(DELETE_REL.format(type=current.type), uid=uid).consume()
        return history.write_revision(tx, ring, target=uid, label=current.type, action="retract-relation", now=now,
                                      version=seen + 1, actor=viewer.name, reason=reason, start=current.start,
                                      end=current.end, payload={"snapshot": snapshot})

    rid = graph.write(work)
    return Saved(uid, seen + 1, rid, "retract-relation", current.type)


# -- review and revert ---------------------------------------------------------------------------------------
def set_review(graph: Graph, viewer: Viewer, uid: str, state: str | None, reason: str) -> Saved:
    """Mark a record or a relationship "needs_review" or "verified" (None clears the mark)."""
    reason = _require(viewer, reason)
    if state is not None and state not in REVIEW_STATES:
        raise FormError(gettext("A review state is one of %(states)s.", states=", ".join(REVIEW_STATES)),
                        {"review": gettext("unknown state")})
    try:
        node = read_node(graph, uid, viewer)
        lock, setter = LOCK_NODE.format(label=node.label), REVIEW_NODE.format(label=node.label)
        target_label, start, end = node.label, None, None
    except NotFound:
        rel = read_rel(graph, uid, viewer)
        lock, setter = LOCK_REL.format(type=rel.type), REVIEW_REL.format(type=rel.type)
        target_label, start, end = rel.type, rel.start, rel.end
    ring = sealing_ring(graph)
    now = _now()

    def work(tx):
        locked = tx.run(lock, uid=uid).single()
        if locked is None:
            raise NotFound(gettext("This record was retracted meanwhile."))
        raw = locked["props"]
        if raw.get("review") == state:
            raise FormError(gettext("The record already has this review state."))
        new_version = int(locked["version"] or 0) + 1
        tx.run(setter, uid=uid, state=state, actor=viewer.name if state else None, now=now if state else None,
               version=new_version).consume()
        return history.write_revision(tx, ring, target=uid, label=target_label, action="review", now=now,
                                      version=new_version, actor=viewer.name, reason=reason, start=start, end=end,
                                      payload={"changes": {"review": [raw.get("review"), state]}}), new_version

    rid, new_version = graph.write(work)
    return Saved(uid, new_version, rid, "review", target_label)


def revert(graph: Graph, viewer: Viewer, rid: str, reason: str) -> Saved:
    """Undo one revision, as a new revision: an edit's fields go back to what they were before it, a
    creation or an added connection is retracted, a retraction restored, a review state set back."""
    reason = _require(viewer, reason)
    rev = history.get_revision(graph, rid, viewer)
    if rev is None:
        raise NotFound(gettext("No revision has this identifier."))
    if not rev.readable:
        raise PermissionError(gettext("This revision cannot be read with the key this app holds."))
    why = f"revert of {rid}: {reason}"
    if rev.action in history.RETRACTIONS:
        return restore(graph, viewer, rid, why)
    if rev.action in ("create", "restore"):
        return retract(graph, viewer, rev.target, why)
    if rev.action in ("relate", "restore-relation"):
        return retract_rel(graph, viewer, rev.target, why)
    if rev.action == "review":
        return set_review(graph, viewer, rev.target, rev.changes["review"][0], why)
    if rev.action == "edit":
        current = read_node(graph, rev.target, viewer)
        back = {k: v[0] for k, v in rev.changes.items()}
        after = {k: v for k, v in {**current.values, **back}.items() if v is not None}
        diff = _changes(current.values, after)
        if not diff:
            raise FormError(gettext("The record already has the values this revision changed."))
        return _replace_node(graph, viewer, current, after, diff, current.version, why, "edit", {"reverts": rid})
    if rev.action == "edit-relation":
        current = read_rel(graph, rev.target, viewer)
        back = {k: v[0] for k, v in rev.changes.items() if k != "source_uids"}
        sources = rev.changes.get("source_uids", [None])[0]
        return update_rel(graph, viewer, rev.target, back, current.version, why, sources=sources)
    raise FormError(gettext("A %(action)s revision cannot be reverted.", action=rev.words))


# -- lists ------------------------------------------------------------------------------------------------------
CONNECTIONS = """
MATCH (n:{label} {{uid: $uid}})-[r]-(m) WHERE type(r) IN $types AND r.uid > $after
RETURN type(r) AS type, r.uid AS uid, startNode(r) = n AS out, properties(r) AS props,
       m {{.uid, .name, .protected, .confidential, .sealed, labels: labels(m)}} AS other
ORDER BY r.uid LIMIT $limit
"""


def connections(graph: Graph, viewer: Viewer, current: Current, after: str = "", limit: int = 100) -> list[dict]:
    """The record's editable relationships, a page at a time in uid order (keyset: ``after`` the last uid)."""
    out = []
    for r in graph.query(CONNECTIONS.format(label=current.label),
                         {"uid": current.uid, "types": list(EDITABLE_TYPES), "after": after, "limit": limit}):
        props = {k: v for k, v in r["props"].items() if k not in BOOKKEEPING}
        props.update(opened(r["uid"], r["props"].get("sealed"), viewer))
        other, _ = visible_props(r["other"]["labels"], r["other"], viewer)
        out.append({"type": r["type"], "uid": r["uid"], "out": r["out"], "words": SCHEMA.relation_words(r["type"]),
                    "other": other.get("uid"), "other_name": shown(other.get("name")) or other.get("uid"),
                    "values": {k: v for k, v in props.items() if k != "source_uids"},
                    "sources": list(r["props"].get("source_uids") or ()),
                    "version": int(r["props"].get("version") or 0), "review": r["props"].get("review")})
    return out


NEEDS_REVIEW_NODES = " UNION ALL ".join(
    f"MATCH (n:{label}) WHERE n.review = 'needs_review' "
    f"RETURN n.uid AS uid, '{label}' AS label, n.name AS name, n.protected AS protected, "
    f"n.confidential AS confidential, n.sealed AS sealed, labels(n) AS labels, n.reviewed_at AS at"
    for label in EDITABLE_LABELS)
NEEDS_REVIEW_RELS = " UNION ALL ".join(
    f"MATCH (a)-[r:{t}]->(b) WHERE r.review = 'needs_review' "
    f"RETURN r.uid AS uid, '{t}' AS label, a.uid AS start, b.uid AS end, r.reviewed_at AS at"
    for t in SCHEMA.asserting_types)


def needs_review(graph: Graph, viewer: Viewer, limit: int = 500) -> list[dict]:
    """Records and statements an editor marked "needs review", by index, at most ``limit`` of each."""
    out = []
    nodes = f"CALL () {{ {NEEDS_REVIEW_NODES} }} RETURN * ORDER BY at DESC LIMIT $limit"
    for r in graph.query(nodes, {"limit": limit}):
        props, _ = visible_props(r["labels"], {k: r[k] for k in ("uid", "name", "protected", "confidential", "sealed")},
                                 viewer)
        out.append({"uid": r["uid"], "what": r["label"], "name": shown(props.get("name")) or r["uid"], "subject": r["uid"],
                    "at": history.plain_time(r["at"]), "record": True})
    for r in graph.query(f"CALL () {{ {NEEDS_REVIEW_RELS} }} RETURN * ORDER BY at DESC LIMIT $limit", {"limit": limit}):
        out.append({"uid": r["uid"], "what": r["label"], "name": SCHEMA.relation_words(r["label"]),
                    "subject": r["start"], "at": history.plain_time(r["at"]), "record": False})
    return out
