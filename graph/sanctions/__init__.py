"""Sanctions: the gap (gap.py: officials ranked by evidenced violations, with who has and has not
designated them; the authorities come from the schema) and matching officials to imported sanctions
lists, confirmed or rejected by a person (matching.py).

May import: graph.store, graph.access, graph.evidence, graph.resolution.
"""
