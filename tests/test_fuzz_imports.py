"""The fuzz suite: a few hundred generated malformed files of each format (tests/fuzz/generate.py), every one
refused with a message or parsed, none with a traceback or a hang; a sample of those that parse is imported,
and a failed import leaves nothing behind. The long run: ``python -m tests.fuzz --files 2000 --write``."""
from tests.fuzz.__main__ import run


def test_generated_malformed_files_never_crash_the_importers(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))
    tally = run(per_format=150, seed=7, graph=graph, write_every=6)
    assert tally["files"] == 600
    assert tally["tracebacks"] == 0 and tally["hangs"] == 0 and tally["partial writes"] == 0, tally
    assert tally["refused with a message"] > 100 and tally["written"] > 5, tally
