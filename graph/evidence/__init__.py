"""Evidence: the evidence rule and the claims that break it (rule.py), the content-addressed store of
evidence files and the Source records made from them (store.py), a source's file served again to the
viewers who may see it, re-hashed on the way out (copies.py), and how good a source is: its grade and
the evidence threshold (grades.py).

May import: graph.store, graph.access.
"""
