"""`evgraph source add`: a file is hashed and copied into the content-addressed evidence store
(never overwritten); a URL becomes a Source too."""
import hashlib
import os

import pytest

from cli import main
from graph.evidence.store import store_file, verify_file


@pytest.fixture
def evidence(tmp_path, monkeypatch):
    store = tmp_path / "evidence"
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(store))
    return store


def test_file_source_is_hashed_and_stored(graph, runner, tmp_path, evidence):
    doc = tmp_path / "verdict.pdf"
    doc.write_bytes(b"%PDF-1.4 the verdict")
    sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    args = ["source", "add", str(doc), "--title", "Verdict in the Hizb ut-Tahrir case", "--kind", "court_decision",
            "--reliability", "A", "--credibility", "2"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sha in result.output
    source = graph.query_one("MATCH (s:Source {sha256: $sha}) RETURN s", {"sha": sha})["s"]
    assert source["size"] == len(b"%PDF-1.4 the verdict") and source["media_type"] == "application/pdf"
    assert source["archived_copy"] == f"{sha[:2]}/{sha[2:4]}/{sha}" and source["reliability"] == "A"
    stored = evidence / source["archived_copy"]
    assert stored.read_bytes() == doc.read_bytes() and not os.access(stored, os.W_OK) or os.geteuid() == 0
    assert verify_file(sha, evidence)
    assert runner.invoke(main, args).exit_code == 0
    assert graph.query_one("MATCH (s:Source) RETURN count(s) AS n")["n"] == 1


def test_store_never_overwrites(tmp_path):
    store = tmp_path / "store"
    doc = tmp_path / "a.txt"
    doc.write_text("original")
    info = store_file(doc, store)
    target = store / info.archived_copy
    mtime = target.stat().st_mtime_ns
    assert store_file(doc, store) == info and target.stat().st_mtime_ns == mtime


def test_url_source_and_missing_file(graph, runner, evidence):
    result = runner.invoke(main, ["source", "add", "https://memorial.example/report", "--title", "Report",
                                  "--kind", "ngo_report"])
    assert result.exit_code == 0, result.output
    assert graph.query_one("MATCH (s:Source {url: 'https://memorial.example/report'}) RETURN s.kind AS k")["k"] \
        == "ngo_report"
    missing = runner.invoke(main, ["source", "add", "nowhere.pdf", "--title", "x"])
    assert missing.exit_code == 1 and "no such file" in missing.output
    bad = runner.invoke(main, ["source", "add", "https://x.org", "--title", "x", "--reliability", "Z"])
    assert bad.exit_code == 2
