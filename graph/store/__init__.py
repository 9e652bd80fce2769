"""The store: everything between the application and Neo4j, and nothing above it.

Owns the settings (settings.py), the driver and its read/write transactions (db.py), the local Neo4j
Community server (server.py), the schema as data with its vocabularies and their words (schema.yaml,
schema.py), node and relationship records with stable uids (records.py), the one batched writer
(writer.py, lanes.py), cross-script name keys (names.py) and how values are written as text (plain.py).

May import: nothing else of graph/.
"""
