"""Dossiers: the content from the graph, the evidence threshold, protected data, and the four formats
(opened again with pypdf and python-docx) for the busiest official of the demo."""
from __future__ import annotations

import io
import json
import re

import pytest

from dossiers import render
from dossiers.json_out import dossier_json_schema, json_schema
from graph.access.masking import PROTECTED_PERSON as PROTECTED
from graph.dossier.assemble import NotAnOfficial, get_dossier
from graph.evidence.grades import EvidenceThreshold
from graph.store.records import make_uid
from tests.smallworld import CONFIDENTIAL_TITLE, JUDGE, PROTECTED_NAME, load_small_world


@pytest.fixture
def small(graph):
    load_small_world(graph)
    return graph


def test_dossier_content_from_the_graph(small):
    d = get_dossier(small, JUDGE, prepared_by="Crimean Human Rights Group")
    assert {n.script for n in d.identity.names} == {"Latin", "Cyrillic"}
    assert "Виктор Сергеевич Тестов" in {n.value for n in d.identity.names}
    assert d.positions[0].chain == ("Judicial Department of Crimea", "Judicial Department of Russia")
    assert [v.date for v in d.violations] == sorted(v.date for v in d.violations)
    assert d.sanctions.listed_by == ("UK",) and "EU" in d.sanctions.gap and "UK" not in d.sanctions.gap
    assert d.header.prepared_by == "Crimean Human Rights Group"
    assert d.header.counts.cases == 2 and d.header.counts.violations == 3 and d.header.counts.omitted == 0
    verdict = next(e for e in d.responsibility if e.event.startswith("Verdict"))
    holders = {h.person: h for h in verdict.holders}
    assert holders["Anna Chairova"].post.startswith("Chairman") and holders["Viktor Sergeyevich Testov"].is_subject
    numbers = [f.number for f in d.footnotes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_protected_people_and_confidential_sources_are_never_named(small):
    d = get_dossier(small, JUDGE)
    text = json.dumps(d.as_dict(), ensure_ascii=False)
    assert PROTECTED_NAME not in text and CONFIDENTIAL_TITLE not in text and "src-secret" not in text
    assert PROTECTED in text
    assert any(f.confidential == 1 and "1 confidential source supports this statement" in f.text for f in d.footnotes)
    assert d.header.counts.confidential_sources == 1
    assert all(a.uid != "src-secret" for a in d.annex)


def test_threshold_leaves_out_weak_claims_and_counts_them(small):
    d = get_dossier(small, JUDGE, threshold=EvidenceThreshold("B", 3))
    assert "Weak case" not in {c.name for c in d.cases}
    assert "Rumoured torture" not in {v.title for v in d.violations}
    assert d.header.counts.omitted >= 2
    assert "Anonymous blog post" not in {a.title for a in d.annex}
    html = render(d, "html").decode()
    assert f"{d.header.counts.omitted} statements left out" in html


def test_unknown_or_protected_uid_is_not_an_official(small):
    for uid in ("nobody", "prot-1", "det-1"):
        with pytest.raises(NotAnOfficial):
            get_dossier(small, uid)


def test_json_schema_file_matches_the_dataclasses():
    assert json_schema() == json.loads(json.dumps(dossier_json_schema()))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _confidential_titles(graph, uid: str) -> list[str]:
    rows = graph.query("""
        MATCH (:Person {uid: $uid})-[r:RESPONSIBLE_FOR]->(v:Violation)
        MATCH (s:Source {confidential: true})
        WHERE s.uid IN r.source_uids OR (v)-[:EVIDENCED_BY]->(s)
        RETURN DISTINCT s.name AS title""", {"uid": uid})
    return [r["title"] for r in rows]


def test_four_formats_for_the_busiest_demo_official(demo_graph):
    import jsonschema

    uid = make_uid("demo", "official", 0)
    d = get_dossier(demo_graph, uid, prepared_by="Test NGO")
    assert d.cases and d.violations and d.annex and d.footnotes
    secret = _confidential_titles(demo_graph, uid)
    texts = {"html": render(d, "html").decode(), "pdf": _pdf_text(render(d, "pdf")),
             "docx": _docx_text(render(d, "docx")), "json": render(d, "json").decode()}
    jsonschema.validate(json.loads(texts["json"]), json_schema())
    names = [d.identity.name] + [n.value for n in d.identity.names if n.script == "Cyrillic"][:1]
    assert len(names) == 2
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        for needle in names + [c.name for c in d.cases] + [s.sha256 for s in d.annex if s.sha256]:
            assert " ".join(needle.split()) in flat, (fmt, needle)
        for f in d.footnotes:
            assert f"{f.number}." in text or f'"number": {f.number}' in text, (fmt, f.number)
        for title in secret:
            assert title not in text, (fmt, title)


def test_pdf_renderer_fetches_nothing_remote(small):
    from dossiers.pdf import RemoteFetchRefused, local_only_fetcher

    fetcher = local_only_fetcher()
    fetch = getattr(fetcher, "fetch", fetcher)
    for url in ("https://example.org/x.css", "http://127.0.0.1/x.png", "ftp://x/y"):
        with pytest.raises(RemoteFetchRefused):
            fetch(url)
    html = render(get_dossier(small, JUDGE), "html").decode()
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<link" not in html


def test_the_officials_page_the_gap_and_the_dossier_agree_on_the_authorities(small):
    """One list of sanctioning authorities (graph/store/schema.yaml): the page's "not sanctioned" rows,
    the sanctions gap and the dossier's gap name the same authorities, AU and CH included."""
    from graph.access.viewer import Viewer
    from graph.explore.entity import get_entity
    from graph.sanctions.gap import get_gap
    from graph.store.schema import SCHEMA

    page = get_entity(small, JUDGE, Viewer("researcher")).table("sanctions")
    on_page = {row.cells[0].text for row in page.rows if row.cells[1].text == "not sanctioned"}
    in_gap = set(next(r for r in get_gap(small) if r.uid == JUDGE).missing)
    in_dossier = set(get_dossier(small, JUDGE).sanctions.gap)
    assert on_page == in_gap == in_dossier == set(SCHEMA.sanctioning_authorities) - {"UK"}
    assert {"AU", "CH"} <= on_page


def test_a_dossier_in_ukrainian_in_every_format(demo_graph, runner, tmp_path):
    """The same dossier in Ukrainian: its headings, labels and statements translated, dates written as Ukrainian
    writes them, the PDF (``--lang uk``) with Cyrillic text, the JSON keys still English."""
    import jsonschema

    from cli import main
    from dossiers.words import shown_date
    from graph.store.language import using

    uid = make_uid("demo", "official", 0)
    assert get_dossier(demo_graph, uid).header.language == "en"
    with using("uk"):
        d = get_dossier(demo_graph, uid)
        html, docx = render(d, "html").decode(), _docx_text(render(d, "docx"))
        data = json.loads(render(d, "json"))
        assert shown_date("2014-03-14") == "14 березня 2014" and shown_date("2014-03") == "березень 2014"
        assert shown_date("1965") == "1965"
    assert d.header.language == "uk" and d.header.title == f"Досьє: {d.identity.name}"
    assert '<html lang="uk">' in html
    headings = ["Досьє причетної особи", "1. Санкції та прогалини в санкціях", "2. Ідентифікаційні дані", "Посади",
                "3. Справи", "4. Порушення в хронологічному порядку", "5. Відповідальність за датами", "Виноски",
                "Додаток: джерела", "Дані станом на"]
    for heading in headings:
        assert heading in html, heading
        assert heading.upper() in docx or heading in docx, heading
    english = ("Perpetrator", "Sanctions", "Identity", "Positions", "Cases", "Violations", "Responsibility", "Notes",
               "Annex", "Data as of", "Prepared by", "Generated", "Evidence admitted", "Authority", "Programme",
               "Listed on", "Reference", "Date of birth", "Role", "Court", "Dates", "Defendants", "Source", "Grade")
    shown = re.findall(r"<(?:h[1-3]|th)[^>]*>([^<]*)", html) + [p for p in docx.split("\n") if len(p) < 40]
    for text in shown:
        assert not any(word in text for word in english), text
    visible = re.sub(r"<[^>]+>", " ", html.split("</head>")[1])
    for sentence in ("Chain of command", "confidential source", "responsibility", "No. ", "published ", "Where: ",
                     "[no source recorded]", "Grades: ", "present)"):
        assert sentence not in visible and sentence not in docx, sentence
    assert any(f.text.startswith("Додаток: A") for f in d.footnotes)
    jsonschema.validate(data, json_schema())
    assert data["header"]["language"] == "uk" and set(data) >= {"header", "identity", "footnotes", "annex"}
    out = tmp_path / "uk.pdf"
    result = runner.invoke(main, ["dossier", uid, "--lang", "uk", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = " ".join(_pdf_text(out.read_bytes()).split())
    for heading in ("2. Ідентифікаційні дані", "3. Справи", "Виноски", "Додаток: джерела", "Сторінка 1 з"):
        assert heading in pdf, heading
    assert "Identity" not in pdf and "Annex: sources" not in pdf and "Page 1 of" not in pdf


def test_a_long_record_lists_its_first_rows_with_summaries_of_the_whole(demo_graph, monkeypatch):
    """An official of thousands of cases gets a dossier that stays readable (and builds in bounded time): the
    first rows in date order, the counts of the whole record, summary tables, and where every row is."""
    import jsonschema
    from docx import Document

    import graph.dossier.queries as queries
    from graph.demo.generator import BUSY_JUDGE_UID

    whole = get_dossier(demo_graph, BUSY_JUDGE_UID)
    assert whole.extent is None or whole.extent.complete
    monkeypatch.setattr(queries, "DETAIL_ROWS", 3)
    d = get_dossier(demo_graph, BUSY_JUDGE_UID)
    x = d.extent
    assert x is not None and not x.complete
    assert (x.cases_total, x.violations_total) == (whole.header.counts.cases, whole.header.counts.violations)
    assert len(d.cases) == x.cases_listed <= 3 and len(d.violations) == x.violations_listed <= 3
    assert d.header.counts.cases == x.cases_total and d.header.counts.victims == whole.header.counts.victims
    assert sum(t.count for t in x.by_court) == x.cases_total and sum(t.count for t in x.by_kind) == x.violations_total
    assert [c.uid for c in d.cases] == [c.uid for c in whole.cases[:len(d.cases)]]   # the first, in date order
    assert len(d.responsibility) <= 6 and len(d.footnotes) < len(whole.footnotes)
    html = render(d, "html").decode()
    assert "The record is long" in html and f"/entity/{BUSY_JUDGE_UID}/cases.csv" in html
    assert "All cases by court" in html and "All violations by kind" in html
    words = "\n".join(p.text for p in Document(io.BytesIO(render(d, "docx"))).paragraphs)
    assert "The record is long" in words and "All cases by court" in words
    jsonschema.validate(json.loads(render(d, "json")), json_schema())
    assert render(d, "pdf")[:5] == b"%PDF-"
