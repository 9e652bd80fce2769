"""The bulk first load (graph/interchange/bulk.py, neo4j-admin's import) makes the graph a transactional import
of the same files makes: the same nodes, labels, properties, name keys, provenance and relationships; and it
refuses a database that holds data."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main as cli
from graph.interchange.bulk import BulkRefused, bulk_files
from graph.store.db import delete_all
from graph.store.schema import SCHEMA
from importers import parse_file, write_parsed
from tests.conftest import SHARED_DATA, account_for, mark_dirty

FILES = ("eu_oj_32020R1998_global_human_rights.csv", "eu_oj_32024R1485_russia_human_rights.csv",
         "yente_fixture_zala_entities.ftm.json")
WHEN = {"created_at", "updated_at", "started_at", "finished_at"}     # the time of the load, not what was loaded

NODES = """
MATCH (n) WHERE NOT n:DataStamp AND NOT n:Vault
RETURN labels(n) AS labels, properties(n) AS props
"""
RELS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.uid AS a, b.uid AS b, properties(r) AS props
"""


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.iso_format() if hasattr(value, "iso_format") else value


def _graph_as_data(graph) -> tuple[list, list]:
    nodes = []
    for r in graph.query(NODES):
        props = {k: _plain(v) for k, v in r["props"].items() if k not in WHEN}
        if "counts" in props:
            props["counts"] = json.loads(props["counts"])
        nodes.append(json.dumps([sorted(r["labels"]), props], sort_keys=True, ensure_ascii=False))
    rels = [json.dumps([r["type"], r["a"], r["b"], {k: _plain(v) for k, v in r["props"].items() if k not in WHEN}],
                       sort_keys=True, ensure_ascii=False) for r in graph.query(RELS)]
    return sorted(nodes), sorted(rels)


def test_the_bulk_load_equals_the_transactional_import_of_the_real_files(graph, settings):
    mark_dirty()
    parsed = [parse_file(SHARED_DATA / name) for name in FILES]
    for p in parsed:
        write_parsed(graph, p, settings.evidence_dir)
    normal = _graph_as_data(graph)
    assert len(normal[0]) > 500 and len(normal[1]) > 500

    delete_all(graph)
    done = bulk_files(graph, [parse_file(SHARED_DATA / name) for name in FILES], settings.evidence_dir)
    assert [p.file.name for p, _r, _b in done] == list(FILES)
    bulk = _graph_as_data(graph)
    assert len(bulk[0]) == len(normal[0]) and len(bulk[1]) == len(normal[1])
    assert bulk == normal
    # the schema and the fulltext indexes are there: search answers
    assert graph.query_one("SHOW INDEXES YIELD type WHERE type = 'FULLTEXT' RETURN count(*) AS n")["n"] >= 1
    assert graph.query_one("CALL db.index.fulltext.queryNodes($index, 'Zala') YIELD node RETURN count(node) AS n",
                           {"index": SCHEMA.fulltext_name})["n"] >= 1

    # a database that holds data is refused, with what to do instead
    with pytest.raises(BulkRefused, match="EMPTY"):
        bulk_files(graph, parsed[:1], settings.evidence_dir)
    account_for(settings, "editor")
    out = CliRunner().invoke(cli, ["--as", "test-editor", "import", "--bulk", str(SHARED_DATA / FILES[0])])
    assert out.exit_code != 0 and "EMPTY" in out.output and "without --bulk" in out.output
