"""Malformed import files, generated from real ones: the fuzz suite (tests/test_fuzz_imports.py runs a few
hundred of each format) and the long run (``python -m tests.fuzz --files 2000``)."""
