"""Curation (graph/curation): forms from the schema, edits with revisions, retraction and restore, the
evidence rule at the moment of writing, optimistic concurrency, review states, revert; and after every
test the evidence check passes."""
from __future__ import annotations

from datetime import date

import pytest

from graph.access.viewer import Viewer, viewer_for
from graph.curation import edits, history
from graph.curation.fields import FormError, node_fields, parse_date, parse_fields, rel_fields
from graph.evidence.rule import find_breaches
from graph.evidence.store import titled_source
from graph.store.sealing import is_blind_uid


@pytest.fixture
def editor(graph):
    return viewer_for(graph, "editor", "ed")


@pytest.fixture(autouse=True)
def evidence_rule_holds(graph):
    yield
    assert [b.description for b in find_breaches(graph, viewer_for(graph, "admin", "check"))] == []


def _source(graph, editor, title="Verdict of the Kyiv district court"):
    return edits.create(graph, editor, "source", parse_fields(node_fields("source"), {
        "name": title, "kind": "court_decision", "reliability": "A", "credibility": "1"}), "from the court site").uid


def test_forms_come_from_the_schema():
    detainee = {f.name for f in node_fields("detainee")}
    official = {f.name for f in node_fields("official")}
    assert {"name", "name_uk", "birth_date", "status", "pace_criteria"} <= detainee
    assert "rank" not in detainee and "status" not in official and "rank" in official
    assert "name_keys" not in detainee and "sha256" not in {f.name for f in node_fields("source")}
    kind = next(f for f in node_fields("violation") if f.name == "kind")
    assert kind.required and ("torture", "torture") in kind.choices
    assert [f.name for f in rel_fields("HELD_AT")] == ["since", "until"]


def test_dates_keep_their_precision():
    assert parse_date("1965") == (date(1965, 1, 1), "year")
    assert parse_date("2014-03") == (date(2014, 3, 1), "month")
    assert parse_date("03.2014") == (date(2014, 3, 1), "month")
    assert parse_date("14.03.2014") == (date(2014, 3, 14), None)
    values = parse_fields(node_fields("detainee"), {"name": "A", "birth_date": "1965", "detained_on": "2016-05-12"})
    assert values["birth_date_precision"] == "year" and values["detained_on_precision"] is None


def test_bad_input_is_named_field_by_field():
    with pytest.raises(FormError) as err:
        parse_fields(node_fields("detainee"), {"name": "", "birth_date": "next spring", "status": "free",
                                                "gender": "x", "colour": "red"})
    assert set(err.value.errors) == {"name", "birth_date", "status", "gender", "colour"}
    assert "a year (2014)" in err.value.errors["birth_date"]
    assert "detained" in err.value.errors["status"]


def test_create_edit_conflict_revert(graph, editor):
    saved = edits.create(graph, editor, "detainee", parse_fields(node_fields("detainee"), {
        "name": "Server Mustafayev", "name_uk": "Сервер Мустафаєв", "birth_date": "1986", "status": "convicted"}),
        "Crimean Tatar activist, per CHR report")
    current = edits.read_node(graph, saved.uid, editor)
    assert current.version == 1 and current.values["birth_date_precision"] == "year"
    first = edits.update(graph, editor, saved.uid, parse_fields(node_fields("detainee"), {"birth_date": "1986-05-13"},
                                                               partial=True), 1, "birth date from the verdict")
    assert first.version == 2
    with pytest.raises(edits.Conflict) as stale:
        edits.update(graph, editor, saved.uid, {"status": "released"}, 1, "stale page")
    assert "birth date 1986 → 1986-05-13" in str(stale.value) and stale.value.current == 2
    assert edits.read_node(graph, saved.uid, editor).values["status"] == "convicted"
    edits.revert(graph, editor, first.revision, "wrong verdict")
    back = edits.read_node(graph, saved.uid, editor)
    assert back.version == 3 and back.values["birth_date_precision"] == "year"
    revs = history.history(graph, saved.uid, editor)
    assert [r.action for r in revs] == ["edit", "edit", "create"]
    assert revs[-1].actor == "ed" and revs[-1].reason.startswith("Crimean")
    # a researcher learns that it changed and when, not who or what
    seen = history.history(graph, saved.uid, Viewer("researcher"))
    assert seen[0].at and not seen[0].actor and "changes" not in seen[0].as_dict()


