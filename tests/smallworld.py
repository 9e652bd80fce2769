"""A small hand-made world for dossier and gap tests: one judge with a chain of command, two cases, a
protected witness, a confidential source, graded public sources and one UK designation."""
from __future__ import annotations

from datetime import date

from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records

JUDGE = "judge-1"
CONFIDENTIAL_TITLE = "Secret testimony of witness K (do not disclose)"
PROTECTED_NAME = "Olena Protectedova"


def _src(uid, title, rel, cred, sha, confidential=False):
    return NodeRecord("Source", uid, {"name": title, "kind": "court_decision" if not confidential else "testimony",
                                      "reliability": rel, "credibility": cred, "sha256": sha * 64,
                                      "published_on": date(2019, 5, 1), "confidential": confidential,
                                      "url": None if confidential else f"https://example.org/{uid}"})


def records():
    nodes = [
        NodeRecord("Person", JUDGE, {"name": "Viktor Sergeyevich Testov", "name_ru": "Виктор Сергеевич Тестов",
                                     "name_uk": "Віктор Сергійович Тестов", "aliases": ["Testov Viktor"],
                                     "birth_date": date(1970, 3, 4), "birth_place": "Simferopol",
                                     "citizenship": ["RU"], "rank": "judge"}, ("Official",)),
        NodeRecord("Person", "judge-2", {"name": "Anna Chairova", "name_ru": "Анна Чаирова"}, ("Official",)),
        NodeRecord("Person", "det-1", {"name": "Server Mustafayev", "name_uk": "Сервер Мустафаєв"}, ("Detainee",)),
        NodeRecord("Person", "prot-1", {"name": PROTECTED_NAME, "protected": True}),
        NodeRecord("Organization", "court-1", {"name": "Kyivskyi District Court of Simferopol", "kind": "court",
                                               "region": "crimea"}, ("Court",)),
        NodeRecord("Organization", "dept-1", {"name": "Judicial Department of Crimea", "kind": "court"}),
        NodeRecord("Organization", "ministry-1", {"name": "Judicial Department of Russia", "kind": "ministry"}),
        NodeRecord("DetentionSite", "sizo-1", {"name": "SIZO-1 Simferopol", "kind": "sizo"}),
        NodeRecord("Organization", "fsin-1", {"name": "FSIN Crimea", "kind": "penitentiary"}),
        NodeRecord("Case", "case-1", {"name": "Bakhchysarai Hizb ut-Tahrir case", "number": "1-12/2019",
                                      "articles": ["205.5(2)"], "opened_on": date(2018, 1, 10),
                                      "verdict_on": date(2019, 6, 1), "region": "crimea"}),
        NodeRecord("Case", "case-2", {"name": "Weak case", "opened_on": date(2020, 1, 1)}),
        NodeRecord("Violation", "viol-1", {"name": "Unfair trial of Server Mustafayev", "kind": "unfair_trial",
                                           "date": date(2019, 6, 1), "legal_norms": ["ECHR art. 6"]}),
        NodeRecord("Violation", "viol-2", {"name": "Arbitrary detention of a relative", "kind": "arbitrary_detention",
                                           "date": date(2018, 1, 12), "legal_norms": ["ECHR art. 5"]}),
        NodeRecord("Violation", "viol-3", {"name": "Rumoured torture", "kind": "torture", "date": date(2020, 2, 2)}),
        _src("src-a", "Verdict of the Kyivskyi District Court", "A", "1", "a"),
        _src("src-b", "Crimean Human Rights Group report", "B", "2", "b"),
        _src("src-c", "Court staff list", "B", "3", "c"),
        _src("src-weak", "Anonymous blog post", "E", "5", "e"),
        _src("src-secret", CONFIDENTIAL_TITLE, "B", "2", "f", confidential=True),
        NodeRecord("Sanction", "sanc-uk", {"name": "UK designation", "authority": "UK", "programme": "Global Human Rights",
                                           "listed_on": date(2022, 5, 4), "reference": "GHR0042"}),
    ]
    rels = [
        RelRecord("HOLDS_POSITION", "Person", JUDGE, "Organization", "court-1",
                  {"title": "Judge", "since": date(2014, 9, 1), "source_uids": ["src-c"]}),
        RelRecord("HOLDS_POSITION", "Person", "judge-2", "Organization", "court-1",
                  {"title": "Chairman of the court", "since": date(2015, 1, 1), "until": date(2021, 1, 1),
                   "source_uids": ["src-c"]}),
        RelRecord("PART_OF", "Organization", "court-1", "Organization", "dept-1"),
        RelRecord("PART_OF", "Organization", "dept-1", "Organization", "ministry-1"),
        RelRecord("RUN_BY", "DetentionSite", "sizo-1", "Organization", "fsin-1"),
        RelRecord("HEARD_BY", "Case", "case-1", "Organization", "court-1"),
        RelRecord("JUDGE_IN", "Person", JUDGE, "Case", "case-1", {"role": "presiding", "source_uids": ["src-a"]}),
        RelRecord("JUDGE_IN", "Person", JUDGE, "Case", "case-2", {"source_uids": ["src-weak"]}),
        RelRecord("DEFENDANT_IN", "Person", "det-1", "Case", "case-1", {"source_uids": ["src-a"]}),
        RelRecord("DEFENDANT_IN", "Person", "prot-1", "Case", "case-1", {"source_uids": ["src-a"]}),
        RelRecord("RESPONSIBLE_FOR", "Person", JUDGE, "Violation", "viol-1", {"role": "direct", "source_uids": ["src-a"]}),
        RelRecord("RESPONSIBLE_FOR", "Person", JUDGE, "Violation", "viol-2",
                  {"role": "complicit", "source_uids": ["src-secret"]}),
        RelRecord("RESPONSIBLE_FOR", "Person", JUDGE, "Violation", "viol-3", {"role": "direct", "source_uids": ["src-weak"]}),
        RelRecord("AGAINST", "Violation", "viol-1", "Person", "det-1", {"source_uids": ["src-a"]}),
        RelRecord("AGAINST", "Violation", "viol-2", "Person", "prot-1", {"source_uids": ["src-secret"]}),
        RelRecord("AGAINST", "Violation", "viol-3", "Person", "det-1", {"source_uids": ["src-weak"]}),
        RelRecord("IN_CASE", "Violation", "viol-1", "Case", "case-1"),
        RelRecord("AT", "Violation", "viol-2", "DetentionSite", "sizo-1"),
        RelRecord("EVIDENCED_BY", "Violation", "viol-1", "Source", "src-b"),
        RelRecord("EVIDENCED_BY", "Violation", "viol-2", "Source", "src-secret"),
        RelRecord("EVIDENCED_BY", "Violation", "viol-3", "Source", "src-weak"),
        RelRecord("SUBJECT_OF", "Person", JUDGE, "Sanction", "sanc-uk"),
    ]
    return nodes, rels


def load_small_world(graph) -> None:
    write_records(graph, *records())
