"""The analysts' console: Cypher that can never change data (readonly.py), the saved queries of
queries/*.cypher with their parameters (saved.py), and a result drawn as a picture (picture.py). What a
query returns is masked by graph.access.masking.

May import: graph.store, graph.access, graph.explore.
"""
