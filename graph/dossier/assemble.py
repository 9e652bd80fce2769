"""The dossier of an official, assembled from the graph: identity, positions, cases, violations, who held
which post on each date, sanctions and the gap, every statement footnoted to its sources.

Protected people and confidential sources never appear by name, whoever asks: a dossier is a document
that is sent out, so it is masked for graph/access/masking.DOCUMENT_READER. A footnote says how many
confidential sources support a statement instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from graph.access.masking import DOCUMENT_READER, PROTECTED_PERSON, person_name, shown
from graph.dossier.model import (AnnexSource, CaseRole, Counts, DatedEvent, Designation, Dossier, Extent, Footnote, Header,
                                 Identity, NameEntry, Position, PostHolder, SanctionsSection, Tally, ViolationEntry)
from graph.dossier.queries import read_holders_tx, read_official_tx, read_sources_tx
from graph.evidence.grades import EvidenceThreshold
from graph.store.db import Graph
from graph.store.language import current, ngettext
from graph.store.language import gettext as _
from graph.store.names import CYRILLIC
from graph.store.schema import SCHEMA


class NotAnOfficial(LookupError):
    """No official has that uid."""


def _iso(value: str | None, precision: str | None) -> str | None:
    """An ISO date only as precisely as it is known (ISO 8601's own reduced forms): 1965, 2014-03, 2014-03-14."""
    if not value or precision not in ("year", "month"):
        return value
    return value[:4] if precision == "year" else value[:7]


@dataclass
class _Citations:
    """Numbers footnotes in document order and annex sources in order of first citation."""
    sources: dict[str, dict]
    threshold: EvidenceThreshold
    footnotes: list[Footnote] = field(default_factory=list)
    annex: dict[str, int] = field(default_factory=dict)
    confidential: set[str] = field(default_factory=set)
    numbers: dict[tuple, int] = field(default_factory=dict)
    omitted: int = 0

    def cite(self, uids: list[str], review: str | None = "verified") -> int | None | bool:
        """The footnote number; None when no source was recorded; False when the threshold leaves it out
        (its sources are graded too low, or it is not verified and only verified statements are wanted)."""
        if not self.threshold.admits_statement(review):
            self.omitted += 1
            return False
        known = [self.sources[u] for u in dict.fromkeys(uids) if u in self.sources]
        admitted = [s for s in known if self.threshold.admits(s["reliability"], s["credibility"])]
        if self.threshold.active and not admitted:
            self.omitted += 1
            return False
        if not admitted:
            return None
        public = tuple(sorted(self._annex_number(s["uid"]) for s in admitted if not s["confidential"]))
        secret = [s["uid"] for s in admitted if s["confidential"]]
        self.confidential.update(secret)
        key = (public, len(secret))
        if key not in self.numbers:  # statements resting on the very same sources share one note
            self.numbers[key] = len(self.footnotes) + 1
            self.footnotes.append(Footnote(self.numbers[key], public, len(secret), _note_text(public, len(secret))))
        return self.numbers[key]

    def kept(self, uids: list[str]) -> int | None:
        """The footnote of a statement the dossier always shows (who the official is, a designation): None,
        the "[no source recorded]" mark, when no source of it is recorded (or admitted); never left out."""
        omitted = self.omitted
        number = self.cite(uids)
        if number is False:
            self.omitted = omitted
            return None
        return number

    def _annex_number(self, uid: str) -> int:
        return self.annex.setdefault(uid, len(self.annex) + 1)

    def annex_entries(self) -> tuple[AnnexSource, ...]:
        return tuple(_annex_source(n, self.sources[u]) for u, n in self.annex.items())


def _note_text(public: tuple[int, ...], secret: int) -> str:
    parts = []
    if public:
        parts.append(_("Annex %(sources)s.", sources=", ".join(f"A{n}" for n in public)))
    if secret:
        parts.append(ngettext("%(num)d confidential source supports this statement.",
                              "%(num)d confidential sources support this statement.", secret))
    return " ".join(parts)


def _annex_source(number: int, s: dict) -> AnnexSource:
    return AnnexSource(number, s["uid"], s["title"] or s["uid"], s["kind"],
                       _iso(s["published_on"], s.get("published_on_precision")),
                       _iso(s["captured_on"], s.get("captured_on_precision")), s["reliability"], s["credibility"],
                       s["url"], s["archived_copy"], s["sha256"])


def get_dossier(graph: Graph, uid: str, *, threshold: EvidenceThreshold = EvidenceThreshold(),
                prepared_by: str = "Evidence Graph") -> Dossier:
    """Build the dossier of the official ``uid`` (NotAnOfficial if there is none)."""
    raw = graph.read(read_official_tx, uid)
    if raw is None or raw["person"].get("protected"):
        raise NotAnOfficial(uid)
    cites = _Citations(graph.read(read_sources_tx, _all_source_uids(raw)), threshold)
    sanctions = _sanctions(raw["sanctions"], cites)       # section 1: its notes come first
    identity = _identity(raw["person"], raw.get("twins") or [], raw["identity_sources"], cites)
    positions = tuple(p for p in (_position(r, cites) for r in raw["positions"]) if p)
    cases = tuple(c for c in (_case(r, cites) for r in raw["cases"]) if c)
    kept = [(r, n) for r, n in ((r, cites.cite(r["sources"], r.get("review"))) for r in raw["violations"])
            if n is not False]
    violations = tuple(_violation(r, n) for r, n in kept)
    responsibility = _responsibility(graph, uid, raw, [r for r, _note in kept], {c.uid for c in cases}, cites)
    extent = _extent(raw, len(cases), len(violations))
    # a dossier listing only its first rows counts the whole record; the sources are those of the rows listed
    whole = ((len(cases), _victims(raw, kept, cases), len(violations)) if extent is None else
             (extent.cases_total, raw["summary"]["victims"], extent.violations_total))
    counts = Counts(*whole, len(cites.annex) + len(cites.confidential), len(cites.confidential), cites.omitted)
    header = Header(_("Dossier: %(name)s", name=identity.name), (raw["as_of"] or "")[:10],
                    datetime.now(timezone.utc).replace(microsecond=0).isoformat(), prepared_by,
                    threshold.describe(), counts, current())   # describe(): in the language spoken
    return Dossier(header, identity, positions, cases, violations, responsibility, sanctions,
                   tuple(cites.footnotes), cites.annex_entries(), extent=extent)


def _extent(raw: dict, cases: int, violations: int) -> Extent | None:
    """None when the dossier lists the whole record; else how much it lists, with the summaries of the rest."""
    summary, totals = raw.get("summary"), raw.get("totals") or {}
    if not summary:
        return None
    uid = raw["person"]["uid"]

    def tallies(rows):
        return tuple(Tally(r["label"], r["count"], _iso(r["first"], None), _iso(r["last"], None)) for r in rows)
    return Extent(totals["cases"], totals["violations"], cases, violations, tallies(summary["by_court"]),
                  tallies(summary["by_kind"]), (f"/entity/{uid}/cases.csv", f"/entity/{uid}/violations.csv"))


def _all_source_uids(raw: dict) -> list[str]:
    uids = set(raw["identity_sources"])
    uids.update(u for t in raw.get("twins") or [] for u in t.get("sources") or [])
    for key in ("positions", "cases", "violations", "sanctions"):
        for row in raw[key]:
            uids.update(row["sources"])
    return sorted(uids)


def _script(text: str) -> str:
    return "Cyrillic" if CYRILLIC.search(text) else "Latin"


def _identity(p: dict, twins: list[dict], sources: list[str], cites: _Citations) -> Identity:
    """Who the official is, every row footnoted to the record it comes from: the official's own (its
    EVIDENCED_BY), and for a name only a record judged to be them gives (a list's own spelling), that record's."""
    note = cites.kept(sources)
    entries, seen = [], set()
    for kind, values in (("name", [p.get("name")]), ("English", [p.get("name_en")]), ("Russian", [p.get("name_ru")]),
                         ("Ukrainian", [p.get("name_uk")]), ("alias", p.get("aliases") or [])):
        for value in values:
            if value and value not in seen:
                seen.add(value)
                entries.append(NameEntry(kind, _script(value), value, note))
    for twin in twins:
        names = [twin.get(k) for k in ("name", "name_en", "name_ru", "name_uk")] + list(twin.get("aliases") or [])
        fresh = [n for n in dict.fromkeys(names) if n and n not in seen]
        twin_note = cites.kept(twin.get("sources") or []) if fresh else None
        for value in fresh:
            seen.add(value)
            entries.append(NameEntry("alias", _script(value), value, twin_note))
    return Identity(p["uid"], p.get("name") or p["uid"], tuple(entries),
                    _iso(p.get("birth_date"), p.get("birth_date_precision")), p.get("birth_place"),
                    p.get("gender"), tuple(p.get("citizenship") or ()), tuple(p.get("identifiers") or ()),
                    p.get("rank"), note)


def _position(r: dict, cites: _Citations) -> Position | None:
    note = cites.cite(r["sources"], r.get("review"))
    if note is False:
        return None
    return Position(r["title"] or _("post"), r["org"] or "", r["kind"], _iso(r["since"], r.get("since_precision")),
                    _iso(r["until"], r.get("until_precision")), tuple(r["chain"]), note)


def _case(r: dict, cites: _Citations) -> CaseRole | None:
    note = cites.cite(r["sources"], r.get("review"))
    if note is False:
        return None
    part = SCHEMA.case_parts.get(r["type"])
    role = _(part) if part else _("official")
    if r["role"] and r["role"] != (part or "official"):
        role = f"{role} ({r['role']})"
    defendants = tuple(d or shown(PROTECTED_PERSON) for d in r["defendants"])  # nulled in Cypher when protected
    return CaseRole(r["uid"], r["name"], r["number"], tuple(r["articles"]), role, r["court"],
                    _iso(r["opened_on"], r.get("opened_on_precision")),
                    _iso(r["verdict_on"], r.get("verdict_on_precision")), r["sentence"], defendants, note)


def _violation(r: dict, note: int | None) -> ViolationEntry:
    victims = tuple(v or shown(PROTECTED_PERSON) for v in r["victims"])
    return ViolationEntry(r["uid"], r["kind"], r["name"], _iso(r["date"], r.get("date_precision")), r["description"],
                          r["role"], r["site"],
                          r["case_name"], victims, tuple(r["legal_norms"]), note)


def _victims(raw: dict, kept: list, cases: tuple[CaseRole, ...]) -> int:
    uids = {u for r, _note in kept for u in r["victim_uids"]}
    case_uids = {c.uid for c in cases}
    uids.update(u for r in raw["cases"] if r["uid"] in case_uids for u in r["defendant_uids"])
    return len(uids)


def _events(raw: dict, violations: list[dict], case_uids: set[str]) -> list[dict]:
    """Each dated violation and verdict, with the organisations whose post holders matter on that date."""
    own = raw["positions"]
    events = []
    for v in violations:
        if v["date"]:
            orgs = {v["court_uid"], v["runner_uid"]} | {p["org_uid"] for p in own if _held_on(p, v["date"])}
            events.append({"key": f"v:{v['uid']}", "date": v["date"], "orgs": sorted(o for o in orgs if o),
                           "case": v["case_uid"], "runner": v["runner_uid"], "site": v["site"],
                           "event": v["name"], "precision": v.get("date_precision")})
    for c in raw["cases"]:
        if c["verdict_on"] and c["uid"] in case_uids and c["court_uid"]:
            events.append({"key": f"c:{c['uid']}", "date": c["verdict_on"], "orgs": [c["court_uid"]],
                           "case": c["uid"], "runner": None, "site": None,
                           "event": _("Verdict in %(case)s", case=c["name"]), "precision": c.get("verdict_on_precision")})
    return sorted(events, key=lambda e: (e["date"], e["event"]))


def _held_on(position: dict, day: str) -> bool:
    return (not position["since"] or position["since"] <= day) and (not position["until"] or position["until"] >= day)


def _responsibility(graph: Graph, uid: str, raw: dict, violations: list[dict], case_uids: set[str],
                    cites: _Citations) -> tuple[DatedEvent, ...]:
    events = _events(raw, violations, case_uids)
    if not events:
        return ()
    rows = graph.read(read_holders_tx, uid, [{k: e[k] for k in ("key", "date", "orgs", "case", "runner", "site")}
                                             for e in events], raw.get("uids"))
    missing = sorted({s for r in rows for s in r["sources"]} - set(cites.sources))
    if missing:
        cites.sources.update(graph.read(read_sources_tx, missing))
    by_key: dict[str, list[dict]] = {}
    for r in rows:
        by_key.setdefault(r["key"], []).append(r)
    own = set(raw.get("uids") or [uid])
    return tuple(DatedEvent(_iso(e["date"], e["precision"]), e["event"], _holders(by_key.get(e["key"], []), own, cites))
                 for e in events)


def _holders(rows: list[dict], own: set[str], cites: _Citations) -> tuple[PostHolder, ...]:
    """The post holders of one event, footnoted in document order (those below the threshold left out)."""
    out = []
    for r in rows:
        note = cites.cite(r["sources"])
        if note is not False:
            person = person_name(r["person"], r["protected"], DOCUMENT_READER)   # in the language spoken
            title = r["title"] or _("post")
            out.append(PostHolder(f"{title}, {r['org']}", person,
                                  _iso(r["since"], r.get("since_precision")), _iso(r["until"], r.get("until_precision")),
                                  r["person_uid"] in own, note))
    return tuple(out)


def _sanctions(rows: list[dict], cites: _Citations) -> SanctionsSection:
    designations = tuple(Designation(r["authority"], r["programme"], _iso(r["listed_on"], r.get("listed_on_precision")),
                                     r["reference"], r["name"], cites.kept(r.get("sources") or []))
                         for r in rows)
    listed = tuple(sorted({d.authority for d in designations}))
    return SanctionsSection(designations, listed, tuple(a for a in SCHEMA.sanctioning_authorities if a not in listed))
