"""The console can never change data: more than 25 ways to write or administer, each refused, with the
database (nodes, relationships, labels, property keys, indexes, constraints, users, databases) unchanged."""
from __future__ import annotations

import hashlib
import json

import pytest

from graph.access.masking import PROTECTED_PERSON
from graph.access.viewer import Viewer
from graph.console import readonly
from graph.console.readonly import QueryFailed, QueryRefused, check_read_only
from graph.store.db import delete_all
from tests.conftest import mark_dirty


def run_read_only(graph, cypher, params=None, viewer=Viewer("researcher"), **limits):
    """The console's runner, as the default role (researcher) unless a test says whom."""
    return readonly.run_read_only(graph, cypher, params, viewer=viewer, **limits)

SEED = """
CREATE (a:Person:Official {uid: 'ro-a', name: 'Ivan Petrov'}),
       (b:Person:Detainee {uid: 'ro-b', name: 'Oleh Bondar', status: 'detained'}),
       (w:Person {uid: 'ro-w', name: 'Hidden Witness', protected: true}),
       (c:Case {uid: 'ro-c', name: 'Case one'}),
       (a)-[:JUDGE_IN {role: 'presiding'}]->(c), (b)-[:DEFENDANT_IN]->(c)
"""

ATTACKS = {
    "create": "CREATE (n:Evil {x: 1}) RETURN n",
    "merge": "MERGE (n:Evil {uid: 'x'}) RETURN n",
    "set": "MATCH (n) SET n.pwned = true RETURN n",
    "set-label": "MATCH (n) SET n:Evil RETURN n",
    "delete": "MATCH (n:Case) DELETE n",
    "detach-delete": "MATCH (n) DETACH DELETE n",
    "remove-property": "MATCH (n:Person) REMOVE n.name RETURN n",
    "remove-label": "MATCH (n:Person) REMOVE n:Person RETURN n",
    "lowercase": "match (n) set n.x = 1 return n",
    "load-csv": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load-csv-url": "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row",
    "in-transactions": "MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS OF 10 ROWS RETURN count(*)",
    "in-transactions-delete": "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
    "dbms-set-config": "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "dbms-kill-queries": "CALL dbms.killQueries(['query-1'])",
    "dbms-list-config": "CALL dbms.listConfig()",
    "dbms-components": "CALL dbms.components() YIELD name RETURN name",
    "dbms-security-create-user": "CALL dbms.security.createUser('evil', 'evil-password', false)",
    "db-create-label": "CALL db.createLabel('Evil')",
    "db-create-property": "CALL db.createProperty('evil')",
    "db-create-reltype": "CALL db.createRelationshipType('EVIL')",
    "db-clear-query-caches": "CALL db.clearQueryCaches()",
    "db-stats-collect": "CALL db.stats.collect('QUERIES')",
    "tx-set-metadata": "CALL tx.setMetaData({evil: true})",
    "apoc-write-procedure": "CALL apoc.create.node(['Evil'], {}) YIELD node RETURN node",
    "create-index": "CREATE INDEX evil_index FOR (n:Person) ON (n.evil)",
    "drop-index": "DROP INDEX {index} IF EXISTS",
    "create-constraint": "CREATE CONSTRAINT evil_uid FOR (n:Evil) REQUIRE n.uid IS UNIQUE",
    "drop-constraint": "DROP CONSTRAINT {constraint}",
    "create-fulltext": "CREATE FULLTEXT INDEX evil_ft FOR (n:Person) ON EACH [n.notes]",
    "create-user": "CREATE USER evil SET PASSWORD 'evil-password-1' CHANGE NOT REQUIRED",
    "alter-user": "ALTER USER neo4j SET PASSWORD 'changed-password-1'",
    "grant-role": "GRANT ROLE admin TO evil",
    "drop-database": "DROP DATABASE neo4j",
    "create-database": "CREATE DATABASE evil",
    "stop-database": "STOP DATABASE neo4j",
    "show-users": "SHOW USERS",
    "show-transactions": "SHOW TRANSACTIONS",
    "terminate-transactions": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "use-system": "USE system SHOW USERS",
    "use-database-write": "USE neo4j CREATE (x:Evil) RETURN x",
    "two-statements": "MATCH (n) RETURN n; CREATE (x:Evil)",
    "two-statements-comment": "MATCH (n) RETURN n LIMIT 1 /* harmless ; */ ;\n  CREATE (x:Evil) RETURN x",
    "block-comment-hides-keyword": "/* MATCH (n) RETURN n */ CREATE (x:Evil) RETURN x",
    "line-comment-hides-keyword": "// MATCH (n) RETURN n\nCREATE (x:Evil) RETURN x",
    "comment-inside-keyword-gap": "MATCH (n) /* read only */ SET /* nothing */ n.x = 1 RETURN n",
    "foreach-create": "MATCH (n) FOREACH (x IN [1] | CREATE (:Evil)) RETURN count(*)",
    "subquery-write": "CALL { CREATE (x:Evil) RETURN x } RETURN x",
    "subquery-scoped-write": "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
    "optional-subquery-merge": "OPTIONAL MATCH (n) CALL { MERGE (e:Evil) } RETURN 1",
    "case-then-write": "MATCH (n) WITH n, CASE WHEN n.name IS NULL THEN 1 ELSE 0 END AS k "
                       "FOREACH (_ IN CASE WHEN k = 0 THEN [1] ELSE [] END | SET n.x = 1) RETURN k",
    "union-write": "MATCH (n:Person) RETURN n.name AS name "
                   "UNION MATCH (n) CREATE (x:Evil {name: 'x'}) RETURN x.name AS name",
    "unicode-whitespace": "CREATE\u00a0(x:Evil)\u2003RETURN\u2028x",
    "leading-bom-and-tabs": "\ufeff\t\n CREATE (x:Evil) RETURN x",
    "explain-create": "EXPLAIN CREATE (x:Evil)",
    "profile-create": "PROFILE MATCH (n) SET n.x = 1 RETURN n",
    "profile-read": "PROFILE MATCH (n) RETURN n",
    "with-then-delete": "MATCH (n) WITH n WHERE n.uid = 'ro-c' DETACH DELETE n RETURN count(*)",
    "set-properties-map": "MATCH (n) SET n += {pwned: true} RETURN n",
}


