"""Every statement about people carries its footnotes (DESIGN.md, the evidence rule): the facts at the top of
every entity page of the demo, every table row (PACE criteria, timeline, ...), the statements of a path and
the identity and sanctions rows of a dossier show footnote numbers, or the mark "[no source recorded]".
PACE criteria have one evidence list each: recorded by the demo and the register import, refused without
a source by the curation forms, reported by the evidence check when missing. Confidential sources stay masked."""
from __future__ import annotations

import re

import pytest

from cli import main
from graph.access.viewer import Viewer, viewer_for
from graph.curation import edits
from graph.curation.fields import FormError, node_fields, parse_fields
from graph.demo.generator import BUSY_JUDGE_UID
from graph.dossier.assemble import get_dossier
from graph.evidence.rule import find_breaches
from graph.explore.entity import get_entity
from graph.explore.paths import find_paths
from graph.store.records import NodeRecord, RelRecord
from graph.store.schema import SCHEMA
from graph.store.writer import write_records

NO_SOURCE = "[no source recorded]"
CONFIDENTIAL = SCHEMA.sealing["Source"].pseudonym
FOOTNOTED = re.compile(r'class="fn"|class="nosrc"|class="fn nosrc"')


@pytest.fixture
def admin_client(app):
    app.config["ROLE"] = "admin"
    return app.test_client()


def _uids(graph, labels=SCHEMA.data_labels) -> list[str]:
    arms = " UNION ".join(f"MATCH (n:{label}) RETURN n.uid AS uid" for label in sorted(labels))
    return [r["uid"] for r in graph.query(f"CALL () {{ {arms} }} RETURN DISTINCT uid ORDER BY uid")]


def _check_page(page) -> None:
    """Every fact and every row of the page has its footnote numbers or shows the no-source mark, and every
    number is one of the page's footnotes."""
    numbers = {f.n for f in page.footnotes}
    assert len(page.fact_notes) == len(page.facts), page.node.uid
    for notes in page.fact_notes:
        assert set(notes) <= numbers, page.node.uid
    for t in page.tables:
        assert t.cited, (page.node.uid, t.key)          # a row without a Sources cell would say nothing
        for row in t.rows:
            assert set(row.notes) <= numbers, (page.node.uid, t.key)


def test_every_entity_page_of_the_demo_footnotes_every_statement(demo_graph):
    admin = viewer_for(demo_graph, "admin", "claims test")
    uids = _uids(demo_graph)
    assert len(uids) > 1000
    kinds: dict[str, int] = {}
    for uid in uids:
        page = get_entity(demo_graph, uid, admin)
        assert page is not None, uid
        _check_page(page)
        kinds[page.node.kind] = kinds.get(page.node.kind, 0) + 1
        if page.node.kind == "detainee":
            # the demo records the evidence of every criterion, of the facts and so of Detained and Freed
            pace, timeline = page.table("pace"), page.table("timeline")
            assert all(row.notes for row in pace.rows), uid
            assert all(notes for notes in page.fact_notes), uid
            for row in timeline.rows:
                if row.cells[1].text == "Detained" or row.cells[1].text.startswith("Freed"):
                    assert row.notes, (uid, row.cells[1].text)
        if page.node.kind == "official":        # the staff list says who the official is
            assert all(notes for notes in page.fact_notes), uid
    assert {"detainee", "official", "court", "organisation", "case", "site", "violation", "source",
            "sanction"} <= set(kinds)


