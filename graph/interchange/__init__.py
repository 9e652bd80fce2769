"""Interchange: files in and out. Import batches and their provenance (imports.py: the importers/
parse, this writes), the whole graph read out masked for the viewer (dump.py), and the exports to
FollowTheMoney (ftm_out.py), GraphML and CSV (export.py); a first load into an empty database through
neo4j-admin's import (bulk.py).

May import: graph.store, graph.access, graph.evidence.
"""