def _names(graph, statement: str, column: str, database: str | None = None) -> list:
    records, _, _ = graph.driver.execute_query(statement, database_=database or graph.database)
    return sorted(r[column] for r in records)


def snapshot(graph) -> tuple[str, dict]:
    """A checksum of everything the console could change, and the counts behind it."""
    state = {
        "nodes": graph.query("MATCH (n) RETURN n.uid AS uid, labels(n) AS labels, properties(n) AS props ORDER BY uid"),
        "rels": graph.query("MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS t, properties(r) AS p, b.uid AS b "
                            "ORDER BY a, t, b"),
        "labels": _names(graph, "CALL db.labels() YIELD label RETURN label", "label"),
        "types": _names(graph, "CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t", "t"),
        "keys": _names(graph, "CALL db.propertyKeys() YIELD propertyKey AS k RETURN k", "k"),
        "indexes": _names(graph, "SHOW INDEXES YIELD name RETURN name", "name"),
        "constraints": _names(graph, "SHOW CONSTRAINTS YIELD name RETURN name", "name"),
        "users": _names(graph, "SHOW USERS YIELD user RETURN user", "user", "system"),
        "databases": _names(graph, "SHOW DATABASES YIELD name RETURN name", "name", "system"),
    }
    digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    return digest, {k: len(v) for k, v in state.items()}


@pytest.fixture(scope="module")
def seeded(neo4j):
    delete_all(neo4j)
    mark_dirty()
    neo4j.execute(SEED)
    return neo4j


