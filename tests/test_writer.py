"""The batched writer: MERGE on uid, idempotent, labels only from the schema."""
from datetime import date

import pytest

from graph.store.records import NodeRecord, RelRecord
from graph.store.schema import SchemaError
from graph.store.writer import write_records


def _records():
    nodes = [NodeRecord("Person", "p1", {"name": "Serhii Test", "name_uk": "Сергій Тест", "birth_date": date(1970, 1, 2)},
                        ("Official",)),
             NodeRecord("Case", "c1", {"name": "Case 1", "articles": ["205.5(2)"]}),
             NodeRecord("Source", "s1", {"name": "Report", "reliability": "B"})]
    rels = [RelRecord("JUDGE_IN", "Official", "p1", "Case", "c1", {"role": "presiding", "source_uids": ["s1"]})]
    return nodes, rels


def test_writing_twice_duplicates_nothing(graph):
    for _ in range(2):
        result = write_records(graph, *_records(), batch_size=2)
    assert result.nodes == 3 and result.relationships == 1
    # (and the DataStamp every write transaction sets: graph/store/stamp.py)
    counts = graph.query_one("MATCH (n) WHERE NOT n:DataStamp WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r")
    assert counts == {"n": 3, "r": 1}
    person = graph.query_one("MATCH (p:Person:Official {uid: 'p1'}) RETURN p.birth_date AS d, p.created_at IS NOT NULL AS c")
    assert person["d"].to_native() == date(1970, 1, 2) and person["c"]


def test_unknown_label_is_refused_before_writing(graph):
    with pytest.raises(SchemaError):
        write_records(graph, [NodeRecord("Person", "x", {"name": "x"}, ("Admin",))])
    with pytest.raises(SchemaError):
        write_records(graph, [], [RelRecord("JUDGE_IN", "Case", "c1", "Person", "p1")])
    assert graph.query_one("MATCH (n) RETURN count(n) AS n")["n"] == 0
