"""How FollowTheMoney schemata land on the graph model, and how entities exported by this project
(with their ``evgraph`` context) are restored exactly."""
from __future__ import annotations

from datetime import date, datetime

from graph.store.records import NodeRecord, RelRecord
from graph.store.schema import SCHEMA, Property

from .os_simple import authority_of
from .values import NO_DATE, Dated, parse_dated_lenient, sort_names

CONTEXT_KEY = "evgraph"
FTM_NODES = {"Person": "Person", "Organization": "Organization", "Company": "Organization",
             "PublicBody": "Organization", "LegalEntity": "Organization", "CourtCase": "Case",
             "Document": "Source", "Sanction": "Sanction"}
# edge schema -> (graph type, source property, target property, props: graph <- FtM)
FTM_EDGES = {
    "Ownership": ("OWNS", "owner", "asset", {"share": "percentage", "role": "role"}),
    "Directorship": ("DIRECTOR_OF", "director", "organization", {"role": "role"}),
    "Family": ("FAMILY_OF", "person", "relative", {"relationship": "relationship"}),
    "Membership": ("MEMBER_OF", "member", "organization", {"role": "role"}),
    "Employment": ("HOLDS_POSITION", "employee", "employer", {"title": "role"}),
    "CourtCaseParty": ("PARTY_IN", "party", "case", {"role": "role"}),
    "Documentation": ("EVIDENCED_BY", "entity", "document", {"quote": "summary"}),
}
# An FtM CourtCaseParty's role -> our relationship type: the schema's parts (judge: JUDGE_IN, ...) and synonyms.
PARTY_ROLES = {**{part: rel_type for rel_type, part in SCHEMA.case_parts.items()}, "accused": "DEFENDANT_IN"}
IDENTIFIERS = ("innCode", "ogrnCode", "taxNumber", "registrationNumber", "idNumber", "passportNumber")


def label_of(proxy) -> str | None:
    context = proxy.context.get(CONTEXT_KEY)
    if context and "label" in context:
        return context["label"]
    return FTM_NODES.get(proxy.schema.name)


def _first(proxy, *props: str) -> str | None:
    for prop in props:
        if prop in proxy.schema.properties:
            values = proxy.get(prop, quiet=True)
            if values:
                return values[0]
    return None


def _all(proxy, *props: str) -> list[str]:
    out: list[str] = []
    for prop in props:
        if prop in proxy.schema.properties:
            out += [v for v in proxy.get(prop, quiet=True) if v not in out]
    return out


def _date(proxy, *props: str):
    return _dated(proxy, *props).value


def _dated(proxy, *props: str) -> Dated:
    """FollowTheMoney's prefix dates ("1965", "1965-03") keep their precision."""
    value = _first(proxy, *props)
    return parse_dated_lenient(value) if value else NO_DATE


def node_record(proxy, positions: list[str] | None = None) -> NodeRecord | None:
    label = FTM_NODES.get(proxy.schema.name)
    if label is None or label == "Sanction":
        return None
    builder = {"Person": _person, "Organization": _organization, "Case": _case, "Source": _document}[label]
    props = builder(proxy)
    if positions:
        props["positions"] = sorted(set(props.get("positions", []) + positions))
    return NodeRecord(label, proxy.id, props)


def _names(proxy) -> dict:
    names = _all(proxy, "name", "title", "fileName") or [proxy.caption or proxy.id]
    return sort_names(names + _all(proxy, "alias", "weakAlias", "previousName"), "ru")


def _identifiers(proxy) -> list[str]:
    return [f"{p}:{v}" for p in IDENTIFIERS for v in _all(proxy, p)]


def _person(proxy) -> dict:
    gender = _first(proxy, "gender")
    return {**_names(proxy), **_dated(proxy, "birthDate").props("birth_date"), "birth_place": _first(proxy, "birthPlace"),
            "gender": gender if gender in ("male", "female") else None,
            "citizenship": _all(proxy, "nationality", "citizenship", "country"),
            "identifiers": _identifiers(proxy), "positions": _all(proxy, "position"),
            "notes": "\n".join(_all(proxy, "notes")) or None}


def _organization(proxy) -> dict:
    return {**_names(proxy), "jurisdiction": ";".join(_all(proxy, "jurisdiction", "country")) or None}


def _case(proxy) -> dict:
    return {**_names(proxy), "number": _first(proxy, "caseNumber"), "opened_on": _date(proxy, "fileDate")}


def _document(proxy) -> dict:
    return {"name": _first(proxy, "title", "fileName", "name") or proxy.id, "url": _first(proxy, "sourceUrl"),
            "media_type": _first(proxy, "mimeType"), "published_on": _date(proxy, "publishedAt", "date")}


