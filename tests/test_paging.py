"""Long tables a page at a time (graph/explore/listing.py): every row exactly once across the pages in every
order, totals, the whole table streamed as CSV and JSON, masked rows not placed by their hidden names, and a
kept hub page that is dropped as soon as the data changes."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from graph.explore import listing
from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records

CASES = 137          # not a multiple of any page size used below


def _hub(graph, cases: int = CASES) -> None:
    """A judge of ``cases`` cases: some opened on the same day, some with no date, one with a date written as
    text (an import that kept what the list said), a source for every claim."""
    nodes = [NodeRecord("Person", "judge", {"name": "Judge Hub"}, ("Official",)),
             NodeRecord("Source", "src", {"name": "Court register", "kind": "court_record"})]
    rels = []
    for k in range(cases):
        props = {"name": f"Case {k:03d}"}
        if k % 10 == 3:
            pass                                              # no date
        elif k == 7:
            props["opened_on"] = "spring 2015"                # not a date: sorts with the missing ones
        else:
            props["opened_on"] = date(2015 + k % 4, 1 + k % 12, 1 + k % 3)   # many on the same day
        nodes.append(NodeRecord("Case", f"case-{k:03d}", props))
        rels.append(RelRecord("JUDGE_IN", "Person", "judge", "Case", f"case-{k:03d}", {"role": "presiding", "source_uids": ["src"]}))
    write_records(graph, nodes, rels)


def _all_pages(client, url: str, limit: int, **args) -> list[str]:
    seen, after, pages = [], None, 0
    while True:
        query = {"limit": limit, **args, **({"after": after} if after else {})}
        data = client.get(url, query_string=query).get_json()
        assert data["paging"]["total"] == CASES
        seen += [r["Case"]["uid"] for r in data["rows"]]
        after, pages = data["paging"]["next"], pages + 1
        if not after:
            return seen
        assert pages < CASES, "the pages never end"


@pytest.mark.parametrize("sort,order", [(None, None), ("Opened", "desc"), ("Case", "asc"), ("Case", "desc"),
                                        ("Verdict", "asc"), ("Part", "desc")])
def test_every_row_exactly_once_across_pages(graph, client, sort, order):
    _hub(graph)
    args = {k: v for k, v in (("sort", sort), ("order", order)) if v}
    seen = _all_pages(client, "/entity/judge/cases.json", 20, **args)
    assert len(seen) == CASES and len(set(seen)) == CASES
    if sort == "Case":
        assert seen == sorted(seen, reverse=order == "desc")


def test_the_page_shows_the_first_page_with_its_total_and_the_next(graph, client):
    _hub(graph)
    page = client.get("/entity/judge.json").get_json()
    cases = next(t for t in page["tables"] if t["key"] == "cases")
    assert len(cases["rows"]) == listing.PAGE_ROWS and cases["paging"]["total"] == CASES
    assert cases["paging"]["sort"] == "Opened" and cases["paging"]["next"]
    # the footnotes are those of the rows shown
    assert [f["uid"] for f in page["footnotes"]] == ["src"]
    html = client.get("/entity/judge").get_data(as_text=True)
    assert f"The first {listing.PAGE_ROWS} of {CASES} rows." in html and 'rel="next"' in html
    assert 'aria-sort="ascending"' in html            # the column the table is sorted by
    # the next page through the page's own link: other rows, and a way back
    nxt = client.get("/entity/judge", query_string={"after-cases": cases["paging"]["next"]}).get_data(as_text=True)
    assert "First page" in nxt and "further rows" in nxt
    second = client.get("/entity/judge.json", query_string={"after-cases": cases["paging"]["next"]}).get_json()
    rows2 = next(t for t in second["tables"] if t["key"] == "cases")["rows"]
    assert not {r["Case"]["uid"] for r in rows2} & {r["Case"]["uid"] for r in cases["rows"]}
    # a damaged or foreign cursor is the first page, not an error
    assert client.get("/entity/judge.json", query_string={"after-cases": "!!not-a-cursor"}).status_code == 200


def test_the_whole_table_streams_as_csv_and_json(graph, client, monkeypatch):
    monkeypatch.setattr(listing, "STREAM_ROWS", 40)      # several read transactions
    _hub(graph)
    text = client.get("/entity/judge/cases.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == CASES and len({r["Case"] for r in rows}) == CASES
    assert all(r["Sources"].startswith("[1] Court register") for r in rows)
    whole = client.get("/entity/judge/cases.json").get_json()
    assert len(whole["rows"]) == CASES and whole["rows"][0]["sources"][0]["uid"] == "src"
    assert "paging" not in whole


def test_masked_rows_are_not_placed_by_their_hidden_names(graph, client):
    """Sorted by name, a protected victim stands with the unnamed rows, not where their real name would put them."""
    write_records(graph, [NodeRecord("Person", "judge", {"name": "Judge Hub"}, ("Official",)),
                          NodeRecord("Case", "c1", {"name": "Case 1"})]
                  + [NodeRecord("Person", f"d{k}", {"name": name, "protected": k == 1}, ("Detainee",))
                     for k, name in enumerate(["Anna", "Aaron Hidden", "Boris", "Vera"])],
                  [RelRecord("JUDGE_IN", "Person", "judge", "Case", "c1")]
                  + [RelRecord("DEFENDANT_IN", "Person", f"d{k}", "Case", "c1") for k in range(4)])
    rows = client.get("/entity/judge/victims.json", query_string={"limit": 10}).get_json()["rows"]
    names = [r["Person"]["text"] for r in rows]
    assert names[:3] == ["Anna", "Boris", "Vera"] and "Aaron" not in " ".join(names)


def test_a_kept_hub_page_is_dropped_when_the_data_changes(graph, client, monkeypatch):
    monkeypatch.setattr(listing, "HUB_ROWS", 100)
    listing.KEPT.clear()
    _hub(graph)
    first = client.get("/entity/judge/cases.json", query_string={"limit": 5}).get_json()
    assert first["paging"]["total"] == CASES and len(listing.KEPT) == 1
    assert client.get("/entity/judge/cases.json", query_string={"limit": 5}).get_json() == first
    write_records(graph, [NodeRecord("Case", "case-new", {"name": "Case new", "opened_on": date(2000, 1, 1)})],
                  [RelRecord("JUDGE_IN", "Person", "judge", "Case", "case-new")])
    again = client.get("/entity/judge/cases.json", query_string={"limit": 5}).get_json()
    assert again["paging"]["total"] == CASES + 1 and again["rows"][0]["Case"]["uid"] == "case-new"
