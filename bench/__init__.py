"""Benchmarks: speed is measured, not asserted. Each bench/*_bench.py has a main() and runs alone with
`python -m bench.NAME`; `make bench` runs them all. They print their figures; they never fail a build."""
