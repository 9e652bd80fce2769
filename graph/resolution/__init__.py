"""Resolution: which records are one person, organisation or court, across and within datasets.

Owns the scores (scoring.py: nomenklatura's logic-v2 for persons plus the reviewer's rules; court-name
normalisation for organisations) and the candidates, judgements and clusters (judgements.py).

May import: graph.store, graph.access.
"""
