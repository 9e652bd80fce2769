"""Graph nodes and relationships as FollowTheMoney entities. The FtM properties carry the portable
meaning (names, dates, who is linked to whom) for any FtM tool; the ``evgraph`` context keeps the
exact graph form, so ``evgraph import`` of an export gives back the same graph."""
from __future__ import annotations

from followthemoney import model

from graph.interchange.dump import GraphNode, GraphRel
from graph.store.plain import plain
from graph.store.schema import SCHEMA

CONTEXT_KEY = "evgraph"
NODE_SCHEMATA = {"Person": "Person", "Organization": "Organization", "Case": "CourtCase",
                 "DetentionSite": "Address", "Violation": "Event", "Source": "Document",
                 "Sanction": "Sanction", "ImportBatch": "Document"}
# graph property -> FtM property, per FtM schema (values FtM cannot clean are dropped by it)
NODE_PROPS = {
    "Person": {"name": "name", "name_uk": "alias", "name_ru": "alias", "aliases": "alias",
               "birth_date": "birthDate", "birth_place": "birthPlace", "gender": "gender",
               "citizenship": "nationality", "positions": "position", "notes": "notes"},
    "Organization": {"name": "name", "name_uk": "alias", "name_ru": "alias", "aliases": "alias",
                     "jurisdiction": "jurisdiction"},
    "CourtCase": {"name": "name", "number": "caseNumber", "opened_on": "fileDate", "aliases": "alias"},
    "Address": {"name": "full", "location": "city", "latitude": "latitude", "longitude": "longitude"},
    "Event": {"name": "name", "date": "date", "description": "summary"},
    "Document": {"name": "title", "url": "sourceUrl", "media_type": "mimeType", "published_on": "publishedAt",
                 "file_name": "fileName"},
    "Sanction": {"authority": "authority", "programme": "program", "listed_on": "startDate",
                 "reference": "authorityId", "reason": "reason"},
}
# relationship type -> (FtM schema, source property, target property, graph property -> FtM property)
REL_SCHEMATA = {
    "HOLDS_POSITION": ("Employment", "employee", "employer", {"title": "role", "since": "startDate", "until": "endDate"}),
    "DEFENDANT_IN": ("CourtCaseParty", "party", "case", {}),
    "JUDGE_IN": ("CourtCaseParty", "party", "case", {}),
    "PROSECUTOR_IN": ("CourtCaseParty", "party", "case", {}),
    "INVESTIGATOR_IN": ("CourtCaseParty", "party", "case", {}),
    "PARTY_IN": ("CourtCaseParty", "party", "case", {"role": "role"}),
    "FAMILY_OF": ("Family", "person", "relative", {"relationship": "relationship"}),
    "OWNS": ("Ownership", "owner", "asset", {"share": "percentage", "role": "role"}),
    "DIRECTOR_OF": ("Directorship", "director", "organization", {"role": "role"}),
    "MEMBER_OF": ("Membership", "member", "organization", {"role": "role"}),
    "EVIDENCED_BY": ("Documentation", "entity", "document", {"quote": "summary"}),
}
PARTY_ROLE = SCHEMA.case_parts   # DEFENDANT_IN: defendant, JUDGE_IN: judge, ...


def _add(proxy, prop: str, value) -> None:
    for item in value if isinstance(value, list) else [value]:
        if item not in (None, ""):
            proxy.add(prop, str(plain(item)), quiet=True)


def node_entity(node: GraphNode, sanction_subjects: list[str] | None = None) -> dict:
    schema = NODE_SCHEMATA[node.label]
    proxy = model.make_entity(schema)
    proxy.id = node.uid
    for graph_prop, ftm_prop in NODE_PROPS.get(schema, {}).items():
        _add(proxy, ftm_prop, node.props.get(graph_prop))
    if schema == "Document" and node.label == "ImportBatch":
        _add(proxy, "title", node.props.get("name"))
    if schema == "Sanction":
        _add(proxy, "entity", sanction_subjects or [])
    data = proxy.to_dict()
    data[CONTEXT_KEY] = {"label": node.label, "extra_labels": list(node.extra_labels),
                         "props": {k: plain(v) for k, v in node.props.items()}}
    return data


def rel_entity(rel: GraphRel) -> dict:
    schema, source, target, props = REL_SCHEMATA.get(rel.type, ("UnknownLink", "subject", "object", {}))
    proxy = model.make_entity(schema)
    proxy.id = rel.uid
    _add(proxy, source, rel.start)
    _add(proxy, target, rel.end)
    for graph_prop, ftm_prop in props.items():
        _add(proxy, ftm_prop, rel.props.get(graph_prop))
    if rel.type in PARTY_ROLE:
        _add(proxy, "role", PARTY_ROLE[rel.type])
    elif schema == "UnknownLink":
        _add(proxy, "role", rel.type)
    data = proxy.to_dict()
    data[CONTEXT_KEY] = {"type": rel.type, "start": rel.start, "start_label": rel.start_label, "end": rel.end,
                         "end_label": rel.end_label, "props": {k: plain(v) for k, v in rel.props.items()}}
    return data
