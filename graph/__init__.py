"""The graph layer: schema, settings, the Neo4j driver and local server, and every Cypher statement the
application itself runs."""