def _attack(seeded, key: str) -> str:
    names = {"index": _names(seeded, "SHOW INDEXES YIELD name RETURN name", "name")[0],
             "constraint": _names(seeded, "SHOW CONSTRAINTS YIELD name RETURN name", "name")[0]}
    return ATTACKS[key].replace("{index}", names["index"]).replace("{constraint}", names["constraint"])


def test_there_are_at_least_25_attacks():
    assert len(ATTACKS) >= 25


@pytest.mark.parametrize("key", sorted(ATTACKS))
def test_attack_is_refused_and_nothing_changes(seeded, key):
    before = snapshot(seeded)
    with pytest.raises(QueryRefused):
        run_read_only(seeded, _attack(seeded, key), timeout=10)
    assert snapshot(seeded) == before


@pytest.mark.parametrize("key", ["create", "merge", "set", "detach-delete", "remove-label", "foreach-create",
                                 "subquery-write", "union-write", "load-csv", "dbms-list-config", "db-create-label",
                                 "tx-set-metadata", "show-transactions", "terminate-transactions", "create-index"])
def test_the_plan_check_alone_refuses(seeded, monkeypatch, key):
    """Defence in depth: with the lexical screen switched off, EXPLAIN still refuses every write."""
    import graph.console.readonly as readonly

    monkeypatch.setattr(readonly, "screen", lambda cypher: cypher.strip())
    before = snapshot(seeded)
    with pytest.raises(QueryRefused):
        run_read_only(seeded, _attack(seeded, key), timeout=10)
    assert snapshot(seeded) == before


def test_the_read_transaction_alone_refuses(seeded, monkeypatch):
    """And with both checks switched off, the READ transaction still refuses to write."""
    import graph.console.readonly as readonly

    monkeypatch.setattr(readonly, "check_read_only", lambda graph, cypher, params=None: cypher)
    before = snapshot(seeded)
    with pytest.raises(QueryRefused):
        run_read_only(seeded, "CREATE (x:Evil) RETURN x")
    assert snapshot(seeded) == before


def test_parameters_cannot_inject(seeded):
    before = snapshot(seeded)
    evil = "x' }) CREATE (e:Evil) RETURN e //"
    result = run_read_only(seeded, "MATCH (n) WHERE n.name = $q RETURN n.uid AS uid", {"q": evil})
    assert result.rows == []
    result = run_read_only(seeded, "RETURN $q AS q", {"q": "MATCH (n) DETACH DELETE n"})
    assert result.rows == [["MATCH (n) DETACH DELETE n"]]
    assert snapshot(seeded) == before


