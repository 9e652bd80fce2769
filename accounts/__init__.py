"""Accounts, roles and the audit log: kept OUTSIDE the evidence graph, in a SQL database (SQLite in the
private folder by default, any SQLAlchemy URL such as PostgreSQL by EVGRAPH_ACCOUNTS_URL), so that no
Cypher query, saved query or graph backup can read a password hash or the log.

May import: graph.store, graph.access.
"""
