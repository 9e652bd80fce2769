"""How one node is shown to one viewer: its kind, its display name and the facts that tell namesakes
apart, masked by the one rule of graph/access/masking.py; and the footnotes of a page. Every explore read
(entity pages, network, paths, search) goes through ``ref``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from graph.access.masking import hides, hides_person, hides_source, revealed, shown_placeholder, visible_props
from graph.access.viewer import Viewer
from graph.evidence.grades import grade
from graph.store.language import N_, format_date, gettext
from graph.store.plain import display, iso
from graph.store.schema import AS_WRITTEN, PRECISION, SCHEMA

# Label -> the word a researcher uses; the first label found wins (Detainee before Person, Court before Organization).
# The kinds are keys (of pages, filters, styles); ``kind_words`` gives what a person reads for one.
KINDS = (("Detainee", N_("detainee")), ("Official", N_("official")), ("Court", N_("court")), ("Person", N_("person")),
         ("Organization", N_("organisation")), ("Case", N_("case")), ("DetentionSite", N_("site")),
         ("Violation", N_("violation")), ("Source", N_("source")), ("Sanction", N_("sanction")),
         ("ImportBatch", N_("import")))
KIND_LABEL = {kind: label for label, kind in KINDS}
ENUM_FIELDS = frozenset({"status", "region", "kind", "gender"})
HIDDEN_FIELDS = frozenset({"name", "name_keys", "protected", "confidential", "uid", "sealed"})


def node_map(var: str) -> str:
    """A Cypher map projection of what ``ref`` needs; ``var`` is a variable name written in graph/ code."""
    return (f"{var} {{.uid, .name, .name_uk, .name_ru, .protected, .confidential, .reliability, .credibility, "
            f".status, .region, .rank, .kind, .number, .detained_on, .date, .authority, .listed_on, .sealed, "
            f"labels: labels({var})}}")


def by_uid(var: str, key: str = "$uid") -> str:
    """Cypher that binds ``var`` to the node whose uid is ``key`` (a parameter or a variable), whatever its label.

    uid is unique per label and indexed per label (schema constraints); a label-free ``MATCH (n {uid: ...})``
    would read every node in the database. So: one index lookup per declared label, UNIONed.
    """
    scope = "" if key.startswith("$") else key
    arms = " UNION ".join(f"MATCH ({var}:{label} {{uid: {key}}}) RETURN {var}" for label in sorted(SCHEMA.data_labels))
    return f"CALL ({scope}) {{ {arms} }}"


def evidence_of(var: str) -> str:
    """A Cypher list of the uids of the sources the record ``var`` is evidenced by (EVIDENCED_BY without a
    PACE criterion): the sources of the facts on that record. ``var`` is a variable name written in graph/ code."""
    return f"[({var})-[ev_r:EVIDENCED_BY]->(ev_s:Source) WHERE ev_r.criterion IS NULL | ev_s.uid]"


def criteria_evidence_of(var: str) -> str:
    """A Cypher list of [criterion, source uid] pairs: the evidence of each PACE criterion of the detainee ``var``."""
    return f"[({var})-[ev_r:EVIDENCED_BY]->(ev_s:Source) WHERE ev_r.criterion IS NOT NULL | [ev_r.criterion, ev_s.uid]]"


def kind_of(labels: Iterable[str]) -> str:
    present = set(labels)
    return next((kind for label, kind in KINDS if label in present), "node")


def kind_words(kind: str) -> str:
    """A kind (``detainee``, ``site``) as the language spoken now says it."""
    return gettext(kind) if kind in KIND_LABEL or kind == N_("node") else kind


def role_words(rel_type: str, role):
    """A relationship's ``role`` as a person reads it: a vocabulary value (RESPONSIBLE_FOR's ``direct``) in
    words, a role typed as text (``presiding``) as it is."""
    rel = SCHEMA.relationships.get(rel_type)
    prop = rel.properties.get("role") if rel else None
    return SCHEMA.words(None, role) if role and prop is not None and prop.type == "enum" else role


@dataclass(frozen=True)
class NodeRef:
    uid: str
    kind: str
    name: str
    masked: bool = False
    facts: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"uid": self.uid, "kind": self.kind, "name": self.name, "masked": self.masked,
                "facts": list(self.facts)}


def short_facts(m: dict, kind: str) -> tuple[str, ...]:
    """The facts that tell two namesakes apart: role/rank, kind, number, status, region, dates."""
    out = [SCHEMA.words(None, display(x)) for x in (m.get("rank"), m.get("kind"), m.get("number"), m.get("authority"),
                                                    m.get("status"), m.get("region")) if x]
    if m.get("detained_on"):
        out.append(gettext("detained %(date)s", date=display(m["detained_on"])))
    if kind == "violation" and m.get("date"):
        out.append(display(m["date"]))
    if kind == "source":
        out.append(gettext("grade %(grade)s", grade=grade(m)))
    return tuple(x for x in out if x)


def ref(m: dict | None, viewer: Viewer) -> NodeRef | None:
    """The node as this viewer may see it: protected people and confidential sources masked."""
    if not m or not m.get("uid"):
        return None
    kind = kind_of(m.get("labels") or ())
    if hides(m, viewer):
        facts = (gettext("grade %(grade)s", grade=grade(m)),) if hides_source(m, viewer) else ()
        return NodeRef(m["uid"], kind, shown_placeholder(m), masked=True, facts=facts)
    m = revealed(m, viewer)
    return NodeRef(m["uid"], kind, m.get("name") or m["uid"], facts=short_facts(m, kind))


def visible_facts(props: dict, labels: Iterable[str], viewer: Viewer) -> tuple[tuple[str, str], ...]:
    """(label, value) of every declared property this viewer may see, in schema order."""
    labels = list(labels)
    if hides_person({**props, "labels": labels}, viewer):
        return ()
    props, _ = visible_props(labels, props, viewer)
    base = SCHEMA.nodes.get(SCHEMA.base_label(labels[0])) if labels and labels[0] in SCHEMA.labels else None
    names = list(base.properties) if base else sorted(props)
    out = []
    for n in names:
        value, written = props.get(n), props.get(n + AS_WRITTEN)
        if n in HIDDEN_FIELDS or (value in (None, "", []) and not written):
            continue
        text = _value(n, value, props.get(n + PRECISION)) if value not in (None, "", []) else ""
        if written and written != text:       # "1970 (around 1970)", or only what the list says
            text = gettext("%(value)s (as written: %(written)s)", value=text, written=written) if text else written
        out.append((SCHEMA.property_label(n), text))
    return tuple(out)


def _value(name: str, value: Any, precision: str | None = None) -> str:
    if precision and precision != "day" and iso(value):   # a date known to the year is not 1 January of it
        return format_date(value, precision)
    text = display(value)
    return SCHEMA.words(None, text) if name in ENUM_FIELDS else text


@dataclass(frozen=True)
class Footnote:
    n: int
    uid: str
    label: str
    grade: str
    kind: str = ""

    def as_dict(self) -> dict:
        return {"n": self.n, "uid": self.uid, "label": self.label, "grade": self.grade, "kind": self.kind}


def spell_notes(footnotes: Iterable[Footnote], numbers: Iterable[int]) -> str:
    """Footnote numbers spelled out for a download: "[1] Verdict of ... (A2); [3] ..."."""
    notes = {f.n: f for f in footnotes}
    return "; ".join(f"[{n}] {notes[n].label} ({notes[n].grade})" for n in numbers)


SOURCES = f"MATCH (s:Source) WHERE s.uid IN $uids RETURN {node_map('s')} AS s"


@dataclass
class Citations:
    """Numbers sources in order of first citation on a page, then resolves them to footnotes."""
    order: dict[str, int] = field(default_factory=dict)

    def cite(self, uids: Iterable[str] | None) -> tuple[int, ...]:
        for uid in uids or ():
            if uid and uid not in self.order:
                self.order[uid] = len(self.order) + 1
        return tuple(sorted({self.order[u] for u in uids or () if u}))

    def footnotes(self, tx, viewer: Viewer) -> tuple[Footnote, ...]:
        found = {r["s"]["uid"]: r["s"] for r in tx.run(SOURCES, uids=list(self.order))}
        out = []
        for uid, n in sorted(self.order.items(), key=lambda kv: kv[1]):
            m = found.get(uid)
            node = ref(m, viewer) if m else None
            out.append(Footnote(n, uid, node.name if node else gettext("Missing source (not in the graph)"),
                                grade(m) if m else "??", SCHEMA.words("source_kind", m.get("kind")) if m else ""))
        return tuple(out)