def test_relationship_needs_a_source_and_live_ends(graph, editor):
    person = edits.create(graph, editor, "detainee", {"name": "Emil Kurbedinov"}, "lawyer detained").uid
    case = edits.create(graph, editor, "case", {"name": "Case 1"}, "case file").uid
    with pytest.raises(FormError, match="source"):
        edits.relate(graph, editor, "DEFENDANT_IN", person, case, {}, "defendant")
    with pytest.raises(FormError, match="retracted|records in the graph"):
        edits.relate(graph, editor, "DEFENDANT_IN", person, "nope", {}, "defendant", sources=[_source(graph, editor)])
    src = _source(graph, editor, "Indictment")
    rel = edits.relate(graph, editor, "DEFENDANT_IN", person, case, {}, "indictment", sources=[src])
    assert edits.read_rel(graph, rel.uid, editor).source_uids == (src,)
    with pytest.raises(FormError, match="cited"):
        edits.retract(graph, editor, src, "duplicate")
    with pytest.raises(FormError, match="keeps at least one source"):
        edits.update_rel(graph, editor, rel.uid, {}, 1, "drop the source", sources=[])
    edits.retract_rel(graph, editor, rel.uid, "wrong case")
    with pytest.raises(edits.NotFound):
        edits.read_rel(graph, rel.uid, editor)
    gone = history.retracted(graph, editor)[0]
    edits.restore(graph, editor, gone.uid, "it was the right case")
    assert edits.read_rel(graph, rel.uid, editor).type == "DEFENDANT_IN"


def test_violation_needs_evidence_and_a_new_source_can_come_with_it(graph, editor):
    with pytest.raises(FormError, match="evidence"):
        edits.create(graph, editor, "violation", {"name": "Beaten", "kind": "torture"}, "testimony")
    new = titled_source("Testimony of the lawyer, 2021", kind="testimony", reliability="B", credibility="2")
    saved = edits.create(graph, editor, "violation", {"name": "Beaten", "kind": "torture"}, "testimony",
                         new_sources=[new])
    rows = graph.query("MATCH (:Violation {uid: $u})-[:EVIDENCED_BY]->(s:Source) RETURN s.uid AS s", {"u": saved.uid})
    assert [r["s"] for r in rows] == [new.uid]


def test_retract_and_restore_keep_everything(graph, editor):
    person = edits.create(graph, editor, "detainee", {"name": "Nariman Dzhelyal"}, "report").uid
    site = edits.create(graph, editor, "site", {"name": "SIZO-2 Simferopol", "kind": "sizo"}, "report").uid
    src = _source(graph, editor)
    edits.relate(graph, editor, "HELD_AT", person, site, {"since": date(2021, 9, 4)}, "report", sources=[src])
    out = edits.retract(graph, editor, person, "entered twice")
    assert graph.query_one("MATCH (p:Person {uid: $u}) RETURN p", {"u": person}) is None
    with pytest.raises(FormError, match="reason"):
        edits.restore(graph, editor, out.revision, "  ")
    back = edits.restore(graph, editor, out.revision, "it was not a duplicate")
    assert back.skipped == ()
    row = graph.query_one("MATCH (p:Person:Detainee {uid: $u})-[r:HELD_AT]->(:DetentionSite) RETURN r.since AS since",
                          {"u": person})
    assert row["since"].to_native() == date(2021, 9, 4)
    with pytest.raises(FormError, match="already"):
        edits.restore(graph, editor, out.revision, "again")


