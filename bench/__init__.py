"""Benchmarks: `python -m bench.<name>` against the Neo4j named by the environment."""