def sanction_records(proxy, by_id: dict, cite: list[str]) -> tuple[list[NodeRecord], list[RelRecord]]:
    programme = _first(proxy, "programId", "program")
    authority = authority_of(programme or "")
    if authority == "OTHER":  # a national list implementing the EU's programme counts as the EU's
        authority = SCHEMA.authority(_first(proxy, "country"))
    props = {"authority": authority, "programme": programme,
             "listed_on": _date(proxy, "listingDate", "startDate", "date"),
             "reference": _first(proxy, "authorityId", "unscId", "programId"),
             "reason": "\n".join(_all(proxy, "reason", "summary")) or None}
    subject = by_id.get(_first(proxy, "entity") or "")
    subject_label = label_of(subject) if subject is not None else None
    who = (subject.caption if subject is not None else None) or "unknown subject"
    props["name"] = f"{_first(proxy, 'authority') or authority}: {who}"
    node = NodeRecord("Sanction", proxy.id, props)
    rels = [RelRecord("EVIDENCED_BY", "Sanction", proxy.id, "Source", uid) for uid in cite]
    if subject_label in ("Person", "Organization"):
        rels.append(RelRecord("SUBJECT_OF", subject_label, subject.id, "Sanction", proxy.id, {"source_uids": cite}))
    return [node], rels


def edge_records(proxy, by_id: dict, cite: list[str]) -> tuple[list[NodeRecord], list[RelRecord]]:
    if proxy.schema.name == "Sanction":
        return sanction_records(proxy, by_id, cite)
    if proxy.schema.name == "Occupancy":
        return _occupancy(proxy, by_id, cite)
    spec = FTM_EDGES.get(proxy.schema.name)
    if spec is None:
        return [], []
    rel_type, source_prop, target_prop, prop_map = spec
    start, end = by_id.get(_first(proxy, source_prop) or ""), by_id.get(_first(proxy, target_prop) or "")
    if start is None or end is None or not label_of(start) or not label_of(end):
        return [], []
    props = {k: _first(proxy, v) for k, v in prop_map.items()}
    if rel_type == "PARTY_IN":
        rel_type = PARTY_ROLES.get((props.get("role") or "").lower(), rel_type)
    props.update(since=_date(proxy, "startDate"), until=_date(proxy, "endDate"))
    if rel_type != "EVIDENCED_BY":
        props["source_uids"] = cite
    props = {k: v for k, v in props.items() if k in _allowed(rel_type)}
    return [], [RelRecord(rel_type, label_of(start), start.id, label_of(end), end.id, props, uid=proxy.id)]


def _allowed(rel_type: str) -> set[str]:
    return set(SCHEMA.rel(rel_type).properties) | {"source_uids"}


def _occupancy(proxy, by_id: dict, cite: list[str]) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Holder -> post's organisation as HOLDS_POSITION; a post without organisation is kept on the
    holder's ``positions`` (see occupancy_positions)."""
    holder, post = by_id.get(_first(proxy, "holder") or ""), by_id.get(_first(proxy, "post") or "")
    org = by_id.get(_first(post, "organization") or "") if post is not None else None
    if holder is None or org is None or label_of(org) != "Organization":
        return [], []
    props = {"title": post.caption, "since": _date(proxy, "startDate"), "until": _date(proxy, "endDate"),
             "source_uids": cite}
    return [], [RelRecord("HOLDS_POSITION", "Person", holder.id, "Organization", org.id, props, uid=proxy.id)]


def occupancy_positions(entities: list, by_id: dict) -> dict[str, list[str]]:
    """holder id -> titles of the posts they occupy that name no organisation."""
    out: dict[str, list[str]] = {}
    for proxy in entities:
        if proxy.schema.name != "Occupancy":
            continue
        post = by_id.get(_first(proxy, "post") or "")
        if post is not None and not _first(post, "organization"):
            out.setdefault(_first(proxy, "holder") or "", []).append(post.caption)
    return out


# -- entities this project exported: the context holds the graph form -------------------------------

def typed(value, prop: Property | None):
    """A JSON value back to what the schema declares (dates and datetimes travel as ISO strings)."""
    if value is None or prop is None:
        return value
    if prop.type == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if prop.type == "datetime" and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def restore(proxy, context: dict) -> tuple[list[NodeRecord], list[RelRecord]]:
    if "type" in context:
        spec = SCHEMA.rel(context["type"]).properties
        props = {k: typed(v, spec.get(k)) for k, v in (context.get("props") or {}).items()}
        return [], [RelRecord(context["type"], context["start_label"], context["start"], context["end_label"],
                              context["end"], props, uid=proxy.id)]
    node_type = SCHEMA.node(context["label"])
    props = {k: typed(v, node_type.properties.get(k)) for k, v in (context.get("props") or {}).items()}
    return [NodeRecord(context["label"], proxy.id, props, tuple(context.get("extra_labels") or ()))], []
