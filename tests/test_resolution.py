"""One person, one record (graph/resolution) on the shared real lists: the same person on two lists is
proposed, a namesake with another patronymic is not; a confirmed pair is one search result, one dossier
with both listings, one row of the gap listed by both; undo splits them again. Courts named in three
ways are proposed as one; a register naming a court the graph has links to it."""
from __future__ import annotations

import csv
import json

import pytest

from cli import main
from graph.access.viewer import Viewer
from graph.dossier.assemble import get_dossier
from graph.explore.search import search_names
from graph.resolution import judgements as resolution
from graph.resolution.scoring import org_tokens, score_orgs, score_persons
from graph.sanctions.gap import get_gap
from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records
from tests.conftest import SHARED_DATA

EU = SHARED_DATA / "eu_oj_32024R1485_russia_human_rights.csv"
UA = SHARED_DATA / "opensanctions_ua_war_sanctions_targets.simple.csv"
RESEARCHER = Viewer("researcher")


def _ua_excerpt(tmp_path):
    """The real UA list's rows whose surname is on the EU list, and as many others: a quicker real file."""
    surnames = {row["name"].split()[-1].upper() for row in csv.DictReader(EU.open(encoding="utf-8"))}
    rows = list(csv.DictReader(UA.open(encoding="utf-8")))
    kept = [r for r in rows if r["name"].split()[0].upper() in surnames] + rows[:300]
    path = tmp_path / "opensanctions_ua_war_sanctions_excerpt.targets.simple.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({r["id"]: r for r in kept}.values())
    return path


def _people(graph, text: str) -> list:
    return [h for h in search_names(graph, text, RESEARCHER) if h.kind in ("official", "person")]


def _uid(graph, name: str) -> str:
    return graph.query_one("MATCH (p:Person {name: $n}) RETURN p.uid AS u", {"n": name})["u"]


def test_same_person_across_lists_one_entity_and_undo(graph, runner, tmp_path):
    for path in (EU, _ua_excerpt(tmp_path)):
        assert runner.invoke(main, ["import", str(path)]).exit_code == 0
    out = runner.invoke(main, ["resolve", "candidates", "--format", "json"])
    assert out.exit_code == 0, out.output
    pairs = {tuple(sorted((c["a"], c["b"]))): c for c in json.loads(out.stdout)}
    eu, ua = _uid(graph, "Aleksandr Vladimirovich GUTSAN"), _uid(graph, "GUTSAN Alexander Vladimirovich")
    gutsan = pairs[tuple(sorted((eu, ua)))]
    assert gutsan["score"] >= 0.9 and "same birth date" in gutsan["reasons"]
    # namesakes are not proposed: the same surname and first name, another patronymic or birth date
    for name in ("Andrey Viktorovich POLYAKOV",):
        uid = _uid(graph, name)
        others = [c for c in pairs.values() if uid in (c["a"], c["b"])]
        assert not others, others
    # every proposal carries reasons in words, none of them between conflicting patronymics or dates
    assert all("patronymic differs" not in c["reasons"] and "birth dates differ" not in c["reasons"]
               for c in pairs.values())

    # a documented official (a judge in a case) who is the EU's Gutsan: the gap counts the listing
    write_records(graph, [NodeRecord("Person", ua, {"name": "GUTSAN Alexander Vladimirovich"}, ("Official",)),
                          NodeRecord("Case", "case-g", {"name": "Case of a political prisoner"}),
                          NodeRecord("Source", "src-g", {"name": "Verdict", "reliability": "A", "credibility": "1"})],
                  [RelRecord("PROSECUTOR_IN", "Person", ua, "Case", "case-g", {"source_uids": ["src-g"]})])
    row = next(r for r in get_gap(graph) if r.uid == ua)
    assert row.listed == ("UA",)
    assert len(_people(graph, "Gutsan")) == 2

    resolution.judge(graph, eu, ua, "positive", "tester", "same name, birth date and post")
    assert graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.cluster AS c", {"u": ua})["c"] == min(eu, ua)
    hits = _people(graph, "Gutsan")
    assert len(hits) == 1 and any("one person, records: 2" in f for f in hits[0].facts)
    row = next(r for r in get_gap(graph) if r.uid == ua)
    assert row.listed == ("EU", "UA")
    dossier = get_dossier(graph, ua)
    assert {d.authority for d in dossier.sanctions.designations} >= {"EU", "UA"}
    assert any("Гуцан".lower() in n.value.lower() for n in dossier.identity.names)
    assert not [c for c in resolution.open_candidates(graph) if {c.a, c.b} == {eu, ua}]

    resolution.undo(graph, eu, ua, "tester")
    assert len(_people(graph, "Gutsan")) == 2
    assert graph.query_one("MATCH (p:Person {uid: $u}) RETURN p.cluster AS c", {"u": ua})["c"] is None
    assert next(r for r in get_gap(graph) if r.uid == ua).listed == ("UA",)
    assert [c for c in resolution.open_candidates(graph) if {c.a, c.b} == {eu, ua}]
    history = resolution.judgements_of(graph, ua)
    assert history[0]["judgement"] == "positive" and history[0]["retired_at"]


