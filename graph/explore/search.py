"""Name search over the fulltext index: every name field and the normalised name keys, any script, with
typo tolerance; results grouped by kind with the facts that tell namesakes apart (role, region, dates).

Protected people and, for viewers who may not see them, confidential sources are never found: a search
for a name would otherwise confirm who they are."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from graph.access.masking import revealed
from graph.access.viewer import Viewer
from graph.evidence.grades import grade
from graph.explore.refs import KIND_LABEL, kind_of
from graph.store.db import Graph
from graph.store.language import N_, gettext
from graph.store.names import query_terms
from graph.store.plain import display
from graph.store.schema import SCHEMA

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)

# Kinds in the order a researcher reads them; the filter offers these.
KIND_ORDER = ("detainee", "official", "person", "court", "organisation", "case", "site", "source", "sanction",
              "violation")

SEARCH = """
CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $fetch}) YIELD node, score
WHERE ($sees_protected OR NOT coalesce(node.protected, false))
  AND ($sees_confidential OR NOT (node:Source AND coalesce(node.confidential, false)))
  AND (size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels))
  AND ($region IS NULL OR node.region = $region)
  AND ($status IS NULL OR node.status = $status)
WITH node, score ORDER BY score DESC LIMIT $limit
RETURN node {.uid, .name, .name_uk, .name_ru, .status, .region, .rank, .kind, .number, .detained_on,
             .released_on, .birth_date, .location, .authority, .listed_on, .published_on, .opened_on,
             .verdict_on, .reliability, .credibility, .date, .sealed, .protected, .confidential, .cluster} AS m,
       labels(node) AS labels, score,
       COLLECT { MATCH (node)-[h:HOLDS_POSITION]->(o:Organization)
                 RETURN {title: trim(coalesce(h.title, '')), organisation: o.name} ORDER BY h.since DESC LIMIT 1 } AS post,
       COLLECT { MATCH (node)-[:HEARD_BY]->(o:Organization) RETURN o.name LIMIT 1 } AS court,
       COLLECT { MATCH (node)-[:DEFENDANT_IN]->(c:Case) RETURN c.name LIMIT 1 } AS case_name
"""


FOLDED = N_("one person, records:")     # the fact a folded search result carries (gettext at use)

# The dates that tell namesakes apart, each with its words (gettext at use); a violation's date is only itself.
FACT_DATES = {"detained_on": N_("detained %(date)s"), "released_on": N_("released %(date)s"),
              "birth_date": N_("born %(date)s"), "opened_on": N_("opened %(date)s"), "verdict_on": N_("verdict %(date)s"),
              "listed_on": N_("listed %(date)s"), "published_on": N_("published %(date)s"), "date": ""}


@dataclass(frozen=True)
class Hit:
    uid: str
    kind: str
    name: str
    other_names: tuple[str, ...]
    facts: tuple[str, ...]
    score: float

    def as_dict(self) -> dict:
        return {"uid": self.uid, "kind": self.kind, "name": self.name, "other_names": list(self.other_names),
                "facts": list(self.facts), "score": round(self.score, 3)}


@dataclass(frozen=True)
class SearchFilters:
    kind: str | None = None
    region: str | None = None
    status: str | None = None

    @classmethod
    def parse(cls, kind: str | None, region: str | None, status: str | None) -> "SearchFilters":
        """Only values from the schema's vocabularies; anything else means "no filter"."""
        return cls(kind if kind in KIND_ORDER else None,
                   region if region in SCHEMA.vocabularies["region"] else None,
                   status if status in SCHEMA.vocabularies["status"] else None)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.region or self.status)


@dataclass(frozen=True)
class SearchResult:
    q: str
    filters: SearchFilters
    hits: tuple[Hit, ...]

    @property
    def groups(self) -> list[tuple[str, list[Hit]]]:
        return [(k, [h for h in self.hits if h.kind == k]) for k in KIND_ORDER if any(h.kind == k for h in self.hits)]

    def as_dict(self) -> dict:
        return {"q": self.q, "filters": {k: v for k, v in vars(self.filters).items() if v},
                "count": len(self.hits), "results": [h.as_dict() for h in self.hits],
                "groups": {k: [h.uid for h in hs] for k, hs in self.groups}}


