"""The graph model as typed objects, loaded from schema.yaml; the allow-lists every dynamic label,
relationship type or property name must come from; the words a person reads for each vocabulary value,
authority, role and property (nothing else spells them out again); and the idempotent schema set-up
(``evgraph db init``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph.store.language import gettext

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
ANY = "any"
PRECISION = "_precision"      # beside a date property: how much of the date is known
AS_WRITTEN = "_as_written"    # beside a date property: the date as the source wrote it, when that says more
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SchemaError(ValueError):
    """A label, type or property that the schema does not declare."""


@dataclass(frozen=True)
class Property:
    name: str
    type: str = "string"
    required: bool = False
    values: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class NodeType:
    label: str
    description: str
    properties: dict[str, Property]
    extra_labels: tuple[str, ...] = ()
    internal: bool = False    # the graph's own bookkeeping (Vault, Revision): no page, form or export shows it
    label_properties: tuple[tuple[str, tuple[str, ...]], ...] = ()   # extra label: what only its form shows

    def properties_for(self, extra: str | None) -> tuple[str, ...]:
        """The properties a record of this kind with the extra label ``extra`` (or none) has on its form."""
        own = dict(self.label_properties)
        others = {p for label, props in own.items() if label != extra for p in props}
        return tuple(p for p in self.properties if p not in others)


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]  # allowed start labels, or ("any",)
    targets: tuple[str, ...]
    asserts: bool
    properties: dict[str, Property]
    part: str = ""            # what the start person is in the case (judge, defendant, ...), if anything


@dataclass(frozen=True)
class Sealing:
    label: str
    when: str                 # the boolean property that seals a node of this label
    pseudonym: str            # the words before a node's code: "Protected person P-"
    clear: frozenset[str]     # properties kept in clear text besides uid and the timestamps


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    vocabularies: dict[str, tuple[str, ...]]
    name_properties: tuple[str, ...]
    indexes: tuple[tuple[str, str], ...]
    fulltext_name: str
    fulltext_labels: tuple[str, ...]
    fulltext_properties: tuple[str, ...]
    vocabulary_words: dict[str, dict[str, str]]
    sanctioning_authorities: tuple[str, ...]
    org_kind_roles: dict[str, str]
    property_labels: dict[str, str]
    authority_aliases: dict[str, str]
    sealing: dict[str, "Sealing"]
    record_properties: dict[str, Property]

    @property
    def data_labels(self) -> tuple[str, ...]:
        """The base labels of records people read and edit (every node kind but the bookkeeping)."""
        return tuple(label for label, node in self.nodes.items() if not node.internal)

    def precision_of(self, prop: str) -> str | None:
        """For ``birth_date_precision`` the date property it qualifies (``birth_date``), else None."""
        return prop[:-len(PRECISION)] if prop.endswith(PRECISION) else None

    def date_companions(self, properties: dict[str, Property]) -> dict[str, Property]:
        """``x_precision`` and ``x_as_written`` for every date property ``x`` of ``properties``."""
        out = {}
        for name, prop in properties.items():
            if prop.type == "date":
                out[name + PRECISION] = Property(name + PRECISION, "enum", values=self.vocabularies["date_precision"])
                out[name + AS_WRITTEN] = Property(name + AS_WRITTEN, "string",
                                                  description=f"{name} as the source wrote it")
        return out

    # -- words -------------------------------------------------------------------------------------
    def words(self, vocabulary: str | None, value) -> str:
        """What a person reads for a vocabulary value: its declared words, else itself with spaces
        (``other_occupied``: "other occupied"); ``vocabulary`` None when the caller does not know it."""
        text = "" if value is None else str(value)
        return gettext(self.vocabulary_words.get(vocabulary or "", {}).get(text) or text.replace("_", " "))

    def authority(self, code: str | None) -> str:
        """The authority a list's code names (``gb``, ``GB``, ``UK``: UK; ``SECO``: CH), else OTHER."""
        code = (code or "").strip().upper()
        code = self.authority_aliases.get(code, code)
        return code if code in self.vocabularies["authority"] else "OTHER"

    def relation_words(self, rel_type: str) -> str:
        """A relationship type as words: JUDGE_IN, "judge in"."""
        return gettext(rel_type.lower().replace("_", " "))

    def property_label(self, name: str) -> str:
        return gettext(self.property_labels.get(name) or name.replace("_", " "))

    def role_in(self, org_kind: str) -> str:
        """What someone holding a post in an organisation of this kind is called (a judge, for a court), in
        English as the records store it (``gettext`` it to show it)."""
        return self.org_kind_roles.get(org_kind, org_kind)

    def part(self, rel_type: str) -> str:
        """What the person is in a case by this relationship (JUDGE_IN: judge)."""
        part = self.rel(rel_type).part
        return gettext(part) if part else self.relation_words(rel_type)

    @property
    def case_parts(self) -> dict[str, str]:
        return {t: r.part for t, r in self.relationships.items() if r.part}

    # -- allow-lists -----------------------------------------------------------------------------
    @property
    def labels(self) -> frozenset[str]:
        extra = {x for n in self.nodes.values() for x in n.extra_labels}
        return frozenset(self.nodes) | extra

    def base_label(self, label: str) -> str:
        """Person for Detainee, Organization for Court, and itself for a base label."""
        if label in self.nodes:
            return label
        for node in self.nodes.values():
            if label in node.extra_labels:
                return node.label
        raise SchemaError(f"unknown label {label!r}; known: {', '.join(sorted(self.labels))}")

    def split_labels(self, labels) -> tuple[str, tuple[str, ...]]:
        """A node's labels as read from Neo4j: its base label and its declared extra labels, sorted."""
        base = next(x for x in labels if x in self.nodes)
        return base, tuple(sorted(x for x in labels if x != base and x in self.labels))

    def node(self, label: str) -> NodeType:
        return self.nodes[self.base_label(label)]

    def rel(self, rel_type: str) -> RelType:
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise SchemaError(f"unknown relationship type {rel_type!r}") from None

    def check_property(self, label: str, prop: str) -> str:
        props = self.node(label).properties
        if prop in ("uid", "created_at", "updated_at") or prop in props or prop in self.record_properties:
            return prop
        if prop in self.date_companions(props):
            return prop
        raise SchemaError(f"{label} has no property {prop!r}")

    @property
    def asserting_types(self) -> tuple[str, ...]:
        return tuple(t for t, r in self.relationships.items() if r.asserts)

    # -- DDL ---------------------------------------------------------------------------------------
    def statements(self) -> list[str]:
        """Every constraint and index, as idempotent DDL built only from declared identifiers."""
        out = []
        for label in sorted(self.nodes):
            out.append(f"CREATE CONSTRAINT {label.lower()}_uid IF NOT EXISTS "
                       f"FOR (n:{_ident(label)}) REQUIRE n.uid IS UNIQUE")
        for label, prop in self.indexes:
            self.check_property(label, prop)
            out.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{_ident(label)}) ON (n.{_ident(prop)})")
        for rel_type in sorted(self.relationships):
            out.append(f"CREATE INDEX rel_{rel_type.lower()}_uid IF NOT EXISTS "
                       f"FOR ()-[r:{_ident(rel_type)}]-() ON (r.uid)")
        for rel_type in self.asserting_types:      # the evidence page's "needs review" list, by index
            out.append(f"CREATE INDEX rel_{rel_type.lower()}_review IF NOT EXISTS "
                       f"FOR ()-[r:{_ident(rel_type)}]-() ON (r.review)")
        labels = "|".join(_ident(x) for x in self.fulltext_labels)
        props = ", ".join(f"n.{_ident(p)}" for p in self.fulltext_properties)
        out.append(f"CREATE FULLTEXT INDEX {_ident(self.fulltext_name)} IF NOT EXISTS "
                   f"FOR (n:{labels}) ON EACH [{props}]")
        return out


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise SchemaError(f"not an identifier: {name!r}")
    return name


