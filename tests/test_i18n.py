"""Ukrainian and English: the catalogue complete, the language chosen as people expect, and downloads
that open well in Excel (BOM, XLSX, "; ", yes/no), ambiguity said out loud, figures that mean what they say."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from graph.resolution.scoring import reason_words, score_persons
from graph.store import catalogue
from graph.store.language import LANGUAGES, SOURCE, format_date, translations, using
from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records

UK = {"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted():
    return catalogue.extract()


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE])
def test_every_message_is_in_the_catalogue_and_translated(extracted, lang):
    absent, untranslated = catalogue.missing(lang, extracted)
    assert not absent, f"not in {catalogue.catalogue_path(lang)} (run `make i18n`): {absent[:20]}"
    assert not untranslated, f"untranslated in {lang} (`python -m graph.store.catalogue missing`): {untranslated[:20]}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE])
def test_translations_keep_their_placeholders(lang):
    for message in catalogue.read(lang):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"num"}
        for text in filter(None, strings):
            assert set(PLACEHOLDER.findall(text)) - {"num"} == wanted, (message.id, text)


def test_the_language_follows_the_switch_the_account_and_the_browser(demo_graph, client):
    english = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in english and "Overview" in english
    ukrainian = client.get("/", headers=UK).get_data(as_text=True)
    assert '<html lang="uk">' in ukrainian and "Огляд" in ukrainian and ">Overview<" not in ukrainian
    # the switch in the top bar: kept for the account, whatever the browser says afterwards
    page = client.post("/language", data={"lang": "uk", "next": "/search"})
    assert page.status_code == 302 and page.headers["Location"].endswith("/search")
    assert '<html lang="uk">' in client.get("/").get_data(as_text=True)
    accounts = client.application.extensions["accounts"]
    assert accounts.option("language:test-researcher") == "uk"
    with client.session_transaction() as session:
        session.pop("lang", None)        # another browser: the account's choice still holds
    assert '<html lang="uk">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "https://elsewhere.example/"})
    assert '<html lang="en">' in client.get("/", headers=UK).get_data(as_text=True)
    assert client.post("/language", data={"lang": "en", "next": "//evil.example"}).headers["Location"] in ("/", "http://localhost/")
    accounts.set_option("language:test-researcher", "")      # the next tests' browsers choose again


def test_dates_and_words_as_each_language_writes_them():
    from datetime import date

    from graph.store.schema import SCHEMA

    assert format_date(date(2014, 3, 14)) == "2014-03-14" and format_date(date(2014, 3, 1), "month") == "2014-03"
    with using("uk"):
        assert format_date(date(2014, 3, 14)) == "14 березня 2014"
        assert format_date(date(2014, 3, 1), "month").lower() == "березень 2014"
        assert format_date(date(1965, 1, 1), "year") == "1965"
        assert SCHEMA.words("status", "convicted") != "convicted"
        assert "crimea" not in SCHEMA.words("region", "crimea").lower()
    assert translations("en").ugettext("Overview") == "Overview"


def test_match_reasons_in_words_in_both_languages():
    score = score_persons({"uid": "a", "name": "PANIN Maksym Ivanovych"},
                          {"uid": "b", "name": "PANIN Maksym Petrovych", "birth_date": "1980-01-01"})
    assert "patronymic differs" in score.reasons
    with using("uk"):
        said = [reason_words(r) for r in score.reasons]
    assert all(re.search("[а-яіїєґ]", s) for s in said), said
    with using("uk"):
        assert "(СІЗО, 1)" in reason_words("the names say the same (СІЗО, 1)")


def _rows(text: str) -> list[list[str]]:
    import csv
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_bom_lists_and_yes_no_and_an_xlsx_twin(demo_graph, client):
    uid = demo_graph.query_one("MATCH (o:Official)-[:JUDGE_IN]->() RETURN o.uid AS uid LIMIT 1")["uid"]
    page = client.get("/search", query_string={"q": "court", "format": "csv"})
    assert page.data.startswith("\ufeff".encode()) and page.mimetype == "text/csv"
    plain = client.get("/search", query_string={"q": "court", "format": "csv", "bom": "no"})
    assert not plain.data.startswith("\ufeff".encode()) and plain.data.decode() == page.data.decode()[1:]
    html = client.get(f"/entity/{uid}").get_data(as_text=True)
    assert "format=xlsx" in html
    book = client.get(f"/entity/{uid}/cases.csv", query_string={"format": "xlsx"})
    assert book.status_code == 200 and book.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="' in book.headers["Content-Disposition"] and ".xlsx" in book.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(book.data)).active
    csv_rows = _rows(client.get(f"/entity/{uid}/cases.csv").data.decode("utf-8-sig"))
    assert [c.value for c in sheet[1]] == csv_rows[0] and sheet.max_row == len(csv_rows)


def test_downloads_write_values_for_people(app):
    from webapp.util import csv_response, xlsx_response

    with app.test_request_context("/x.csv"):
        text = csv_response(["a", "b", "c"], [[["EU", "UA"], True, "=HYPERLINK(1)"]], "x.csv").data.decode("utf-8-sig")
    assert _rows(text)[1] == ["EU; UA", "yes", "'=HYPERLINK(1)"]
    with app.test_request_context("/x.csv", headers=UK):
        with using("uk"):
            text = csv_response(["a", "b"], [[False, None]], "x.csv").data.decode("utf-8-sig")
    assert _rows(text)[1] == ["ні", ""]
    with app.test_request_context("/x.csv?format=xlsx"):
        data = xlsx_response(["name", "n"], [["=1+1", 3], ["@SUM(A1)", 2.5]], "x.csv").data
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s" and sheet["B2"].value == 3


def test_a_name_that_matches_several_people_offers_them(graph, client):
    write_records(graph, [NodeRecord("Person", f"det-ametov-{i}", {"name": f"{first} Ametov", "region": "crimea"},
                                     ("Detainee",)) for i, first in enumerate(("Server", "Ruslan", "Rustem"))]
                  + [NodeRecord("Person", "off-judge", {"name": "Viktor Zakharov"}, ("Official",)),
                     NodeRecord("Case", "case-1", {"name": "Case 1"})],
                  [RelRecord("DEFENDANT_IN", "Person", "det-ametov-0", "Case", "case-1"),
                   RelRecord("JUDGE_IN", "Person", "off-judge", "Case", "case-1")])
    page = client.get("/paths", query_string={"a": "Ametov", "b": "Viktor Zakharov"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "could mean 3 records" in html
    for i in range(3):
        assert f"a=det-ametov-{i}" in html
    data = client.get("/paths.json", query_string={"a": "Ametov", "b": "Viktor Zakharov"})
    assert data.status_code == 400 and len(data.get_json()["a_candidates"]) == 3 and not data.get_json()["paths"]
    # one exact spelling stands out: taken, and the path found
    found = client.get("/paths.json", query_string={"a": "Server Ametov", "b": "Viktor Zakharov"}).get_json()
    assert found["a"]["uid"] == "det-ametov-0" and found["paths"]
    assert "Оберіть" in client.get("/paths", query_string={"a": "Ametov", "b": "x"}, headers=UK).get_data(as_text=True) \
        or "обер" in client.get("/paths", query_string={"a": "Ametov", "b": "x"}, headers=UK).get_data(as_text=True).lower()


def test_home_counts_documented_officials_apart_from_list_only_people(graph, client):
    from graph.explore.figures import get_figures

    write_records(graph, [NodeRecord("Person", "off-doc", {"name": "Judge Documented"}, ("Official",)),
                          NodeRecord("Person", "off-twin", {"name": "JUDGE Documented", "cluster": "off-doc"}, ("Official",)),
                          NodeRecord("Person", "off-list", {"name": "Listed Only"}, ("Official",)),
                          NodeRecord("Person", "off-list2", {"name": "Listed Too"}, ("Official",)),
                          NodeRecord("Case", "case-1", {"name": "Case 1"}),
                          NodeRecord("Sanction", "san-1", {"authority": "EU"}),
                          NodeRecord("Sanction", "san-2", {"authority": "UA"}),
                          NodeRecord("Sanction", "san-3", {"authority": "UK"})],
                  [RelRecord("JUDGE_IN", "Person", "off-doc", "Case", "case-1"),
                   RelRecord("SAME_AS", "Person", "off-doc", "Person", "off-twin"),
                   RelRecord("SUBJECT_OF", "Person", "off-twin", "Sanction", "san-1"),
                   RelRecord("SUBJECT_OF", "Person", "off-list", "Sanction", "san-2"),
                   RelRecord("SUBJECT_OF", "Person", "off-list2", "Sanction", "san-3")])
    graph.execute("MATCH (p:Person {uid: 'off-doc'}) SET p.cluster = 'off-doc'")
    f = get_figures(graph)
    assert (f.officials, f.sanctioned, f.listed_only) == (1, 1, 2)
    html = client.get("/").get_data(as_text=True)
    assert "known only from sanctions lists" in html


# Words a template may write as they are, in every language: formats, the product, a hash's name.
UNTRANSLATED = {"CSV", "XLSX", "JSON", "SHA", "UTF", "UTC", "Evidence", "Graph", "Cypher", "min_violations"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_BLOCKS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_SHOWN_ATTR = re.compile(r'\b(placeholder|title|aria-label|alt|data-[\w-]*text[\w-]*|data-busy)="([^"]*)"')
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def test_no_template_text_is_left_outside_the_catalogue():
    """Text written straight into a template (not through _()) never reaches the catalogue: none is left,
    in the page text or in the attributes people read (placeholders, titles, labels)."""
    from graph.store.settings import PROJECT_ROOT

    left = []
    for folder in catalogue.TEMPLATE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).glob("*.html")):
            source = _JINJA.sub(" ", path.read_text(encoding="utf-8"))
            texts = [m.group(2) for m in _SHOWN_ATTR.finditer(source)]
            texts += _TAG.sub(" ", _BLOCKS.sub(" ", source)).splitlines()
            left += [f"{path.name}: {t.strip()!r}" for t in texts if set(_WORD.findall(t)) - UNTRANSLATED]
    assert not left, left


def test_a_network_asked_for_by_name(graph, client):
    write_records(graph, [NodeRecord("Person", f"det-ametov-{i}", {"name": f"{first} Ametov"}, ("Detainee",))
                          for i, first in enumerate(("Server", "Ruslan"))])
    one = client.get("/network/Server Ametov", query_string={"depth": 2})
    assert one.status_code == 302 and "/network/det-ametov-0" in one.headers["Location"] and "depth=2" in one.headers["Location"]
    several = client.get("/network/Ametov")
    html = several.get_data(as_text=True)
    assert several.status_code == 300 and "could mean 2 records" in html and "/network/det-ametov-1" in html
    assert len(client.get("/network/Ametov.json").get_json()["candidates"]) == 2
    assert client.get("/network/Nobody Atall").status_code == 404