def test_the_reviewers_rules():
    volkov_a = {"uid": "a", "name": "VOLKOV Alexander Vasilyevich"}
    volkov_b = {"uid": "b", "name": "VOLKOV Alexander Olegovich", "birth_date": "1996-08-02"}
    assert score_persons(volkov_a, volkov_b).value < 0.5
    twins = ({"uid": "k", "name": "BORODACHEV Kirill Viktorovich", "birth_date": "2000-03-23"},
             {"uid": "t", "name": "BORODACHEV Anton Viktorovich", "birth_date": "2000-03-23"})
    assert score_persons(*twins).value < 0.5
    year_only = {"uid": "y", "name": "Viktor ZOLOTOV", "birth_date": "1954-01-01", "birth_date_precision": "year"}
    full = {"uid": "f", "name": "ZOLOTOV Viktor Vasilievich", "birth_date": "1954-01-27"}
    assert score_persons(year_only, full).value >= 0.7


def test_court_names_in_three_ways_are_one_court():
    a = {"uid": "1", "name": "Kyiv District Court of Simferopol", "kind": "court"}
    b = {"uid": "2", "name": "Kyiv district court, Simferopol", "kind": "court"}
    c = {"uid": "3", "name": "Киевский районный суд г. Симферополя", "kind": "court"}
    other = {"uid": "4", "name": "Zheleznodorozhny District Court of Simferopol", "kind": "court"}
    assert org_tokens(a["name"]) == org_tokens(b["name"]) == org_tokens(c["name"])
    assert score_orgs(a, c).value == 1.0 and score_orgs(a, other).value < 0.75


def test_a_register_naming_a_court_the_graph_has_links_to_it(graph, runner, tmp_path):
    write_records(graph, [NodeRecord("Organization", "court-kyiv-simf", {"name": "Kyiv District Court of Simferopol",
                                                                         "kind": "court"}, ("Court",))])
    register = tmp_path / "register.csv"
    register.write_text("id,name,case_number,court,sources\n"
                        "r1,Server Mustafayev,1-10/2018,Kyiv district court of Simferopol,https://example.org/a\n"
                        "r2,Emir-Usein Kuku,1-11/2018,Киевский районный суд г. Симферополя,https://example.org/b\n",
                        encoding="utf-8")
    result = runner.invoke(main, ["import", str(register)])
    assert result.exit_code == 0, result.output
    assert "linked to records already in the graph: 1" in result.output
    courts = graph.query("MATCH (c:Court) RETURN c.uid AS uid, c.name AS name, "
                         "COUNT { (c)<-[:HEARD_BY]-() } AS cases ORDER BY uid")
    linked = next(c for c in courts if c["uid"] == "court-kyiv-simf")
    assert linked["cases"] == 1 and linked["name"] == "Kyiv District Court of Simferopol"
    assert len(courts) == 2     # the Cyrillic spelling is a near match: made, and proposed for review
    assert runner.invoke(main, ["import", str(register)]).exit_code == 0      # again: nothing new
    assert len(graph.query("MATCH (c:Court) RETURN c")) == 2
    found = resolution.find_candidates(graph)
    assert any(c.label == "Organization" and "court-kyiv-simf" in (c.a, c.b) for c in found)


def test_the_review_queue(graph, runner, tmp_path, neo4j, settings):
    from tests.conftest import make_app

    write_records(graph, [NodeRecord("Person", "p1", {"name": "Kirill Sergeevich NIKIFOROV", "birth_date": "1992-03-14"},
                                     ("Official",)),
                          NodeRecord("Person", "p2", {"name": "NIKIFOROV Kirill Sergeyevich", "birth_date": "1992-03-14"})])
    client = make_app(neo4j, settings, ROLE="editor").test_client()
    resolution.compute_candidates(graph)
    page = client.get("/review").get_data(as_text=True)
    assert "NIKIFOROV" in page and "same birth date" in page and 'data-key="s"' in page
    assert client.post("/review/judge", data={"a": "p1", "b": "p2", "judgement": "positive",
                                              "reason": "one person"}).status_code == 302
    assert graph.query_one("MATCH (:Person {uid: 'p1'})-[r:SAME_AS]-(:Person {uid: 'p2'}) RETURN count(r) AS n")["n"] == 1
    assert "Decided lately" in client.get("/review").get_data(as_text=True)
    assert client.post("/review/undo", data={"a": "p1", "b": "p2"}).status_code == 302
    assert graph.query_one("MATCH (:Person {uid: 'p1'})-[r:SAME_AS]-() RETURN count(r) AS n")["n"] == 0
    researcher = make_app(neo4j, settings, ROLE="researcher").test_client()
    assert researcher.get("/review").status_code == 403