def _escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_query(text: str, blind: Callable[[str], str] | None = None) -> str:
    """Each word exactly, as a prefix, within one edit, or as a cross-script name key; words ANDed. With
    ``blind`` (the key ring's keyed hash, for roles that may find protected people) each name key is also
    asked for as the token a sealed name key became.

    Built from escaped terms only: user input never reaches Lucene as syntax.
    """
    parts = []
    for token in _TOKEN.findall(text.lower())[:8]:
        escaped = _escape(token)
        alternatives = [f"{escaped}^3", f"{escaped}*"]
        if len(token) >= 4:
            alternatives.append(f"{escaped}~1")
        for terms in query_terms(token):
            alternatives += [f"name_keys:{_escape(t)}^2" for t in sorted(terms) if t]
            if blind is not None:
                alternatives += [f"name_keys:{blind(t)}^2" for t in sorted(terms) if t]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def _facts(m: dict, kind: str, row: dict) -> tuple[str, ...]:
    """What tells two namesakes apart, per kind."""
    posts = [gettext("%(title)s at %(organisation)s", title=p["title"], organisation=p["organisation"]) if p["title"]
             else gettext("at %(organisation)s", organisation=p["organisation"]) for p in row["post"] if p["organisation"]]
    out = [SCHEMA.words(None, display(x)) for x in (m.get("rank"),) if x] + posts
    out += [SCHEMA.words(None, display(x)) for x in (m.get("kind"), m.get("number"), m.get("authority"), m.get("status"),
                                                     m.get("region"), m.get("location"), *row["court"], *row["case_name"]) if x]
    out += [gettext(words, date=display(m[key])) if words else display(m[key])
            for key, words in FACT_DATES.items() if m.get(key)]
    if kind == "source":
        out.append(gettext("grade %(grade)s", grade=grade(m)))
    return tuple(out)


def search(graph: Graph, text: str, viewer: Viewer, filters: SearchFilters = SearchFilters(),
           limit: int = 50) -> SearchResult:
    keys = viewer.keys if viewer.sees_protected else None
    lucene = lucene_query(text, keys.blind if keys is not None else None)
    if not lucene:
        return SearchResult(text, filters, ())
    labels = [KIND_LABEL[filters.kind]] if filters.kind else []
    rows = graph.query(SEARCH, {"index": SCHEMA.fulltext_name, "lucene": lucene, "limit": limit,
                                "fetch": limit * (10 if filters.active else 3), "labels": labels,
                                "region": filters.region, "status": filters.status,
                                "sees_protected": viewer.sees_protected,
                                "sees_confidential": viewer.sees_confidential})
    hits: list[Hit] = []
    by_cluster: dict[str, int] = {}
    counts: dict[str, int] = {}
    for r in rows:
        m, kind = revealed({**r["m"], "labels": r["labels"]}, viewer), kind_of(r["labels"])
        others = tuple(n for n in (m.get("name_uk"), m.get("name_ru")) if n and n != m.get("name"))
        hit = Hit(m["uid"], kind, m.get("name") or m["uid"], others, _facts(m, kind, r), r["score"])
        cluster = r["m"].get("cluster")
        if cluster and cluster in by_cluster:
            # one result per entity: the records judged to be one person (graph/resolution) fold into the
            # best of them, their names with it
            i = by_cluster[cluster]
            first = hits[i]
            names = tuple(n for n in dict.fromkeys([*first.other_names, hit.name, *hit.other_names])
                          if n != first.name)
            counts[cluster] += 1
            folded = gettext(FOLDED)
            facts = tuple(f for f in first.facts if not f.startswith(folded)) + (f"{folded} {counts[cluster]}",)
            hits[i] = Hit(first.uid, first.kind, first.name, names, facts, first.score)
            continue
        if cluster:
            by_cluster[cluster], counts[cluster] = len(hits), 1
        hits.append(hit)
    return SearchResult(text, filters, tuple(hits))


def search_names(graph: Graph, text: str, viewer: Viewer, limit: int = 50) -> list[Hit]:
    """The hits of ``search`` without filters, best first."""
    return list(search(graph, text, viewer, limit=limit).hits)
