"""A small hand-made graph for the explore tests: a judge, a detainee, a protected witness, a confidential
source, a case, a court, a prison, a violation, a sanction, and a node whose name is an XSS attempt."""
from __future__ import annotations

from datetime import date

from graph.store.records import NodeRecord, RelRecord
from graph.store.writer import write_records

XSS = "<img src=x onerror=alert(1)>"
U = {k: f"t-{k}" for k in ("judge", "detainee", "witness", "secret", "report", "case", "court", "ministry",
                             "sizo", "prison_org", "violation", "sanction", "xss", "list")}


def nodes() -> list[NodeRecord]:
    return [
        NodeRecord("Person", U["judge"], {"name": "Ivan Petrovich Sudin", "name_ru": "Иван Петрович Судин",
                                          "rank": "judge"}, ("Official",)),
        NodeRecord("Person", U["detainee"], {"name": "Server Mustafayev", "name_uk": "Сервер Мустафаєв",
                                             "status": "convicted", "region": "crimea", "detained_on": date(2017, 5, 3),
                                             "pace_criteria": ["a", "e"], "pace_reasons": "Religious group trial."},
                   ("Detainee",)),
        NodeRecord("Person", U["witness"], {"name": "Leyla Secretova", "protected": True}),
        NodeRecord("Person", U["xss"], {"name": XSS, "status": "detained", "region": "crimea"}, ("Detainee",)),
        NodeRecord("Source", U["secret"], {"name": "Testimony of witness Leyla Secretova", "kind": "testimony",
                                           "reliability": "B", "credibility": "2", "confidential": True,
                                           "url": "https://secret.example/testimony"}),
        NodeRecord("Source", U["report"], {"name": "Monitoring report 2018", "kind": "ngo_report",
                                           "reliability": "A", "credibility": "1", "url": "https://example.org/r"}),
        NodeRecord("Source", U["list"], {"name": "UK sanctions list", "kind": "sanctions_list",
                                         "reliability": "A", "credibility": "1"}),
        NodeRecord("Case", U["case"], {"name": "Bakhchysarai group case", "number": "1-22/2018",
                                       "opened_on": date(2017, 5, 1), "verdict_on": date(2019, 6, 18),
                                       "sentence": "12 years"}),
        NodeRecord("Organization", U["court"], {"name": "Southern District Military Court", "kind": "court"},
                   ("Court",)),
        NodeRecord("Organization", U["ministry"], {"name": "Ministry of Justice", "kind": "ministry"}),
        NodeRecord("Organization", U["prison_org"], {"name": "Penitentiary Service", "kind": "penitentiary"}),
        NodeRecord("DetentionSite", U["sizo"], {"name": "SIZO-1 Simferopol", "kind": "sizo", "region": "crimea"}),
        NodeRecord("Violation", U["violation"], {"name": "Unfair trial of Server Mustafayev", "kind": "unfair_trial",
                                                 "date": date(2019, 6, 18)}),
        NodeRecord("Sanction", U["sanction"], {"name": "UK designation of Sudin", "authority": "UK",
                                               "listed_on": date(2021, 3, 1)}),
    ]


def rels() -> list[RelRecord]:
    src = [U["report"], U["secret"]]
    return [
        RelRecord("JUDGE_IN", "Person", U["judge"], "Case", U["case"], {"role": "presiding", "source_uids": [U["report"]]}),
        RelRecord("DEFENDANT_IN", "Person", U["detainee"], "Case", U["case"], {"source_uids": src}),
        RelRecord("DEFENDANT_IN", "Person", U["witness"], "Case", U["case"], {"source_uids": [U["secret"]]}),
        RelRecord("DEFENDANT_IN", "Person", U["xss"], "Case", U["case"], {"source_uids": [U["report"]]}),
        RelRecord("HEARD_BY", "Case", U["case"], "Organization", U["court"]),
        RelRecord("PART_OF", "Organization", U["court"], "Organization", U["ministry"]),
        RelRecord("HOLDS_POSITION", "Person", U["judge"], "Organization", U["court"],
                  {"title": "Judge", "since": date(2015, 1, 1), "source_uids": [U["report"]]}),
        RelRecord("HELD_AT", "Person", U["detainee"], "DetentionSite", U["sizo"],
                  {"since": date(2017, 5, 4), "until": date(2019, 9, 1), "source_uids": src}),
        RelRecord("RUN_BY", "DetentionSite", U["sizo"], "Organization", U["prison_org"]),
        RelRecord("AGAINST", "Violation", U["violation"], "Person", U["detainee"], {"source_uids": src}),
        RelRecord("RESPONSIBLE_FOR", "Person", U["judge"], "Violation", U["violation"],
                  {"role": "direct", "source_uids": src}),
        RelRecord("IN_CASE", "Violation", U["violation"], "Case", U["case"]),
        RelRecord("EVIDENCED_BY", "Violation", U["violation"], "Source", U["report"], {"pages": "4-5", "quote": "verdict"}),
        RelRecord("EVIDENCED_BY", "Violation", U["violation"], "Source", U["secret"], {"quote": "testimony"}),
        RelRecord("EVIDENCED_BY", "Person", U["witness"], "Source", U["secret"], {"quote": "anonymous statement"}),
        RelRecord("SUBJECT_OF", "Person", U["judge"], "Sanction", U["sanction"]),
        RelRecord("EVIDENCED_BY", "Sanction", U["sanction"], "Source", U["list"], {"quote": "entry"}),
    ]


def load(graph) -> dict[str, str]:
    """Write the records; the uids returned are those in the graph (a sealed record's is a keyed hash)."""
    from graph.store.sealing import load_keys

    records = nodes()
    write_records(graph, records, rels())
    sealed = {r.uid for r in records if r.props.get("protected") or (r.label == "Source" and r.props.get("confidential"))}
    ring = load_keys(graph).ring
    return {k: ring.blind_uid(v) if v in sealed else v for k, v in U.items()}
