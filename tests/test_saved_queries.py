"""The saved-query library: headers parse into typed queries, every query runs read-only on the demo data,
`evgraph query` runs them from the shell, and none shows a protected person to an untrusted viewer."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

import graph.console.readonly as readonly
import graph.console.saved as saved
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
    saved.KEPT.clear()          # every query runs, none is answered from an earlier test's run
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


# The plain way to write the queries that are written for speed at scale (a floor from link counts, the latest
# rows first, a timeline instead of pairing every post with every report, the official before the violations, the
# low-graded sources before the claims): the same rows on the demo data.
PLAIN = {
    "unsanctioned_by_authority": """
        MATCH (o:Official)-[:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
        WHERE EXISTS { (v)-[:EVIDENCED_BY]->(:Source) }
          AND NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction {authority: $authority}) }
        WITH o, count(DISTINCT v) AS violations, count(DISTINCT victim) AS victims
        RETURN o.uid AS uid, o.name AS name, o.rank AS rank, violations, victims,
               [(o)-[:SUBJECT_OF]->(s:Sanction) | s.authority] AS sanctioned_by
        ORDER BY violations DESC, name LIMIT $limit""",
    "transfers_to_russia": """
        MATCH (d:Person)-[h:HELD_AT]->(s:DetentionSite {region: 'russia'})
        WHERE d.region <> 'russia' AND ($sees_protected OR NOT coalesce(d.protected, false))
        OPTIONAL MATCH (v:Violation {kind: 'transfer_to_russia'})-[:AGAINST]->(d)
        OPTIONAL MATCH (o:Official)-[:RESPONSIBLE_FOR]->(v)
        WITH d, s, h, v, collect(DISTINCT o.name) AS responsible
        RETURN d.uid AS uid, d.name AS name, d.region AS from_region, s.uid AS site_uid, s.name AS site,
               h.since AS since, h.until AS until, v.uid AS violation_uid, responsible
        ORDER BY since DESC, name LIMIT $limit""",
    "staff_at_torture_sites": """
        MATCH (v:Violation {kind: 'torture'})-[:AT]->(s:DetentionSite)-[:RUN_BY]->(org:Organization)
        WHERE $site IS NULL OR s.uid = $site OR toLower(s.name) CONTAINS toLower($site)
        MATCH (o:Person)-[h:HOLDS_POSITION]->(org)
        WHERE h.since <= v.date AND (h.until IS NULL OR h.until >= v.date)
          AND ($all_staff OR h.title ENDS WITH s.name)
          AND ($sees_protected OR NOT coalesce(o.protected, false))
        WITH o, h, s, count(DISTINCT v) AS torture_reports, min(v.date) AS first_report, max(v.date) AS last_report
        RETURN o.uid AS uid, o.name AS name, h.title AS post, h.since AS since, h.until AS until,
               s.uid AS site_uid, s.name AS site, torture_reports, first_report, last_report
        ORDER BY torture_reports DESC, name""",
    "officials_most_violations": """
        MATCH (o:Official)-[r:RESPONSIBLE_FOR]->(v:Violation)
        WHERE EXISTS { (v)-[:EVIDENCED_BY]->(:Source) }
        WITH o, count(DISTINCT v) AS violations,
             count(DISTINCT CASE r.role WHEN 'direct' THEN v END) AS direct,
             count(DISTINCT CASE r.role WHEN 'command' THEN v END) AS command,
             count(DISTINCT CASE r.role WHEN 'complicit' THEN v END) AS complicit,
             collect(DISTINCT v.kind) AS kinds
        RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
               head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | h.title + ', ' + org.name]) AS post,
               violations, direct, command, complicit, kinds
        ORDER BY violations DESC, name LIMIT $limit""",
    "unsanctioned_officials": """
        MATCH (o:Official) WHERE NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction) }
        MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation) WHERE EXISTS { (v)-[:EVIDENCED_BY]->(:Source) }
        WITH o, count(DISTINCT v) AS violations, collect(DISTINCT v.kind) AS kinds
        WHERE violations >= $min_violations
        RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
               head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | org.name]) AS organisation,
               violations, kinds, COUNT { (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case) } AS cases
        ORDER BY violations DESC, name LIMIT $limit""",
    "official_victims": """
        MATCH (o:Official)-[r:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
        WHERE (o.uid = $official OR toLower(o.name) CONTAINS toLower($official))
          AND ($sees_protected OR NOT coalesce(victim.protected, false))
        RETURN o.uid AS official_uid, o.name AS official, victim.uid AS victim_uid, victim.name AS victim,
               v.uid AS violation_uid, v.kind AS kind, v.date AS date, r.role AS role,
               COUNT { (v)-[:EVIDENCED_BY]->() } AS sources
        ORDER BY date, victim LIMIT $limit""",
    "single_weak_source_claims": """
        CALL () {
          MATCH (v:Violation)-[:EVIDENCED_BY]->(s:Source)
          WITH v, collect(DISTINCT s) AS sources
          WHERE size(sources) = 1 AND sources[0].reliability IN $grades
          RETURN 'violation' AS claim, v.uid AS uid, v.name AS statement, sources[0] AS source
          UNION ALL
          MATCH (a:Person)-[r]->(b)
          WHERE size(coalesce(r.source_uids, [])) = 1
            AND ($sees_protected OR NOT (coalesce(a.protected, false) OR coalesce(b.protected, false)))
          MATCH (s:Source {uid: r.source_uids[0]}) WHERE s.reliability IN $grades
          RETURN toLower(type(r)) AS claim, a.uid AS uid, a.name + ' ' + toLower(type(r)) + ' ' + b.name AS statement,
                 s AS source
        }
        RETURN claim, uid, statement, source.uid AS source_uid,
               CASE WHEN source.confidential AND NOT $sees_confidential THEN $confidential_source ELSE source.name END AS source_title,
               source.kind AS source_kind, source.reliability AS reliability, source.credibility AS credibility
        ORDER BY reliability DESC, claim, statement LIMIT $limit""",
}


@pytest.mark.parametrize("name, values", [
    ("unsanctioned_by_authority", {}), ("unsanctioned_by_authority", {"authority": "US", "limit": "3"}),
    ("transfers_to_russia", {"limit": "5"}), ("transfers_to_russia", {}),
    ("staff_at_torture_sites", {}), ("staff_at_torture_sites", {"all_staff": "true"}),
    ("staff_at_torture_sites", {"site": "sizo"}),
    ("officials_most_violations", {}), ("officials_most_violations", {"limit": "3"}),
    ("unsanctioned_officials", {}), ("unsanctioned_officials", {"min_violations": "1", "limit": "5"}),
    ("official_victims", {}), ("official_victims", {"official": "kurganov"}),   # a limit would cut through ties
    ("single_weak_source_claims", {}), ("single_weak_source_claims", {"grades": "F"})])
def test_queries_written_for_scale_return_what_the_plain_query_returns(demo_graph, name, values):
    query = QUERIES[name]
    fast = run_saved(demo_graph, query, values, Viewer("researcher"))
    plain = readonly.run_read_only(demo_graph, PLAIN[name], query.bind(values), viewer=Viewer("researcher"),
                                   scrub=False)
    assert fast.columns == plain.columns and plain.rows
    # the same rows, in the same order up to ties of the sort (names repeat); collected lists in any order
    canon = lambda row: repr([sorted(v, key=repr) if isinstance(v, list) else v for v in row])  # noqa: E731
    assert sorted(map(canon, fast.rows)) == sorted(map(canon, plain.rows))
    first = fast.columns.index({"unsanctioned_by_authority": "violations", "transfers_to_russia": "since",
                                "staff_at_torture_sites": "torture_reports", "officials_most_violations": "violations",
                                "unsanctioned_officials": "violations", "official_victims": "date",
                                "single_weak_source_claims": "reliability"}[name])
    assert [r[first] for r in fast.rows] == [r[first] for r in plain.rows]


def test_a_slow_saved_answer_is_kept_until_the_data_changes(demo_graph, monkeypatch):
    monkeypatch.setattr(saved, "KEEP_AFTER_MS", 0.0)
    saved.KEPT.clear()
    query = QUERIES["officials_most_violations"]
    first = run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher"))
    again = run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher"))
    assert not first.kept and again.kept and again.rows == first.rows
    assert not run_saved(demo_graph, query, {"limit": "5"}, Viewer("researcher")).kept    # other values
    assert not run_saved(demo_graph, query, {"limit": "4"}, Viewer("editor")).kept        # sees more
    assert run_saved(demo_graph, query, {"limit": "4"}, Viewer("viewer")).kept            # sees the same
    demo_graph.write(lambda tx: tx.run("MATCH (o:Official) WITH o LIMIT 1 SET o.rank = o.rank"))   # a write, same data
    after = run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher"))
    assert not after.kept and after.rows == first.rows


def test_a_kept_answer_in_use_is_read_again_after_a_change(demo_graph, monkeypatch):
    """In a server (stamp.REFRESHER enabled by `evgraph serve`), a kept answer used lately is read again in the
    background once the data has changed and then stayed quiet: the first reader after the change finds it kept,
    and it is the new data's, read for the same role and values."""
    import time

    from graph.store import stamp

    monkeypatch.setattr(saved, "KEEP_AFTER_MS", 0.0)
    saved.KEPT.clear()
    refresher = stamp.Refresher()
    refresher.enable(interval=0.05, quiet=0.2)
    monkeypatch.setattr(stamp, "REFRESHER", refresher)
    query = QUERIES["officials_most_violations"]
    first = run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher"))
    assert run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher")).kept
    top, rank = first.rows[0][first.columns.index("uid")], first.rows[0][first.columns.index("rank")]
    set_rank = "MATCH (o:Official {uid: $uid}) SET o.rank = $rank"
    try:
        demo_graph.write(lambda tx: tx.run(set_rank, uid=top, rank="refreshed rank").consume())
        deadline = time.monotonic() + 20
        while refresher.refreshed < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert refresher.refreshed == 1 and refresher.rounds == 1
        after = run_saved(demo_graph, query, {"limit": "4"}, Viewer("researcher"))
        assert after.kept and after.rows[0][first.columns.index("rank")] == "refreshed rank"
        assert not run_saved(demo_graph, query, {"limit": "4"}, Viewer("editor")).kept   # only what was asked
    finally:
        refresher.enabled = False
        demo_graph.write(lambda tx: tx.run(set_rank, uid=top, rank=rank).consume())


def test_kept_answers_are_shared_by_the_workers_of_a_machine(demo_graph, monkeypatch):
    """Two processes' Kept of one name (the workers of `evgraph serve`): an answer one kept is the other's at the
    same stamp, from a 0600 file in the private folder; another stamp, or another key, finds nothing."""
    import os

    from graph.store.stamp import Kept, read_stamp

    one, other = Kept(8, shared="test-share"), Kept(8, shared="test-share")
    one.attach(demo_graph)
    other.attach(demo_graph)
    one.clear()
    stamp = demo_graph.read(read_stamp)
    one.put(("q", 1), stamp, {"rows": [1, 2]})
    assert other.get(("q", 1), stamp) == {"rows": [1, 2]}
    assert other.get(("q", 2), stamp) is None
    assert other.get(("q", 1), ("another", 0)) is None
    files = list((demo_graph.settings.private_dir / "kept" / "test-share").glob("*.kept"))
    assert len(files) == 1 and os.stat(files[0]).st_mode & 0o077 == 0
    one.clear()
    assert Kept(8, shared="test-share").get(("q", 1), stamp) is None


def test_the_shipped_queries_are_read_before_anyone_asks(demo_graph, monkeypatch):
    """`evgraph serve` warms the library (stamp.REFRESHER.warm): each shipped query with its defaults, for both
    ways of seeing the data and, where the answer holds placeholders, each language; the first analyst to open one
    gets the kept answer, in their language; values of their own are read live."""
    from graph.store import language

    monkeypatch.setattr(saved, "KEEP_AFTER_MS", 0.0)
    monkeypatch.setattr(saved, "_QUICK", set())
    saved.KEPT.clear()
    ran = saved.warm_shipped(demo_graph)
    assert ran > len(QUERIES)          # researcher's answers in each language, the editor's once
    query = QUERIES["officials_most_violations"]
    for role in ("viewer", "researcher", "editor", "admin"):
        for lang in language.LANGUAGES:
            with language.using(lang):
                assert run_saved(demo_graph, query, {}, Viewer(role)).kept, (role, lang)
    assert not run_saved(demo_graph, query, {"limit": "3"}, Viewer("researcher")).kept
    cited = QUERIES["most_cited_sources"]
    with language.using("en"):
        english = run_saved(demo_graph, cited, {"limit": "500"}, Viewer("researcher"))
    with language.using("uk"):
        ukrainian = run_saved(demo_graph, cited, {"limit": "500"}, Viewer("researcher"))
    assert "[confidential source]" in str(english.rows) and not ukrainian.kept     # each in its own words
    assert "[confidential source]" not in str(ukrainian.rows)


def test_the_refresher_warms_after_the_start_and_after_each_change(demo_graph, monkeypatch):
    import time

    from graph.store import stamp

    refresher = stamp.Refresher()
    refresher.enable(interval=0.05, quiet=0.2)
    calls: list[tuple] = []
    refresher.warm(demo_graph, lambda graph, at: calls.append(at))
    try:
        deadline = time.monotonic() + 20
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert len(calls) == 1                       # once the data is quiet, and not again while it stays so
        demo_graph.write(lambda tx: tx.run("MATCH (o:Official) WITH o LIMIT 1 SET o.rank = o.rank").consume())
        deadline = time.monotonic() + 20
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(calls) == 2 and calls[1] != calls[0]
    finally:
        refresher.enabled = False
