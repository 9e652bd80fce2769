"""The figures the NGOs publish ("at least 116 held in Crimea and Russia, 75 of them Crimean Tatars"),
computed from the graph."""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.store.db import Graph
from graph.store.stamp import Kept, kept_query
from graph.store.language import N_, gettext

HELD = ["detained", "convicted"]

FIGURES = """
MATCH (p:Detainee)
WITH p, p.status IN $held AS held
RETURN count(p) AS detainees,
       sum(CASE WHEN held THEN 1 ELSE 0 END) AS held,
       sum(CASE WHEN held AND p.region IN ['crimea', 'russia'] THEN 1 ELSE 0 END) AS held_crimea_russia,
       sum(CASE WHEN held AND p.region IN ['crimea', 'russia'] AND p.ethnicity = 'Crimean Tatar'
           THEN 1 ELSE 0 END) AS crimean_tatars_held,
       sum(CASE WHEN held AND p.region IN ['donetsk', 'luhansk', 'other_occupied'] THEN 1 ELSE 0 END)
           AS held_occupied,
       sum(CASE WHEN held AND p.region IN ['donetsk', 'luhansk', 'other_occupied'] AND p.gender = 'female'
           THEN 1 ELSE 0 END) AS women_held_occupied,
       sum(CASE WHEN held AND p.gender = 'female' THEN 1 ELSE 0 END) AS women_held,
       sum(CASE WHEN p.status IN ['released', 'exchanged'] THEN 1 ELSE 0 END) AS freed
"""

BY_REGION = """
MATCH (p:Detainee) WHERE p.status IN $held
RETURN coalesce(p.region, 'unknown') AS key, count(*) AS n ORDER BY n DESC
"""

BY_STATUS = """
MATCH (p:Detainee) RETURN coalesce(p.status, 'unknown') AS key, count(*) AS n ORDER BY n DESC
"""

BY_YEAR = """
MATCH (p:Detainee) WHERE p.detained_on IS NOT NULL
RETURN p.detained_on.year AS key, count(*) AS n, count(CASE WHEN p.status IN $held THEN 1 END) AS held
ORDER BY key
"""

# Articles of the Russian Criminal Code counted without their part: "205.5(2)" counts as 205.5.
BY_ARTICLE = """
MATCH (p:Detainee)-[:DEFENDANT_IN]->(c:Case)
UNWIND c.articles AS article
WITH p, trim(split(article, '(')[0]) AS key
RETURN key, count(DISTINCT p) AS n ORDER BY n DESC, key LIMIT $top
"""
ARTICLE_TITLES = {      # gettext at use: the home page shows them in the language of the page
    "205": N_("terrorist act"), "205.1": N_("assisting terrorism"), "205.2": N_("justifying terrorism"),
    "205.5": N_("terrorist organisation"), "222": N_("arms trafficking"), "222.1": N_("explosives"),
    "275": N_("high treason"), "276": N_("espionage"), "278": N_("seizure of power"), "280": N_("calls to extremism"),
    "280.1": N_("calls against territorial integrity"), "281": N_("sabotage"), "282": N_("incitement to hatred"),
    "282.2": N_("extremist organisation"), "361": N_("international terrorism"),
}

# An official the NGOs documented has a part in a case, a violation or a post in the graph; one known only
# from a sanctions list (imported to match against) is counted apart. The records of one person judged the
# same (graph/resolution: SAME_AS, one `cluster`) count once; "sanctioned" looks across them, as the gap does.
DOCUMENTED = "EXISTS { (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN|RESPONSIBLE_FOR|HOLDS_POSITION]->() }"
OTHER_COUNTS = f"""
CALL () {{ MATCH (o:Official) WHERE {DOCUMENTED}
          WITH DISTINCT coalesce(o.cluster, o.uid) AS who,
               EXISTS {{ (o)-[:SAME_AS*0..5]-(:Person)-[:SUBJECT_OF]->(:Sanction) }} AS listed
          WITH who, max(CASE WHEN listed THEN 1 ELSE 0 END) AS listed
          RETURN count(who) AS officials, sum(listed) AS sanctioned }}
CALL () {{ MATCH (o:Person)-[:SUBJECT_OF]->(:Sanction) WHERE NOT {DOCUMENTED}
            AND NOT EXISTS {{ (o)-[:SAME_AS*1..5]-(d:Official) WHERE EXISTS {{
                (d)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN|RESPONSIBLE_FOR|HOLDS_POSITION]->() }} }}
          RETURN count(DISTINCT coalesce(o.cluster, o.uid)) AS listed_only }}
CALL () {{ MATCH (v:Violation) RETURN count(v) AS violations }}
CALL () {{ MATCH (c:Case) RETURN count(c) AS cases }}
CALL () {{ MATCH (s:Source) RETURN count(s) AS sources }}
CALL () {{ OPTIONAL MATCH (b:ImportBatch) WHERE b.uid STARTS WITH 'demo-' RETURN count(b) > 0 AS demo }}
RETURN officials, sanctioned, listed_only, violations, cases, sources, demo
"""


@dataclass(frozen=True)
class Figures:
    detainees: int = 0
    held: int = 0
    held_crimea_russia: int = 0
    crimean_tatars_held: int = 0
    held_occupied: int = 0
    women_held_occupied: int = 0
    women_held: int = 0
    freed: int = 0
    officials: int = 0
    sanctioned: int = 0
    listed_only: int = 0        # people known only from sanctions lists: no case, violation or post here
    violations: int = 0
    cases: int = 0
    sources: int = 0
    demo: bool = False
    by_region: list[dict] = field(default_factory=list)
    by_status: list[dict] = field(default_factory=list)
    by_year: list[dict] = field(default_factory=list)      # key (year), n, held
    by_article: list[dict] = field(default_factory=list)   # key (article), n, title

    @property
    def empty(self) -> bool:
        return self.detainees == 0 and self.officials == 0 and self.listed_only == 0


def _figures_tx(tx, params: dict) -> dict:
    out = {**tx.run(FIGURES, params).single().data(), **tx.run(OTHER_COUNTS).single().data()}
    for key, query in (("by_region", BY_REGION), ("by_status", BY_STATUS), ("by_year", BY_YEAR),
                       ("by_article", BY_ARTICLE)):
        out[key] = [r.data() for r in tx.run(query, params)]
    for row in out["by_article"]:
        row["title"] = gettext(ARTICLE_TITLES[row["key"]]) if row["key"] in ARTICLE_TITLES else ""
    return out


KEPT = Kept(8)


def get_figures(graph: Graph, top_articles: int = 10) -> Figures:
    """The figures of the whole graph (label scans: 0.75 s at 100,000 detainees), read once per change of the
    data (graph/store/stamp.py) and kept until the next."""
    return Figures(**kept_query(graph, KEPT, top_articles,
                                lambda: graph.read(_figures_tx, {"held": HELD, "top": top_articles})))
