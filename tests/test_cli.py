"""`evgraph cypher`, `db`, `demo`: read-only Cypher from the shell, in three formats."""
import csv
import io
import json

from cli import main
from cli.common import parse_params


def test_cypher_formats(demo_graph, runner):
    q = "MATCH (p:Detainee) WHERE p.region = $region RETURN p.name AS name, p.status AS status ORDER BY name LIMIT 3"
    as_json = runner.invoke(main, ["cypher", q, "--param", "region=crimea", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert len(rows) == 3 and set(rows[0]) == {"name", "status"}
    as_csv = runner.invoke(main, ["cypher", q, "-p", "region=crimea", "--format", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.output)))[0] == ["name", "status"]
    table = runner.invoke(main, ["cypher", q, "-p", "region=crimea"])
    assert "(3 rows)" in table.output


def test_cypher_refuses_to_write(demo_graph, runner):
    before = demo_graph.query_one("MATCH (n) RETURN count(n) AS n")["n"]
    for q in ["CREATE (n:Person {uid: 'x', name: 'x'})", "MATCH (n) DETACH DELETE n",
              "MATCH (n:Person) SET n.name = 'x'", "CREATE INDEX x FOR (n:Person) ON (n.rank)"]:
        result = runner.invoke(main, ["cypher", q])
        assert result.exit_code != 0 and "Refused" in result.output, (q, result.output)
    assert demo_graph.query_one("MATCH (n) RETURN count(n) AS n")["n"] == before


def test_cypher_syntax_error_is_a_message(neo4j, runner):
    result = runner.invoke(main, ["cypher", "MATCH (n RETURN n"])
    assert result.exit_code != 0 and "Syntax error" in result.output
    assert "Traceback" not in result.output


def test_params_are_json_or_strings():
    assert parse_params(["n=3", "s=abc", "l=[1,2]", "b=true"]) == {"n": 3, "s": "abc", "l": [1, 2], "b": True}


def test_demo_load_if_empty_skips_a_full_database(demo_graph, runner):
    result = runner.invoke(main, ["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
