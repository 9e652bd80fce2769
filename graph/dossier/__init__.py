"""The perpetrator dossier: its content as one frozen dataclass tree (model.py), the reads behind it
(queries.py) and their assembly into statements footnoted to sources (assemble.py). dossiers/ renders it.

May import: graph.store, graph.access, graph.evidence, graph.sanctions.
"""