def _props(raw: dict | None, vocab: dict) -> dict[str, Property]:
    out = {}
    for name, spec in (raw or {}).items():
        values = spec.get("values")
        out[name] = Property(name=name, type=spec.get("type", "string"), required=bool(spec.get("required")),
                             values=tuple(vocab[values]) if values else (), description=spec.get("description", ""))
    return out


def _labels(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


@lru_cache(maxsize=1)
def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    raw = yaml.safe_load(path.read_text())
    vocab = {k: tuple(str(v) for v in vs) for k, vs in raw["vocabularies"].items()}
    words = {k: {str(v): str(w) for v, w in vs.items()} for k, vs in raw["vocabularies"].items()
             if isinstance(vs, dict)}
    authorities = tuple(raw["sanctioning_authorities"])
    unknown = [a for a in authorities if a not in vocab["authority"]]
    if unknown:
        raise SchemaError(f"sanctioning_authorities names unknown authorities: {', '.join(unknown)}")
    nodes = {label: NodeType(label, spec.get("description", ""), _props(spec.get("properties"), vocab),
                             tuple(spec.get("extra_labels", ())), bool(spec.get("internal")),
                             tuple((x, tuple(ps)) for x, ps in (spec.get("label_properties") or {}).items()))
             for label, spec in raw["nodes"].items()}
    rels = {t: RelType(t, _labels(spec["from"]), _labels(spec["to"]), bool(spec.get("asserts")),
                       _props(spec.get("properties"), vocab), spec.get("part", ""))
            for t, spec in raw["relationships"].items()}
    ft = raw["fulltext"]
    return Schema(nodes=nodes, relationships=rels, vocabularies=vocab,
                  name_properties=tuple(raw["name_properties"]),
                  indexes=tuple((i["label"], i["property"]) for i in raw["indexes"]),
                  fulltext_name=ft["name"], fulltext_labels=tuple(ft["labels"]),
                  fulltext_properties=tuple(ft["properties"]), vocabulary_words=words,
                  sanctioning_authorities=authorities, org_kind_roles=dict(raw["org_kind_roles"]),
                  property_labels=dict(raw["property_labels"]),
                  authority_aliases={str(k): str(v) for k, v in raw["authority_aliases"].items()},
                  sealing={label: Sealing(label, spec["when"], spec["pseudonym"],
                                          frozenset(spec["clear"]) | {"uid", "created_at", "updated_at"})
                           for label, spec in raw["sealing"].items()},
                  record_properties=_props(raw["record_properties"], vocab))


SCHEMA = load_schema()


def apply_schema(graph) -> list[str]:
    """Create every constraint and index that is missing; safe to run any number of times."""
    statements = SCHEMA.statements()
    for statement in statements:
        graph.run_schema(statement)
    graph.await_indexes()
    return statements
