"""Benchmarks: `python -m bench.<name>` against the configured Neo4j (load the demo first)."""