def test_marking_a_witness_protected_seals_the_record_and_its_history(graph, editor):
    saved = edits.create(graph, editor, "person", {"name": "Olena Bondar"}, "testimony").uid
    notes = edits.create(graph, editor, "detainee", {"name": "Detainee D", "notes": "Olena Bondar saw the arrest"},
                         "report").uid
    sealed = edits.update(graph, editor, saved, {"protected": True}, 1, "she is at risk").wait()
    assert is_blind_uid(sealed.uid) and sealed.uid != saved
    raw = graph.query_one("MATCH (p:Person {uid: $u}) RETURN properties(p) AS p", {"u": sealed.uid})["p"]
    assert "Bondar" not in str(raw)
    assert "Bondar" not in str(graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.notes AS n", {"u": notes})["n"])
    assert "Bondar" not in str(graph.query("MATCH (r:Revision) RETURN properties(r) AS r"))
    assert edits.read_node(graph, sealed.uid, editor).values["name"] == "Olena Bondar"
    assert [r.action for r in history.history(graph, sealed.uid, editor)] == ["edit", "create"]
    with pytest.raises(PermissionError):
        edits.update(graph, Viewer("researcher"), sealed.uid, {"notes": "x"}, 2, "no")


def test_review_state(graph, editor):
    uid = edits.create(graph, editor, "official", {"name": "Judge Viktor Zinchenko"}, "verdict").uid
    edits.set_review(graph, editor, uid, "needs_review", "spelling unsure")
    assert [r["uid"] for r in edits.needs_review(graph, editor)] == [uid]
    edits.set_review(graph, editor, uid, "verified", "checked against the court site")
    assert edits.needs_review(graph, editor) == []
    with pytest.raises(FormError):
        edits.set_review(graph, editor, uid, "great", "x")


def test_cli_edit_json_in_json_out(graph, runner, settings):
    import json

    from accounts import audit
    from cli import main

    made = runner.invoke(main, ["edit", "create", "detainee", "--values",
                                '{"name": "Vilen Temeryanov", "birth_date": "1983-03"}', "--reason", "CHR list"])
    assert made.exit_code == 0, made.output
    uid = json.loads(made.output)["uid"]
    shown = json.loads(runner.invoke(main, ["edit", "show", uid]).output)
    assert shown["version"] == 1 and shown["values"]["birth_date_precision"] == "month"
    bad = runner.invoke(main, ["edit", "update", uid, "--version", "1", "--values", '{"status": "gone"}',
                               "--reason", "x"])
    assert bad.exit_code == 1 and "status" in json.loads(bad.stderr)["fields"]
    ok = runner.invoke(main, ["edit", "update", uid, "--version", "1", "--values", '{"status": "convicted"}',
                              "--reason", "verdict"])
    assert ok.exit_code == 0, ok.output
    stale = runner.invoke(main, ["edit", "update", uid, "--version", "1", "--values", '{"status": "released"}',
                                 "--reason", "old"])
    assert stale.exit_code == 2 and json.loads(stale.stderr)["current_version"] == 2
    revs = json.loads(runner.invoke(main, ["edit", "history", uid]).output)["revisions"]
    assert [r["action"] for r in revs] == ["edit", "create"] and revs[0]["changes"]["status"] == [None, "convicted"]
    from tests.conftest import account_for
    account_for(settings, "researcher")
    refused = runner.invoke(main, ["--as", "test-researcher", "edit", "retract", uid, "--reason", "x"])
    assert refused.exit_code != 0 and "editor" in refused.output
    assert audit.entries(settings, uid=uid, limit=5)[0]["action"] == "edit"
    assert audit.verify(settings).ok


def test_dossier_limited_to_verified_statements(graph, editor):
    from graph.dossier.assemble import get_dossier
    from graph.evidence.grades import EvidenceThreshold

    judge = edits.create(graph, editor, "official", {"name": "Judge Ruslan Ablyaev"}, "verdicts").uid
    src = _source(graph, editor)
    rels = [edits.relate(graph, editor, "JUDGE_IN", judge, edits.create(graph, editor, "case", {"name": f"Case {i}"},
                                                                      "verdict").uid, {}, "verdict", sources=[src]).uid
            for i in (1, 2)]
    edits.set_review(graph, editor, rels[0], "verified", "read the verdict")
    everything = get_dossier(graph, judge)
    verified = get_dossier(graph, judge, threshold=EvidenceThreshold(verified_only=True))
    assert len(everything.cases) == 2 and [c.name for c in verified.cases] == ["Case 1"]
    assert "verified statements only" in verified.header.threshold and verified.header.counts.omitted == 1
