"""The saved-query library: headers parse into typed queries, every query runs read-only on the demo data,
`evgraph query` runs them from the shell, and none shows a protected person to an untrusted viewer."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

import graph.console.readonly as readonly
from graph.access.viewer import Viewer
from graph.console.saved import (ParamError, QueryDefinitionError, by_tag, load_queries, parameters_in, parse_query,
                                 run_saved)

QUERIES = load_queries()


def test_the_library_has_at_least_15_documented_queries():
    assert len(QUERIES) >= 15
    for name, query in QUERIES.items():
        assert query.title and query.description and query.tags, name
        assert all(p.help for p in query.params), name
    assert {"unsanctioned_officials", "officials_most_violations", "chain_of_command"} <= set(QUERIES)
    groups = dict(by_tag(QUERIES))
    assert "officials" in groups and sum(len(v) for v in groups.values()) == len(QUERIES)


def test_header_parses_into_typed_params():
    query = parse_query("// title: T\n// description: one\n//   two\n// tags: a, b\n"
                        "// param: n integer = 3 -- how many\n// param: who enum(authority) = EU -- authority\n"
                        "// param: on date -- a day\n// param: grades list = D, E -- grades\n"
                        "// param: flag boolean = false -- a flag\n"
                        "MATCH (n) WHERE n.x > $n AND n.a = $who AND n.d = $on AND n.g IN $grades AND $flag\n"
                        "RETURN n // trailing comment with $not_a_param\n", "t")
    assert query.title == "T" and query.description == "one two" and query.tags == ("a", "b")
    assert [p.name for p in query.params] == ["n", "who", "on", "grades", "flag"]
    bound = query.bind({"n": "7", "on": "2020-02-29", "flag": "yes"})
    assert bound == {"n": 7, "who": "EU", "on": date(2020, 2, 29), "grades": ["D", "E"], "flag": True}
    for bad in ({"n": "seven"}, {"who": "XX"}, {"on": "29/02/2020"}, {"nope": "1"}):
        with pytest.raises(ParamError):
            query.bind(bad)
    assert query.bind({"sees_protected": "true"})["n"] == 3   # reserved: ignored, set by the runner


def test_undeclared_parameters_and_missing_title_are_errors():
    with pytest.raises(QueryDefinitionError, match="undeclared"):
        parse_query("// title: T\nMATCH (n) WHERE n.x = $x RETURN n", "t")
    with pytest.raises(QueryDefinitionError, match="title"):
        parse_query("MATCH (n) RETURN n", "t")
    with pytest.raises(QueryDefinitionError, match="TYPE"):
        parse_query("// title: T\n// param: x thing\nRETURN $x", "t")
    assert parameters_in("MATCH (n) WHERE n.a = $a AND n.b = '$b' AND $sees_protected // $c\nRETURN $a") == ["a"]


@pytest.fixture
def checked(monkeypatch):
    """Records every statement that went through the read-only check."""
    seen: list[str] = []
    original = readonly.check_read_only

    def spy(graph, cypher, params=None):
        seen.append(cypher)
        return original(graph, cypher, params)

    monkeypatch.setattr(readonly, "check_read_only", spy)
    return seen


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_saved_query_runs_read_only_on_the_demo(demo_graph, checked, name):
    query = QUERIES[name]
    result = run_saved(demo_graph, query, {}, Viewer("researcher"))
    assert checked and checked[-1].strip() == query.cypher.strip().rstrip(";").strip()
    assert result.rows, f"{name} returned nothing on the demo data"
    assert result.columns and all(len(r) == len(result.columns) for r in result.rows)
    if not result.has_graph and "statistics" not in query.tags:   # counts have no single row to link
        assert any(c == "uid" or c.endswith("_uid") for c in result.columns), f"{name}: give rows their uids"


def test_no_saved_query_shows_a_protected_person_to_a_viewer(demo_graph):
    protected = {r["uid"] for r in demo_graph.query("MATCH (p:Person) WHERE p.protected RETURN p.uid AS uid")}
    assert protected
    leaked = {}
    for name, query in QUERIES.items():
        text = json.dumps(run_saved(demo_graph, query, {}, Viewer("viewer")).rows, default=str)
        found = [uid for uid in protected if uid in text]
        if found:
            leaked[name] = found
    assert not leaked


def test_unsanctioned_officials_for_the_dossier_batch(demo_graph):
    query = QUERIES["unsanctioned_officials"]
    result = run_saved(demo_graph, query, {"min_violations": "5"}, Viewer("researcher"))
    assert {"uid", "name", "violations"} <= set(result.columns)
    rows = result.as_dicts()
    assert rows and all(r["violations"] >= 5 for r in rows)
    sanctioned = {r["uid"] for r in demo_graph.query("MATCH (o)-[:SUBJECT_OF]->(:Sanction) RETURN o.uid AS uid")}
    assert not sanctioned & {r["uid"] for r in rows}


def test_cli_query_list_and_formats(demo_graph, runner):
    from cli import main

    listed = runner.invoke(main, ["query", "--list"])
    assert listed.exit_code == 0 and all(name in listed.output for name in QUERIES)
    out = runner.invoke(main, ["query", "officials_most_violations", "--param", "limit=3", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert len(rows) == 3 and rows[0]["violations"] >= rows[-1]["violations"] and rows[0]["uid"]
    out = runner.invoke(main, ["query", "unsanctioned_by_authority", "-p", "authority=US", "--format", "csv"])
    header = next(csv.reader(io.StringIO(out.output)))
    assert out.exit_code == 0 and header[:2] == ["uid", "name"]
    table = runner.invoke(main, ["query", "courts_political_cases"])
    assert table.exit_code == 0 and "Southern District Military Court" in table.output


def test_cli_query_errors_say_what_to_do(demo_graph, runner):
    from cli import main

    bad = runner.invoke(main, ["query", "officials_most_violations", "--param", "limit=many"])
    assert bad.exit_code != 0 and "whole number" in bad.output and "limit (integer" in bad.output
    typo = runner.invoke(main, ["query", "officials_most_violation"])
    assert typo.exit_code != 0 and "officials_most_violations" in typo.output
