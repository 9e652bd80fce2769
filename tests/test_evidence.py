"""The evidence rule, checked: the demo passes; broken claims inserted here are reported."""
from cli import main
from graph.store.schema import SCHEMA

PROTECTED_PERSON = SCHEMA.sealing["Person"].pseudonym
from graph.access.viewer import OPERATOR
from graph.evidence.rule import find_breaches
from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records
from tests.conftest import mark_dirty, sealed_uid


def test_demo_keeps_the_evidence_rule(demo_graph, runner):
    assert find_breaches(demo_graph, OPERATOR) == []
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "evidence rule holds" in result.output


def test_broken_claims_are_reported(demo_graph, runner):
    mark_dirty()
    write_records(demo_graph, [
        NodeRecord("Person", "t-judge", {"name": "Unsourced Judge"}, ("Official",)),
        NodeRecord("Case", "t-case", {"name": "Unsourced case"}),
        NodeRecord("Violation", "t-viol", {"name": "Torture without evidence", "kind": "torture"}),
    ], [
        RelRecord("JUDGE_IN", "Person", "t-judge", "Case", "t-case", {"role": "presiding"}),
        RelRecord("RESPONSIBLE_FOR", "Person", "t-judge", "Violation", "t-viol",
                  {"role": "direct", "source_uids": ["no-such-source"]}),
    ])
    rules = {(b.rule, b.uid) for b in find_breaches(demo_graph, OPERATOR)}
    assert ("unevidenced-violation", "t-viol") in rules
    assert any(rule == "unsourced-claim" for rule, _ in rules)
    assert any(rule == "dangling-source" for rule, _ in rules)
    result = runner.invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 1
    assert "Unsourced Judge" in result.output and "no-such-source" in result.output


def test_the_web_app_lists_breaches_and_hides_protected_names(demo_graph, client):
    assert "evidence rule holds" in client.get("/evidence/").get_data(as_text=True)
    mark_dirty()
    write_records(demo_graph, [
        NodeRecord("Person", "t-witness", {"name": "Secret Witness", "protected": True}),
        NodeRecord("Case", "t-case2", {"name": "Case with a witness"}),
    ], [RelRecord("DEFENDANT_IN", "Person", "t-witness", "Case", "t-case2", {})])
    html = client.get("/evidence/").get_data(as_text=True)
    assert "Claim without sources" in html and "Case with a witness" in html
    assert "Secret Witness" not in html and PROTECTED_PERSON in html
    rows = client.get("/evidence.json").get_json()["breaches"]
    assert any(r["subject_uid"] == sealed_uid(demo_graph, "t-witness") for r in rows)
    assert client.get("/evidence.csv").get_data(as_text=True).lstrip("\ufeff").startswith("rule,uid,description,subject_uid")
