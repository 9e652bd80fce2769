"""Sanctions matching on real EU-listed names: officials typed in another transliteration, in Cyrillic or
surname first are found; namesakes (same surname, another first name or birth date) score lower; a
confirmation becomes SUBJECT_OF and a rejection is never proposed again."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from graph.sanctions.matching import confirm_match, propose_matches, reject_match
from graph.store.records import NodeRecord, RelRecord, make_uid
from graph.store.writer import write_records
from tests.conftest import FIXTURES

EXCERPT = json.loads((FIXTURES / "eu_listed_excerpt.json").read_text())["rows"]
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _date(text: str | None) -> date | None:
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", (text or "").strip())
    return date(int(m[3]), int(m[2]), int(m[1])) if m else None


def listed_uid(row: dict) -> str:
    return make_uid("eu-oj", row["celex"], row["recordId"])


def load_listed(graph) -> None:
    """A tiny loader standing in for `evgraph import`: listed Person, Sanction, SUBJECT_OF."""
    nodes, rels = [], []
    for row in EXCERPT:
        aliases = [a.strip() for part in row.get("alias", "").split(";") for a in part.split("/") if a.strip()]
        person = listed_uid(row)
        nodes.append(NodeRecord("Person", person, {
            "name": row["name"], "name_ru": next((a for a in aliases if CYRILLIC.search(a)), None),
            "aliases": aliases, "birth_date": _date(row.get("birthDate")), "citizenship": ["RU"],
            "notes": row.get("position")}))
        sanction = make_uid("eu-oj-sanction", row["celex"], row["recordId"])
        nodes.append(NodeRecord("Sanction", sanction, {
            "name": f"EU {row['celex']} entry {row['recordId']}", "authority": "EU", "programme": row["programKey"],
            "listed_on": _date(row["startDate"]), "reference": f"{row['celex']}/{row['annex']}/{row['recordId']}"}))
        rels.append(RelRecord("SUBJECT_OF", "Person", person, "Sanction", sanction))
    write_records(graph, nodes, rels)


def _row(surname: str) -> dict:
    return next(r for r in EXCERPT if surname in r["name"])


# The same real people as typed by an NGO: other transliterations, Cyrillic only, surname first.
TRUE = {
    "off-dubovik": ("DUBOVIK", {"name": "Дубовик Николай Павлович", "birth_date": date(1956, 4, 23)}),
    "off-blinov": ("BLINOV", {"name": "Serhii Volodymyrovych Blinov", "name_uk": "Сергій Володимирович Блінов"}),
    "off-kozhevnikov": ("KOZHEVNIKOV", {"name": "Borys Ashyrbaievych Kozhevnikov", "birth_date": date(1964, 8, 31)}),
    "off-panin": ("PANIN", {"name": "PANIN Maksim", "name_ru": "Панин Максим Александрович",
                            "birth_date": date(1982, 2, 22)}),
    "off-ushakova": ("USHAKOVA", {"name": "Maryna Ushakova", "birth_date": date(1979, 5, 2)}),
}
NAMESAKES = {
    "ns-dubovik-ivan": ("DUBOVIK", {"name": "Ivan Petrovich Dubovik", "birth_date": date(1980, 1, 1)}),
    "ns-dubovik-dob": ("DUBOVIK", {"name": "Nikolai Dubovik", "birth_date": date(1991, 7, 9)}),
    "ns-panin": ("PANIN", {"name": "Aleksandr Panin", "name_ru": "Александр Панин", "birth_date": date(1975, 3, 3)}),
    "ns-ushakova": ("USHAKOVA", {"name": "Olga Ushakova", "birth_date": date(1990, 10, 10)}),
}


@pytest.fixture
def listed_graph(graph):
    load_listed(graph)
    people = [NodeRecord("Person", uid, props, ("Official",)) for uid, (_, props) in {**TRUE, **NAMESAKES}.items()]
    write_records(graph, people)
    return graph


def _scores(graph, threshold=0.0) -> dict[tuple[str, str], float]:
    return {(c.official_uid, c.listed_uid): c.score for c in propose_matches(graph, threshold=threshold)}


def test_true_matches_are_found_in_any_script_or_order(listed_graph):
    found = {(c.official_uid, c.listed_uid): c for c in propose_matches(listed_graph, authority="EU", threshold=0.7)}
    for uid, (surname, _) in TRUE.items():
        pair = (uid, listed_uid(_row(surname)))
        assert pair in found, f"{uid} not matched to {surname}"
        assert found[pair].reasons and found[pair].sanctions[0].authority == "EU"


def test_namesakes_score_lower_than_true_matches(listed_graph):
    scores = _scores(listed_graph)
    for ns_uid, (surname, _) in NAMESAKES.items():
        target = listed_uid(_row(surname))
        true_uid = next(u for u, (s, _) in TRUE.items() if s == surname)
        assert scores.get((ns_uid, target), 0.0) < scores[(true_uid, target)], ns_uid
        assert scores.get((ns_uid, target), 0.0) < 0.7, ns_uid


def test_confirmation_links_the_designation_and_rejection_is_remembered(listed_graph):
    target = listed_uid(_row("DUBOVIK"))
    assert confirm_match(listed_graph, "off-dubovik", target, "tester") == 1
    link = listed_graph.query_one("MATCH (:Official {uid: 'off-dubovik'})-[r:SUBJECT_OF]->(s:Sanction) "
                                  "RETURN r.confirmed_by AS by, s.authority AS a")
    assert link == {"by": "tester", "a": "EU"}
    reject_match(listed_graph, "off-panin", listed_uid(_row("PANIN")), "tester")
    pairs = _scores(listed_graph, threshold=0.0)
    assert ("off-dubovik", target) not in pairs
    assert ("off-panin", listed_uid(_row("PANIN"))) not in pairs
    assert ("off-kozhevnikov", listed_uid(_row("KOZHEVNIKOV"))) in pairs


def test_matches_after_the_real_import_of_the_eu_list(graph, runner):
    """The whole EU 2024/1485 list through `evgraph import`, and the same officials typed by an NGO."""
    from cli import main
    from tests.conftest import SHARED_DATA

    data = SHARED_DATA / "eu_oj_32024R1485_russia_human_rights.csv"
    if not data.exists():
        pytest.skip(f"{data} not found")
    mapping = FIXTURES.parent.parent / "importers" / "mappings" / "eu_journal.yaml"
    result = runner.invoke(main, ["import", str(data), "--mapping", str(mapping), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    write_records(graph, [NodeRecord("Person", uid, props, ("Official",)) for uid, (_, props) in {**TRUE, **NAMESAKES}.items()])
    found = {}
    for c in propose_matches(graph, authority="EU", threshold=0.0):
        found.setdefault(c.official_uid, []).append((c.score, c.listed_names[0]))
    for uid, (surname, _) in TRUE.items():
        best_score, best_name = max(found[uid])
        assert surname in best_name.upper() and best_score >= 0.7, (uid, found[uid][:3])
    for ns_uid, (surname, _) in NAMESAKES.items():
        true_uid = next(u for u, (s, _) in TRUE.items() if s == surname)
        assert max(found.get(ns_uid, [(0.0, "")]))[0] < max(found[true_uid])[0], ns_uid


def test_warm_up_runs_once_and_matching_still_works(graph):
    """`evgraph serve` warms the matcher on a thread; the review page then finds it ready."""
    from graph.resolution import scoring
    from graph.sanctions import matching

    matching.warm_up()
    matching.warm_up()
    assert scoring._warm == [True]
    load_listed(graph)
    write_records(graph, [NodeRecord("Person", "off-w", {"name": "Maksym Panin"}, ("Official",))])
    assert listed_uid(_row("PANIN")) in {c.listed_uid for c in propose_matches(graph, authority="EU")}
