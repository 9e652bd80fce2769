"""The fictional demo: a seeded, deterministic generator (generator.py) over built-in name tables
(names.py), written through the store's writer with an import batch.

May import: graph.store, graph.interchange.
"""
