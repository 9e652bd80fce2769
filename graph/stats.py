"""The figures the NGOs publish ("at least 116 held in Crimea and Russia, 75 of them Crimean Tatars"),
computed from the graph."""
from __future__ import annotations

from dataclasses import dataclass, field

from .db import Graph

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

OTHER_COUNTS = """
CALL () { MATCH (o:Official) RETURN count(o) AS officials }
CALL () { MATCH (o:Official) WHERE (o)-[:SUBJECT_OF]->(:Sanction) RETURN count(o) AS sanctioned }
CALL () { MATCH (v:Violation) RETURN count(v) AS violations }
CALL () { MATCH (c:Case) RETURN count(c) AS cases }
CALL () { MATCH (s:Source) RETURN count(s) AS sources }
CALL () { OPTIONAL MATCH (b:ImportBatch) WHERE b.uid STARTS WITH 'demo-' RETURN count(b) > 0 AS demo }
RETURN officials, sanctioned, violations, cases, sources, demo
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
    violations: int = 0
    cases: int = 0
    sources: int = 0
    demo: bool = False
    by_region: list[dict] = field(default_factory=list)
    by_status: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.detainees == 0 and self.officials == 0


def get_figures(graph: Graph) -> Figures:
    params = {"held": HELD}

    def work(tx):
        main = tx.run(FIGURES, params).single().data()
        other = tx.run(OTHER_COUNTS).single().data()
        regions = [r.data() for r in tx.run(BY_REGION, params)]
        statuses = [r.data() for r in tx.run(BY_STATUS)]
        return main, other, regions, statuses

    main, other, regions, statuses = graph.read(work)
    return Figures(**main, **other, by_region=regions, by_status=statuses)
