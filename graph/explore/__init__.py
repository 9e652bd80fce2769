"""Explore: the read models behind the researchers' pages. They return data (frozen dataclasses with
``as_dict`` and ``table_rows``); the web layer renders it as HTML, JSON or CSV.

Owns search (search.py), the report page of any record (entity.py, made of tables.py, with the per-kind
tables in pages_people.py, pages_places.py, pages_evidence.py), how a node is shown to a viewer and the
footnotes (refs.py), the network and paths pictures (network.py, paths.py, vis.py), the home figures
(figures.py) and network analytics (analytics.py).

May import: graph.store, graph.access, graph.evidence.
"""
