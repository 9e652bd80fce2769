"""Schema as data: declared once, applied idempotently, used as the allow-list."""
import pytest

from graph.store.schema import SCHEMA, SchemaError, apply_schema


def test_every_label_has_a_uid_constraint_and_fulltext_exists(neo4j):
    apply_schema(neo4j)  # second time: nothing changes, nothing fails
    rows = neo4j.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties")
    constrained = {r["labelsOrTypes"][0] for r in rows if r["properties"] == ["uid"]}
    assert set(SCHEMA.nodes) <= constrained
    fulltext = neo4j.query("SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' RETURN name")
    assert {r["name"] for r in fulltext} == {SCHEMA.fulltext_name}


def test_allow_list_rejects_unknown_names():
    assert SCHEMA.base_label("Detainee") == "Person"
    assert SCHEMA.base_label("Court") == "Organization"
    with pytest.raises(SchemaError):
        SCHEMA.base_label("Person) DETACH DELETE (n")
    with pytest.raises(SchemaError):
        SCHEMA.rel("LOVES")  # (OWNS exists since FtM Ownership maps onto it)
    with pytest.raises(SchemaError):
        SCHEMA.check_property("Person", "password")


def test_asserting_relationships_are_the_ones_about_people():
    assert set(SCHEMA.asserting_types) >= {"DEFENDANT_IN", "JUDGE_IN", "RESPONSIBLE_FOR", "AGAINST", "HOLDS_POSITION"}
    assert "PART_OF" not in SCHEMA.asserting_types
