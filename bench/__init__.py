"""Benchmarks: `python -m bench` runs every bench/*_bench.py; each can also run alone."""