def test_reads_run_and_procedures_on_the_allow_list_work(seeded):
    result = run_read_only(seeded, "MATCH (p:Person)-[r]->(c:Case) RETURN p, r, c ORDER BY p.uid")
    assert result.columns == ["p", "r", "c"] and len(result.rows) == 2
    assert result.nodes and result.relationships and result.has_graph
    labels = run_read_only(seeded, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert ["Case"] in labels.rows
    assert check_read_only(seeded, "MATCH (n) RETURN n;") == "MATCH (n) RETURN n"


def test_words_that_only_look_like_commands_are_fine(seeded):
    for q in ("MATCH (use:Person) RETURN use.uid AS uid ORDER BY uid LIMIT 1",
              "MATCH (n:Person) WHERE n.name = 'CREATE (x); DROP INDEX y' RETURN n.uid AS uid LIMIT 1",
              "MATCH (n:Person) // CREATE a report of everyone\nRETURN count(n) AS `create`",
              "WITH 'a;b' AS text RETURN split(text, ';') AS parts"):
        assert run_read_only(seeded, q).columns, q   # ran, not refused


def test_syntax_error_timeout_and_row_cap(seeded):
    with pytest.raises(QueryFailed, match="Syntax error"):
        run_read_only(seeded, "MATCH (n RETURN n")
    with pytest.raises(QueryFailed, match="longer than"):
        run_read_only(seeded, "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)", timeout=0.5)
    capped = run_read_only(seeded, "UNWIND range(1, 50) AS x RETURN x", row_cap=10)
    assert len(capped.rows) == 10 and capped.truncated


def test_reserved_parameters_come_from_the_viewer(seeded):
    q = "MATCH (p:Person) WHERE $sees_protected OR NOT coalesce(p.protected, false) RETURN p.uid AS uid ORDER BY uid"
    viewer_rows = run_read_only(seeded, q, {"sees_protected": True}, viewer=Viewer("viewer")).rows
    assert ["ro-w"] not in viewer_rows
    assert ["ro-w"] in run_read_only(seeded, q, viewer=Viewer("editor")).rows


def test_protected_people_are_redacted_for_untrusted_viewers(seeded):
    q = "MATCH (p:Person) RETURN p, p.name AS name, [p.name] AS names ORDER BY p.uid"
    result = run_read_only(seeded, q, viewer=Viewer("researcher"))
    flat = json.dumps([result.rows, result.nodes])
    assert "Hidden Witness" not in flat and PROTECTED_PERSON in flat and result.redacted >= 3
    assert "Ivan Petrov" in flat
    trusted = run_read_only(seeded, q, viewer=Viewer("admin"))
    assert "Hidden Witness" in json.dumps(trusted.rows)


def test_protected_names_are_masked_inside_longer_texts(seeded):
    """A name spliced into another text, in any case or spacing, is masked; the rest of the text stays."""
    q = ("MATCH (p:Person) RETURN 'Statement of ' + p.name + ', 2021' AS a, toUpper(p.name) AS b, "
         "replace(p.name, ' ', '   ') AS c, [p.name + '!'] AS d ORDER BY p.uid")
    result = run_read_only(seeded, q, viewer=Viewer("researcher"))
    flat = json.dumps(result.rows, ensure_ascii=False).lower()
    assert "hidden witness" not in flat and "hidden   witness" not in flat
    assert f"statement of {PROTECTED_PERSON}, 2021" in flat and f"{PROTECTED_PERSON}!" in flat
    assert "statement of ivan petrov, 2021" in flat          # the unprotected keep their names
    trusted = run_read_only(seeded, q, viewer=Viewer("admin"))
    assert "Statement of Hidden Witness, 2021" in json.dumps(trusted.rows)


def test_masking_keeps_words_that_only_contain_a_name():
    from graph.access.masking import PROTECTED_PERSON as PROTECTED
    from graph.access.masking import secrets_of as _index

    secrets = _index(["Ali", "Олена Коваль"])
    assert secrets.mask("Alibek and ALI met", PROTECTED) == (f"Alibek and {PROTECTED} met", 1)
    assert secrets.mask("свідчення олена  коваль", PROTECTED) == (f"свідчення {PROTECTED}", 1)
    assert secrets.mask("ali", PROTECTED) == (PROTECTED, 1)
    assert _index([]).mask("anything", PROTECTED) == ("anything", 0)


@pytest.mark.parametrize("key", ["create", "load-csv", "dbms-list-config", "two-statements", "show-users"])
def test_web_console_refuses(seeded, client, key):
    before = snapshot(seeded)
    page = client.post("/console", data={"q": ATTACKS[key]})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Refused" in html and "Traceback" not in html
    data = client.post("/console.json", data={"q": ATTACKS[key]}).get_json()
    assert data["error"] == "refused"
    assert snapshot(seeded) == before


@pytest.mark.parametrize("key", ["merge", "db-create-label", "block-comment-hides-keyword", "create-index"])
def test_cli_cypher_refuses(seeded, runner, key):
    from cli import main

    before = snapshot(seeded)
    result = runner.invoke(main, ["cypher", _attack(seeded, key)])
    assert result.exit_code != 0 and "Refused" in result.output
    assert snapshot(seeded) == before