def _statement_rows(html: str) -> tuple[list[str], list[str]]:
    """The fact rows (dd) and the table rows (tbody tr) of an entity page's statements (not its change log)."""
    html = re.split(r'<section class="panel revisions"|<section class="panel history"', html)[0]
    block = re.search(r'<dl class="facts-list">(.*?)</dl>', html, re.S)
    facts = re.findall(r"<dd>(.*?)</dd>", block.group(1), re.S) if block else []
    rows = [r for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return facts, rows


def _sample(graph) -> list[str]:
    picks = graph.query("""
        CALL () { MATCH (p:Detainee) WHERE p.released_on IS NOT NULL RETURN p.uid AS uid LIMIT 2
          UNION MATCH (p:Official {uid: $judge}) RETURN p.uid AS uid
          UNION MATCH (o:Court) RETURN o.uid AS uid LIMIT 1
          UNION MATCH (o:Organization {kind: 'penitentiary'}) RETURN o.uid AS uid LIMIT 1
          UNION MATCH (c:Case) RETURN c.uid AS uid LIMIT 1
          UNION MATCH (s:DetentionSite) RETURN s.uid AS uid LIMIT 1
          UNION MATCH (v:Violation) RETURN v.uid AS uid LIMIT 1
          UNION MATCH (s:Source) RETURN s.uid AS uid LIMIT 1
          UNION MATCH (s:Sanction) RETURN s.uid AS uid LIMIT 1 }
        RETURN uid""", {"judge": BUSY_JUDGE_UID})
    return [r["uid"] for r in picks]


def test_the_html_of_a_sample_marks_every_statement(demo_graph, admin_client):
    for uid in _sample(demo_graph):
        html = admin_client.get(f"/entity/{uid}").get_data(as_text=True)
        facts, rows = _statement_rows(html)
        assert facts and rows, uid
        for text in facts + rows:
            assert FOOTNOTED.search(text), (uid, text[:200])
    detainee = _sample(demo_graph)[0]
    html = admin_client.get(f"/entity/{detainee}").get_data(as_text=True)
    pace = html.split('id="pace"')[1].split("</section>")[0]
    assert re.search(r"\(a\)|\(b\)|\(e\)", pace) and 'href="#fn' in pace
    timeline = html.split('id="timeline"')[1].split("</section>")[0]
    detained = re.search(r"<td>Detained</td>\s*<td class=\"src\">(.*?)</td>", timeline, re.S)
    assert detained and 'href="#fn' in detained.group(1)
    page = admin_client.get(f"/entity/{detainee}.json").get_json()
    assert set(page["fact_sources"]) == set(page["facts"]) and all(page["fact_sources"].values())
    assert all(row["sources"] for row in next(t for t in page["tables"] if t["key"] == "pace")["rows"])


def test_a_statement_without_sources_shows_the_mark(graph, admin_client):
    write_records(graph, [NodeRecord("Person", "t-bare", {"name": "Bare Detainee", "status": "detained",
                                                          "pace_criteria": ["b"]}, ("Detainee",)),
                          NodeRecord("DetentionSite", "t-site", {"name": "SIZO-9", "kind": "sizo"}),
                          NodeRecord("Organization", "t-fsin", {"name": "FSIN", "kind": "penitentiary"})],
                  [RelRecord("RUN_BY", "DetentionSite", "t-site", "Organization", "t-fsin")])
    html = admin_client.get("/entity/t-bare").get_data(as_text=True)
    facts, rows = _statement_rows(html)
    assert facts and all(NO_SOURCE in f for f in facts)
    assert rows and all(NO_SOURCE in r for r in rows)           # the PACE criterion (b)
    assert "[джерело не зазначено]" in admin_client.get("/entity/t-bare?lang=uk").get_data(as_text=True)
    paths = admin_client.get("/paths?a=t-site&b=t-fsin").get_data(as_text=True)
    assert "FSIN" in paths and NO_SOURCE in paths.split('id="statements"')[1]


def _people(graph) -> list[str]:
    rows = graph.query("MATCH (p:Detainee) WHERE EXISTS { (p)-[:DEFENDANT_IN]->() } RETURN p.uid AS uid "
                       "ORDER BY uid LIMIT 3")
    return [r["uid"] for r in rows]


def test_paths_between_demo_people_footnote_every_statement(demo_graph, admin_client):
    admin = viewer_for(demo_graph, "admin", "claims test")
    a, b, c = _people(demo_graph)
    pairs = [(a, BUSY_JUDGE_UID), (a, b), (b, c)]
    site = demo_graph.query_one("MATCH (s:DetentionSite)-[:RUN_BY]->(o:Organization) WHERE s.name CONTAINS 'SIZO-4' "
                                "RETURN s.uid AS s, o.uid AS o LIMIT 1")
    pairs.append((site["s"], site["o"]))                              # "SIZO-4 run by FSIN"
    for x, y in pairs:
        result = find_paths(demo_graph, x, y, admin)
        assert result.paths, (x, y)
        numbers = {f.n for f in result.footnotes}
        for path in result.paths:
            for s in path:
                assert s.notes and set(s.notes) <= numbers, (x, y, s.verb)   # the demo sources every step
        html = admin_client.get(f"/paths?a={x}&b={y}").get_data(as_text=True)
        items = re.findall(r"<li>(.*?)</li>", html.split('id="statements"')[1].split("</section>")[0], re.S)
        assert items and all('class="fn"' in i for i in items), (x, y)
    run_by = find_paths(demo_graph, site["s"], site["o"], admin).paths[0][0]
    assert run_by.verb == SCHEMA.relation_words("RUN_BY") and run_by.notes


def test_a_demo_dossier_footnotes_identity_and_sanctions(demo_graph):
    from dossiers import render

    d = get_dossier(demo_graph, BUSY_JUDGE_UID)
    numbers = {f.number for f in d.footnotes}
    assert d.identity.note in numbers and all(n.note in numbers for n in d.identity.names)
    assert d.sanctions.designations and all(s.note in numbers for s in d.sanctions.designations)
    assert [f.number for f in d.footnotes] == list(range(1, len(d.footnotes) + 1))
    html = render(d, "html").decode()
    identity = html.split('id="identity"')[1].split("<h3>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", identity, re.S)
    assert len(rows) >= len(d.identity.names) + 2 and all('class="fn"' in r for r in rows)
    sanctions = html.split('class="designations"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", sanctions.split("<tbody>")[1], re.S)
    assert len(rows) == len(d.sanctions.designations) and all('class="fn"' in r for r in rows)
    import io

    from docx import Document
    doc = Document(io.BytesIO(render(d, "docx")))
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert all(f"{n.value}{n.note}" in cells for n in d.identity.names)
    assert all(f"{s.authority}{s.note}" in cells for s in d.sanctions.designations)


def test_a_dossier_without_sources_marks_them(graph):
    write_records(graph, [NodeRecord("Person", "t-off", {"name": "Unsourced Official", "rank": "major",
                                                         "birth_date": "1970-01-01"}, ("Official",)),
                          NodeRecord("Sanction", "t-sanc", {"name": "EU listing", "authority": "EU"})],
                  [RelRecord("SUBJECT_OF", "Person", "t-off", "Sanction", "t-sanc")])
    from dossiers import render
    d = get_dossier(graph, "t-off")
    assert d.identity.note is None and d.sanctions.designations[0].note is None
    html = render(d, "html").decode()
    assert html.split('id="identity"')[1].split("<h3>")[0].count(NO_SOURCE) >= 2
    assert NO_SOURCE in html.split('class="designations"')[1].split("</table>")[0]


def test_a_confidential_source_is_masked_in_the_new_footnotes(demo_graph, app):
    row = demo_graph.query_one("""
        MATCH (p:Detainee)-[e:EVIDENCED_BY]->(s:Source {confidential: true}) WHERE e.criterion IS NOT NULL
        RETURN p.uid AS uid, s.uid AS source LIMIT 1""")
    assert row, "the demo has a detainee whose criteria rest on a confidential testimony"
    title = get_entity(demo_graph, row["source"], viewer_for(demo_graph, "admin", "claims test")).node.name
    assert not title.startswith(CONFIDENTIAL)
    researcher = get_entity(demo_graph, row["uid"], Viewer("researcher"))
    note = next(f for f in researcher.footnotes if f.uid == row["source"])
    assert note.label.startswith(CONFIDENTIAL) and note.label != title
    assert note.n in {n for r in researcher.table("pace").rows for n in r.notes}
    assert note.n in {n for notes in researcher.fact_notes for n in notes}
    html = app.test_client().get(f"/entity/{row['uid']}").get_data(as_text=True)     # a researcher
    assert title not in html and CONFIDENTIAL in html
    app.config["ROLE"] = "admin"
    assert title in app.test_client().get(f"/entity/{row['uid']}").get_data(as_text=True)


# -- PACE criteria: the evidence check, the curation forms and the register import ---------------------------
def test_the_evidence_check_reports_a_criterion_without_evidence(graph, runner):
    write_records(graph, [NodeRecord("Person", "t-d", {"name": "Half Sourced", "pace_criteria": ["a", "b"]},
                                     ("Detainee",)),
                          NodeRecord("Person", "t-p", {"name": "Hidden Detainee", "protected": True,
                                                       "pace_criteria": ["e"]}, ("Detainee",)),
                          NodeRecord("Source", "t-s", {"name": "Report", "kind": "ngo_report"})],
                  [RelRecord("EVIDENCED_BY", "Person", "t-d", "Source", "t-s", {"criterion": "a"}, key="pace-a")])
    admin = viewer_for(graph, "admin", "claims test")
    found = {(b.rule, b.description) for b in find_breaches(graph, admin)}
    assert ("unevidenced-criterion", "PACE criterion (b) of Half Sourced has no evidence") in found
    assert not any("(a) of Half Sourced" in d for _r, d in found)
    hidden = [d for r, d in found if r == "unevidenced-criterion" and "(e)" in d]
    assert hidden and "Hidden Detainee" not in hidden[0]     # a sealed detainee's criteria, read with the key
    result = runner.invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 1 and "unevidenced-criterion" in result.output and "(e)" in result.output
    assert "Hidden Detainee" not in result.output


@pytest.fixture
def editor(graph):
    return viewer_for(graph, "editor", "ed")


def _source(graph, editor, title):
    return edits.create(graph, editor, "source", parse_fields(node_fields("source"), {
        "name": title, "kind": "ngo_report", "reliability": "B", "credibility": "2"}), "from the archive").uid


def test_the_curation_forms_save_no_criterion_without_a_source(graph, editor, admin_client):
    report, verdict = _source(graph, editor, "CHR report"), _source(graph, editor, "Verdict")
    values = parse_fields(node_fields("detainee"), {"name": "Server Mustafayev", "pace_criteria": ["a", "e"]})
    with pytest.raises(FormError) as refused:
        edits.create(graph, editor, "detainee", values, "CHR list")
    assert "criterion (a), (e)" in str(refused.value) and "pace_sources_a" in refused.value.errors
    with pytest.raises(FormError):        # sources for a criterion that is not ticked
        edits.create(graph, editor, "detainee", values, "CHR list", sources=[report], criterion_sources={"b": [report]})
    uid = edits.create(graph, editor, "detainee", values, "CHR list", sources=[report],
                       criterion_sources={"e": [verdict]}).uid
    assert edits.criteria_evidence(graph, uid) == {"a": [report], "e": [verdict]}
    page = get_entity(graph, uid, editor)
    notes = {f.uid: f.n for f in page.footnotes}
    assert [r.notes for r in page.table("pace").rows] == [(notes[report],), (notes[verdict],)]
    # an edit ticking a new criterion needs its evidence; the criteria it had keep theirs
    more = parse_fields(node_fields("detainee"), {"pace_criteria": ["a", "c", "e"]}, partial=True)
    with pytest.raises(FormError):
        edits.update(graph, editor, uid, more, 1, "conditions of detention")
    edits.update(graph, editor, uid, more, 1, "conditions of detention", criterion_sources={"c": [report]})
    assert edits.criteria_evidence(graph, uid)["c"] == [report]
    # the web form: one picker per criterion, the refusal beside it
    form = admin_client.get(f"/entity/{uid}/edit").get_data(as_text=True)
    assert 'data-multiple="pace_sources_b"' in form and "Evidence of each PACE criterion" in form
    refused = admin_client.post(f"/entity/{uid}/edit", data={"name": "Server Mustafayev", "version": "2",
                                                             "pace_criteria": ["a", "b", "c", "e"], "reason": "b"})
    assert refused.status_code == 400 and "criterion (b)" in refused.get_data(as_text=True)
    saved = admin_client.post(f"/entity/{uid}/edit", data={"name": "Server Mustafayev", "version": "2",
                                                           "pace_criteria": ["a", "b", "c", "e"], "reason": "b",
                                                           "pace_sources_b": report})
    assert saved.status_code == 302
    assert [b.description for b in find_breaches(graph, viewer_for(graph, "admin", "check"))] == []


def test_the_register_import_records_the_evidence_of_each_criterion(graph, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))
    good = tmp_path / "register.csv"
    good.write_text("id,name,status,pace_criteria,sources\nR-1,Emir Test,convicted,a;e,https://example.org/r1\n",
                    encoding="utf-8")
    result = runner.invoke(main, ["import", str(good)])
    assert result.exit_code == 0, result.output
    rows = graph.query("MATCH (p:Detainee {name: 'Emir Test'})-[e:EVIDENCED_BY]->(s:Source) "
                       "RETURN e.criterion AS c ORDER BY c")
    assert [r["c"] for r in rows] == ["a", "e", None]
    assert not [b for b in find_breaches(graph, viewer_for(graph, "admin", "check")) if b.rule == "unevidenced-criterion"]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,status,pace_criteria,sources\nR-2,Nora Test,detained,b,\n", encoding="utf-8")
    refused = runner.invoke(main, ["import", str(bad)])
    assert refused.exit_code != 0 and "no source" in refused.output     # a row (its criteria) needs a source
    assert not graph.query("MATCH (p:Detainee {name: 'Nora Test'}) RETURN p")


def test_a_protected_detainees_criteria_and_timeline_open_for_editors_only(graph):
    from datetime import date

    from tests.conftest import sealed_uid

    write_records(graph, [NodeRecord("Person", "t-w", {"name": "Sealed Detainova", "protected": True,
                                                       "pace_criteria": ["a"], "detained_on": date(2019, 3, 27),
                                                       "status": "detained"}, ("Detainee",)),
                          NodeRecord("Source", "t-s", {"name": "Report", "kind": "ngo_report"})],
                  [RelRecord("EVIDENCED_BY", "Person", "t-w", "Source", "t-s", {"criterion": "a"}, key="pace-a"),
                   RelRecord("EVIDENCED_BY", "Person", "t-w", "Source", "t-s", {})])
    uid = sealed_uid(graph, "t-w")
    page = get_entity(graph, uid, viewer_for(graph, "editor", "claims test"))
    assert len(page.table("pace").rows) == 1 and page.table("pace").rows[0].notes
    assert [r.cells[1].text for r in page.table("timeline").rows] == ["Detained"]
    assert get_entity(graph, uid, viewer_for(graph, "researcher", "claims test")).tables == ()
