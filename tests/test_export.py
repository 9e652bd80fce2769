"""Everything out again: FtM JSON lines readable by followthemoney that import back into the same
graph, GraphML that networkx opens, and a CSV per label and relationship type."""
import csv
import json

import networkx as nx
import pytest

from graph.store.settings import load_settings
from followthemoney import model

from cli import main
from graph.access.viewer import OPERATOR
from graph.interchange.dump import iter_nodes, iter_rels
from graph.store.db import delete_all
from tests.conftest import SHARED_DATA
from tests.test_import_register import HEADER, ROWS, write_csv


@pytest.fixture
def mixed_graph(graph, runner, tmp_path, monkeypatch):
    """A graph with every kind of data the importers make: a register, an EU list, an FtM cluster."""
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))
    (tmp_path / "verdict.pdf").write_bytes(b"%PDF-1.4 verdict")
    register = write_csv(tmp_path / "register.csv", HEADER, ROWS)
    for path in (register, SHARED_DATA / "eu_oj_32024R1485_russia_human_rights.csv",
                 SHARED_DATA / "yente_fixture_zala_entities.ftm.json"):
        result = runner.invoke(main, ["import", str(path)])
        assert result.exit_code == 0, result.output
    return graph


def snapshot(graph) -> tuple[dict, set]:
    nodes = {n.uid: (n.label, n.extra_labels, n.props) for n in iter_nodes(graph, OPERATOR)}
    rels = {(r.type, r.start, r.end, json.dumps(r.props, sort_keys=True, default=str)) for r in iter_rels(graph)}
    return nodes, rels


def test_ftm_export_imports_back_into_the_same_graph(mixed_graph, runner, tmp_path):
    out = tmp_path / "graph.ftm.jsonl"
    result = runner.invoke(main, ["export", "ftm", str(out)])
    assert result.exit_code == 0, result.output
    before_nodes, before_rels = snapshot(mixed_graph)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(before_nodes) + len(before_rels)
    proxies = [model.get_proxy(json.loads(line)) for line in lines]
    schemata = {p.schema.name for p in proxies}
    assert {"Person", "Organization", "Sanction", "Document", "CourtCase", "CourtCaseParty", "Ownership"} <= schemata
    dubovik = next(p for p in proxies if p.schema.name == "Person" and "Nikolai Pavlovich DUBOVIK" in p.get("name"))
    assert "Николай Павлович ДУБОВИК" in dubovik.get("alias") and dubovik.get("birthDate") == ["1956-04-23"]

    delete_all(mixed_graph)
    result = runner.invoke(main, ["import", str(out)])
    assert result.exit_code == 0, result.output
    after_nodes, after_rels = snapshot(mixed_graph)
    # the round trip's own ImportBatch and its IMPORTED_BY links are the only additions
    new_batches = {uid for uid, (label, _, _) in after_nodes.items() if label == "ImportBatch"} - set(before_nodes)
    assert len(new_batches) == 1
    assert {u: v for u, v in after_nodes.items() if u not in new_batches} == before_nodes
    assert {r for r in after_rels if r[2] not in new_batches} == before_rels


def test_graphml_opens_with_networkx(mixed_graph, runner, tmp_path):
    out = tmp_path / "graph.graphml"
    result = runner.invoke(main, ["export", "graphml", str(out)])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    nodes, rels = snapshot(mixed_graph)
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(rels)
    judge = next(d for _, d in g.nodes(data=True) if d.get("label") == "Nikolai Pavlovich DUBOVIK")
    assert judge["labels"].startswith("Person") and judge["name_ru"] == "Николай Павлович ДУБОВИК"
    assert {d["type"] for _, _, d in g.edges(data=True)} >= {"SUBJECT_OF", "JUDGE_IN", "EVIDENCED_BY"}


def test_csv_per_label_and_type(mixed_graph, runner, tmp_path):
    folder = tmp_path / "csv"
    result = runner.invoke(main, ["export", "csv", str(folder)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert {"nodes_Person.csv", "nodes_Sanction.csv", "nodes_Case.csv", "rels_SUBJECT_OF.csv",
            "rels_JUDGE_IN.csv"} <= names
    people = list(csv.DictReader((folder / "nodes_Person.csv").open(encoding="utf-8")))
    nodes, _ = snapshot(mixed_graph)
    assert len(people) == sum(1 for label, _, _ in nodes.values() if label == "Person")
    judges = list(csv.DictReader((folder / "rels_JUDGE_IN.csv").open(encoding="utf-8")))
    assert judges and all(j["source_uids"] and j["start"] and j["end"] for j in judges)


def test_demo_graph_survives_the_ftm_round_trip(demo_graph, runner, tmp_path, monkeypatch):
    """The demo has every label and relationship type of the model (violations, sites, cases...); an
    administrator's export holds all of it, protected witnesses included."""
    from tests.conftest import mark_dirty

    out = tmp_path / "demo.ftm.jsonl"
    assert runner.invoke(main, ["export", "ftm", str(out), "--include-protected"]).exit_code == 0
    before_nodes, before_rels = snapshot(demo_graph)
    mark_dirty()
    delete_all(demo_graph)
    result = runner.invoke(main, ["import", str(out)])
    assert result.exit_code == 0, result.output
    after_nodes, after_rels = snapshot(demo_graph)
    new_batches = {uid for uid, (label, _, _) in after_nodes.items() if label == "ImportBatch"} - set(before_nodes)
    assert {u: v for u, v in after_nodes.items() if u not in new_batches} == before_nodes
    assert {r for r in after_rels if r[2] not in new_batches} == before_rels


@pytest.mark.parametrize("fmt", ["ftm", "graphml", "csv"])
def test_exports_mask_protected_people_for_researchers(demo_graph, runner, tmp_path, monkeypatch, fmt):
    """The masking rule holds in every export: a researcher's file names no protected witness and no
    confidential source."""
    from graph.access.viewer import viewer_for
    from graph.store.schema import SCHEMA
    from tests.conftest import account_for

    admin = viewer_for(demo_graph, "admin", "test")      # the clear names, as an admin reads them
    clear = [n.props for n in iter_nodes(demo_graph, admin) if n.props.get("protected") or
             (n.label == "Source" and n.props.get("confidential"))]
    public = {r["n"] for r in demo_graph.query("MATCH (p:Person) WHERE NOT coalesce(p.protected, false) "
                                               "RETURN p.name AS n")}
    secrets = [p["name"] for p in clear if p["name"] not in public]   # a namesake is rightly named
    assert secrets and not any(s.startswith(("Protected person", "Confidential source")) for s in secrets)
    account_for(load_settings(), "researcher")
    for who in (["--as", "test-researcher"], []):      # a researcher, and the operator without the flag
        out = tmp_path / who[-1:][0] if who else tmp_path / "operator"
        out.mkdir()
        out = out / ("dump" if fmt == "csv" else f"dump.{fmt}")
        assert runner.invoke(main, [*who, "export", fmt, str(out)]).exit_code == 0
        text = "".join(f.read_text(encoding="utf-8") for f in out.iterdir()) if fmt == "csv" else out.read_text()
        assert SCHEMA.sealing["Person"].pseudonym in text
        assert not [t for t in secrets if t in text]
