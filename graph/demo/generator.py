"""A seeded, deterministic generator of FICTIONAL demo data shaped like the real problem: detainees,
officials, courts, cases, sites, violations, sources and sanctions, every claim footnoted to a source."""
from __future__ import annotations

import json
import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from typing import Callable, Iterator

from graph.demo import names as T
from graph.store.records import NodeRecord, RelRecord, WriteResult, make_uid
from graph.store.writer import record_batch, write_records

FICTION = "(fictional demo)"
PERSON_NOTE = "Fictional person generated for the demo; any resemblance to a real person is coincidental."
END = date(2025, 11, 30)
CHUNK = 5000                 # detainees per chunk of iter_generate: keeps memory bounded for huge sizes
BUSY_JUDGE_UID = make_uid("demo", "official", 0)   # the most-assigned judge, Southern District Military Court
BUSY_JUDGE_NAME = "Gennadii Viktorovich Kurganov"
BUSY_JUDGE_ODDS = (0.85, 0.4)  # he sits on 85% of that court's panels and 40% of its one-judge cases
ZIPF = 0.7                   # skew of who gets the work within one post
MAX_HEADS = 5                # successive heads per site; later officials posted there are deputies
Term = tuple[str, date, date | None]   # (slot, since, until)


@dataclass(frozen=True)
class DemoSize:
    detainees: int = 240
    officials: int | None = None   # default: about detainees/2, at least 40
    seed: int = 2014

    @property
    def n_officials(self) -> int:
        return self.officials if self.officials is not None else max(40, self.detainees // 2)

    @property
    def batch_uid(self) -> str:
        return f"demo-{self.seed}-{self.detainees}"


def _uid(kind: str, *key: object) -> str:
    return make_uid("demo", kind, *key)


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """rng.randint without its overhead: it runs millions of times for big sizes."""
    return lo + int(rng.random() * (hi - lo + 1))


def _between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=_ri(rng, 0, max(0, (hi - lo).days)))


class _Weighted:
    """A fixed weighted choice: bisect on cumulative weights, O(log n) per draw."""

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass(eq=False)
class _Official:
    idx: int
    uid: str
    role: str
    name: str
    load: int = 0        # cases and violations so far: the busiest get sanctioned


@dataclass
class _Pool:
    """Officials of one post, drawn Zipf-like in the order they joined, so a few do most of the work."""
    members: list = field(default_factory=list)   # (official, since, until)
    cum: list = field(default_factory=list)

    def finish(self, skip_first: bool = False) -> None:
        weights = [1.0 / (k + 1) ** ZIPF for k in range(len(self.members))]
        if skip_first and len(weights) > 1:   # the busy judge is assigned on purpose, never drawn
            weights[0] = 0.0
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random, on: date, n: int = 1) -> list[_Official]:
        out: list[_Official] = []
        for _ in range(8 * n):   # a few draws among those in post that day; never a scan
            off, since, until = self.members[bisect(self.cum, rng.random() * self.cum[-1])]
            if off not in out and since <= on and (until is None or on < until):
                out.append(off)
                if len(out) == n:
                    break
        return out


@dataclass(eq=False)
class _Case:
    uid: str
    ctype: str
    region: str
    court: str
    raid: date
    opened: date
    verdict: date | None
    size: int
    number: str
    joined: int = 0
    source: str = ""
    judges: list = field(default_factory=list)
    prosecutors: list = field(default_factory=list)
    investigators: list = field(default_factory=list)


@dataclass(eq=False)
class _Victim:
    uid: str
    name: str
    region: str
    case: _Case | None
    status: str = ""
    detained: date = END
    evid: list = field(default_factory=list)    # uids of the sources behind claims about this person
    path: list = field(default_factory=list)    # (site, since, until)


class _Demo:
    """The generator's state; records collect in ``nodes``/``rels`` until ``flush``."""

    def __init__(self, size: DemoSize):
        self.size, self.rng = size, random.Random(size.seed)
        self.nodes: list[NodeRecord] = []
        self.rels: list[RelRecord] = []
        self.staff_list: list[_Official] = []
        self.pools: dict[tuple[str, str], _Pool] = defaultdict(_Pool)
        self.role_pools: dict[str, list[_Pool]] = defaultdict(list)
        self.posted: dict[str, list[_Official]] = defaultdict(list)      # site -> officials posted there
        self.heads: dict[str, list[tuple[date, _Official]]] = {}         # site -> successive heads
        self.orgs: dict[str, tuple[str, str]] = {}                       # key -> (name, region)
        self.sites: dict[str, tuple[str, str, str, str]] = {}            # key -> (kind, region, name, run by)
        self.cited: dict[tuple, str] = {}                                # shared sources, made on first use
        self.reports: dict[int, str] = {}
        self.open_cases: dict[tuple[str, str], _Case] = {}
        self.numbers: dict[int, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.w = {"region": _Weighted(T.REGIONS), "rel": _Weighted(T.RELIABILITY), "cred": _Weighted(T.CREDIBILITY),
                  "auth": _Weighted(T.AUTHORITIES), "own": _Weighted(T.OWN_SOURCES)}
        self.w_years = {r: _Weighted(list(zip(T.YEARS, ws))) for r, ws in T.YEAR_WEIGHTS.items()}
        self.w_mix = {k: _Weighted(v) for k, v in T.CASE_MIX.items()}
        self.w_slots = {role: _Weighted(slots) for role, slots in T.SLOTS.items()}
        self.w_fate = {k: _Weighted(v) for k, v in T.FATES.items()}

    # -- record helpers ------------------------------------------------------------------------------------
    def node(self, label: str, uid: str, props: dict, extra: tuple[str, ...] = ()) -> str:
        self.nodes.append(NodeRecord(label, uid, {k: v for k, v in props.items() if v is not None}, extra))
        return uid

    def rel(self, rtype: str, a_label: str, a: str, b_label: str, b: str, key: str = "", **props) -> None:
        self.rels.append(RelRecord(rtype, a_label, a, b_label, b, props, key=key))

    def flush(self) -> tuple[list[NodeRecord], list[RelRecord]]:
        out = (self.nodes, self.rels)
        self.nodes, self.rels = [], []
        return out

    def source(self, key: tuple, kind: str, title: str, published: date, reliability: str | None = None,
               credibility: str | None = None, confidential: bool = False) -> str:
        rng = self.rng
        sha = f"{rng.getrandbits(256):064x}"
        props = dict(name=f"{title} {FICTION}", kind=kind, published_on=published, sha256=sha,
                     captured_on=min(END, published + timedelta(days=_ri(rng, 0, 60))),
                     size=_ri(rng, 20_000, 9_000_000), media_type=T.MEDIA_TYPES[kind], confidential=confidential,
                     reliability=reliability or self.w["rel"].pick(rng),
                     credibility=credibility or self.w["cred"].pick(rng))
        if not confidential:   # a confidential testimony has no public address
            props["url"] = f"https://example.org/demo/{kind.replace('_', '-')}/{sha[:12]}"
            if rng.random() < 0.5:
                props["archived_copy"] = f"https://archive.example.org/demo/{sha[:16]}"
        return self.node("Source", _uid("source", *key), props)

    def shared(self, key: tuple, kind: str, title: str, published: date, reliability: str, credibility: str) -> str:
        """A source many claims cite (staff lists, sanctions lists), created the first time it is needed."""
        if key not in self.cited:
            self.cited[key] = self.source(key, kind, title, published, reliability, credibility)
        return self.cited[key]

    def evidence(self, label: str, uid: str, sources: list[str], quote: str) -> None:
        for s in sources:
            page = _ri(self.rng, 1, 60)
            self.rel("EVIDENCED_BY", label, uid, "Source", s, pages=f"{page}-{page + _ri(self.rng, 0, 4)}", quote=quote)

    def cited_by(self, label: str, uid: str, sources: list[str], criterion: str | None = None) -> None:
        """The sources of a record's facts (or, with ``criterion``, of one PACE criterion of a detainee); drawing
        nothing from the random generator, so the rest of the demo stays as it was for a seed."""
        for s in dict.fromkeys(sources):
            props = {"criterion": criterion} if criterion else {}
            self.rel("EVIDENCED_BY", label, uid, "Source", s, key=f"pace-{criterion}" if criterion else "", **props)

    # -- organisations, sites, yearly reports ------------------------------------------------------------------
    def static(self) -> None:
        for year in T.YEARS:   # first: they are the sources of who runs what (the order draws nothing at random)
            self.reports[year] = self.source(("report", year), "ngo_report",
                                             f"Monitoring report on political prisoners and hostages, {year}",
                                             min(END, date(year, 12, 20)), "B", "2")
        for key, kind, region, loc, parent, name, uk, ru in T.ORGS:
            self.org(key, kind, region, loc, parent, (name, uk, ru))
        for key, region, loc, parent, name, uk, ru in T.COURTS:
            self.org(key, "court", region, loc, parent, (name, uk, ru), extra=("Court",))
        for key, kind, region, loc, lat, lon, run_by, name, uk, ru in T.SITES:
            self.sites[key] = (kind, region, name, run_by)
            props = dict(name=name, name_uk=uk, name_ru=ru, kind=kind, location=loc, region=region, latitude=lat,
                         longitude=lon)
            self.node("DetentionSite", _uid("site", key), props)
            self.rel("RUN_BY", "DetentionSite", _uid("site", key), "Organization", _uid("org", run_by),
                     source_uids=[self.reports[T.YEARS[-1]]])

    def org(self, key: str, kind: str, region: str, loc: str, parent: str | None, names: tuple[str, str, str],
            extra: tuple[str, ...] = ()) -> None:
        self.orgs[key] = (names[0], region)
        self.node("Organization", _uid("org", key), dict(name=names[0], name_uk=names[1], name_ru=names[2], kind=kind,
                                                         region=region, location=loc,
                                                         jurisdiction=T.JURISDICTION[region]), extra)
        if parent:
            self.rel("PART_OF", "Organization", _uid("org", key), "Organization", _uid("org", parent),
                     source_uids=[self.reports[T.YEARS[-1]]])

    # -- officials, their posts and sanctions ------------------------------------------------------------------
    def roles(self) -> list[str]:
        n = self.size.n_officials
        others = [r for r, spec in T.ROLES.items() if r != "judge" for _ in range(max(spec[1], round(spec[0] * n)))]
        rest = ["judge"] * (max(T.ROLES["judge"][1], n - len(others)) - 1) + others
        self.rng.shuffle(rest)   # mix roles over indexes; official 0 is always the busy judge
        return ["judge"] + rest

    def officials(self) -> None:
        taken: dict[str, int] = defaultdict(int)
        for idx, role in enumerate(self.roles()):
            j, taken[role] = taken[role], taken[role] + 1
            slots = T.SLOTS[role]   # every post is filled once before the weights decide
            self.staff_list.append(self.official(idx, role, slots[j][0] if j < len(slots) else
                                                 self.w_slots[role].pick(self.rng)))
        self.appoint_heads()
        for (role, slot), pool in self.pools.items():
            pool.finish(skip_first=(role, slot) == ("judge", "sdmc"))
            self.role_pools[role].append(pool)

    def official(self, idx: int, role: str, slot: str) -> _Official:
        rng = self.rng
        female = idx > 0 and rng.random() < T.ROLES[role][2]
        names = _names(*T.BUSY_JUDGE, female=False, official=True) if idx == 0 else _names(
            rng.choice(T.FEMALE if female else T.MALE), rng.choice(T.SURNAMES_RU), rng.choice(T.PATRONYMICS),
            female=female, official=True)
        off = _Official(idx, _uid("official", idx), role, names["name"])
        region = self.sites[slot][1] if role == "head" else self.orgs[slot][1]
        self.node("Person", off.uid, dict(
            names, gender="female" if female else "male", rank=rng.choice(T.ROLES[role][4]), notes=PERSON_NOTE,
            birth_date=date(1967, 3, 14) if idx == 0 else _between(rng, date(1955, 1, 1), date(1984, 12, 31)),
            citizenship=["RU", "UA"] if region in ("crimea", "donetsk") else ["RU"]), ("Official",))
        if role == "head":
            self.posted[slot].append(off)   # terms are laid out once all of a site's staff is known
        else:
            self.career(off, slot)
        return off

    def career(self, off: _Official, slot: str) -> None:
        rng = self.rng
        terms: list[Term]
        if off.idx == 0:
            terms = [(slot, date(2011, 9, 1), None)]
        elif rng.random() < 0.25:   # moved posts: an earlier post elsewhere in the same service
            switch = _between(rng, date(2012, 1, 1), date(2023, 12, 31))
            prev = next((s for s in (self.w_slots[off.role].pick(rng) for _ in range(5)) if s != slot), None)
            terms = [(slot, switch, None)]
            if prev:
                terms.insert(0, (prev, switch - timedelta(days=_ri(rng, 700, 3000)), switch))
        else:
            terms = [(slot, _between(rng, date(2004, 1, 1), date(2014, 6, 1)), None)]
        if off.idx and rng.random() < 0.08:   # left the service
            s, since, _ = terms[-1]
            terms[-1] = (s, since, _between(rng, max(since, date(2019, 1, 1)), END))
        for k, (s, since, until) in enumerate(terms):
            self.hold(off, s, s, rng.choice(T.ROLES[off.role][3]), since, until, k)

    def hold(self, off: _Official, slot: str, org: str, title: str, since: date, until: date | None, k: int) -> None:
        self.pools[(off.role, slot)].members.append((off, since, until))
        roster = self.shared(("roster", org), "official_statement", f"Staff list of the {self.orgs[org][0]}",
                             _between(self.rng, date(2015, 1, 1), END), "B", "2")
        self.rel("HOLDS_POSITION", "Person", off.uid, "Organization", _uid("org", org), key=str(k), title=title,
                 since=since, until=until, source_uids=[roster])
        self.cited_by("Person", off.uid, [roster])   # the staff list is also the source of who the official is

    def appoint_heads(self) -> None:
        """Successive heads of each site split 2014-today; the rest serve as deputies."""
        for site, offs in self.posted.items():
            _, _, name, org = self.sites[site]
            heads, deputies = offs[:MAX_HEADS], offs[MAX_HEADS:]
            starts = [_between(self.rng, date(2008, 1, 1), date(2014, 1, 1))]
            starts += sorted(_between(self.rng, date(2014, 6, 1), END) for _ in heads[1:])
            for k, off in enumerate(heads):
                until = starts[k + 1] if k + 1 < len(heads) else None
                self.hold(off, site, org, f"Head of {name}", starts[k], until, 0)
            self.heads[site] = list(zip(starts, heads))
            for off in deputies:
                self.hold(off, site, org, f"Deputy head of {name}", _between(self.rng, date(2008, 1, 1), END), None, 0)

    def staff(self, role: str, slot: str, on: date, n: int = 1) -> list[_Official]:
        """Who held that post that day, busy ones first; else someone of the role (a site's own staff only)."""
        pool = self.pools.get((role, slot))
        found = pool.pick(self.rng, on, n) if pool else []
        if not found and role != "head":   # nobody in post that day: borrow one, or the post's first holder
            other = self.rng.choice(self.role_pools[role])
            found = other.pick(self.rng, on, n) or [(pool or other).members[0][0]]
        return found

    def head(self, site: str, on: date) -> _Official | None:
        terms = self.heads.get(site) or []
        k = bisect([since for since, _ in terms], on) - 1
        return terms[k][1] if k >= 0 else None

    def sanctions(self) -> None:
        """Sanction the busiest officials by some authorities, never all of them; most others by none."""
        ranked = sorted(self.staff_list, key=lambda o: (-o.load, o.idx))
        for pos, off in enumerate(ranked):
            auths: list[str] = []
            if off.idx == 0:
                auths = ["UA", "UK", "CA"]   # the busiest judge: not (yet) by the EU or the US, the "gap"
            elif self.rng.random() < (0.85 if pos < len(ranked) * 0.1 else 0.45 if pos < len(ranked) * 0.3
                                      else 0.06 if off.load else 0.02):
                for _ in range(self.rng.choice([1, 1, 2, 2, 3, 4])):
                    a = self.w["auth"].pick(self.rng)
                    auths += [a] if a not in auths else []
            for a in auths:
                self.sanction(off, a)

    def sanction(self, off: _Official, auth: str) -> None:
        rng = self.rng
        programme, pattern = rng.choice(T.PROGRAMMES[auth])
        ref = pattern.format(a=_ri(rng, 1000, 9999), b=_ri(rng, 10, 99), c=_ri(rng, 10000, 99999),
                             d=f"{_ri(rng, 1, 9999):04d}")
        uid = self.node("Sanction", _uid("sanction", off.idx, auth), dict(
            name=f"{auth} designation of {off.name} {FICTION}", authority=auth, programme=programme, reference=ref,
            listed_on=_between(rng, date(2016, 3, 1), date(2025, 10, 31)),
            reason=f"Fictional designation generated for the demo: {T.ROLE_REASON[off.role]}."))
        self.rel("SUBJECT_OF", "Person", off.uid, "Sanction", uid)
        listing = self.shared(("list", auth), "sanctions_list", f"{auth} consolidated sanctions list (extract)",
                              date(2025, 10, 31), "A", "1")
        self.evidence("Sanction", uid, [listing], f"Entry {ref}: {off.name}.")

    # -- detainees and their cases -----------------------------------------------------------------------------
    def detainee(self, i: int) -> None:
        rng = self.rng
        region = self.w["region"].pick(rng)
        tatar = region == "crimea" and rng.random() < 0.40
        ctype = self.w_mix[(region, tatar)].pick(rng)
        female = ctype != "hizb" and rng.random() < 0.14
        names = _names(*self.name_parts(female, tatar), female=female)
        v = _Victim(_uid("detainee", i), names["name"], region, None)
        v.case = self.join_case(ctype, region, v.name) if ctype else None
        v.detained = self.detained_on(v.case, region)
        v.status, released, end = self.fate(v.case, v.detained)
        v.evid = [self.own_source(i, v) or self.reports[v.detained.year]] + ([v.case.source] if v.case else [])
        always, sometimes, reason = T.PACE[ctype]
        props = dict(
            names, gender="female" if female else "male", region=region, status=v.status, detained_on=v.detained,
            released_on=released, birth_date=v.detained - timedelta(days=_ri(rng, 20 * 365, 62 * 365)),
            birth_place=rng.choice(T.BIRTH_PLACES["tatar" if tatar else region]), notes=PERSON_NOTE,
            citizenship=["UA", "RU"] if region == "crimea" and rng.random() < 0.3 else ["UA"],
            ethnicity="Crimean Tatar" if tatar else "Ukrainian", pace_reasons=f"{reason}. {FICTION}")
        pace = sorted(set(always) | {c for c in sometimes if rng.random() < 0.5})   # drawn after the rest, as ever
        self.node("Person", v.uid, dict(props, pace_criteria=pace), ("Detainee",))
        self.cited_by("Person", v.uid, v.evid)            # the sources of the facts on the record
        for criterion in pace:                             # and of each PACE criterion it meets
            self.cited_by("Person", v.uid, v.evid, criterion)
        if v.case:
            self.rel("DEFENDANT_IN", "Person", v.uid, "Case", v.case.uid, source_uids=v.evid)
        v.path = self.held_at(v, end)
        if i % 24 == 7:   # a protected witness: a relative whose anonymous testimony backs the claims
            v.evid = v.evid + [self.relative(i, v, tatar)]
        self.violations(v)

    def name_parts(self, female: bool, tatar: bool) -> tuple:
        if tatar:
            return self.rng.choice(T.TATAR_FEMALE if female else T.TATAR_MALE), self.rng.choice(T.SURNAMES_TATAR)
        return self.rng.choice(T.FEMALE if female else T.MALE), self.rng.choice(T.SURNAMES_UA)

    def random_day(self, region: str) -> date:
        year = self.w_years[region].pick(self.rng)
        return _between(self.rng, max(date(year, 1, 1), T.REGION_START[region]), min(date(year, 12, 31), END))

    def join_case(self, ctype: str, region: str, defendant: str) -> _Case:
        """Group cases fill up over consecutive detainees of one type and region (one raid, one trial)."""
        case = self.open_cases.get((ctype, region))
        if case is None or case.joined >= case.size:
            case = self.open_cases[(ctype, region)] = self.new_case(ctype, region, defendant)
        case.joined += 1
        return case

    def new_case(self, ctype: str, region: str, defendant: str) -> _Case:
        rng = self.rng
        arts, lead, years, group, anon, label = T.CASE_TYPES[ctype]
        raid = self.random_day(region)
        due = raid + timedelta(days=_ri(rng, 300, 1100))
        verdict = due if due <= END and rng.random() < 0.92 else None
        opened = max(T.REGION_START[region], raid - timedelta(days=_ri(rng, 0, 150)))
        year = (verdict or opened).year
        self.numbers[year] += 1
        case = _Case(_uid("case", self.counts["case"]), ctype, region, rng.choice(_court_for(ctype, region)), raid,
                     opened, verdict, _ri(rng, *group), f"1-{self.numbers[year]}/{year}")
        self.counts["case"] += 1
        town = rng.choice(T.TOWNS if region == "crimea" else T.BIRTH_PLACES[region])
        years_given = round(rng.uniform(*years) * 2) / 2 if verdict else None
        self.node("Case", case.uid, dict(
            name=f"{town} {label} group ({case.number})" if case.size > 1 else
            f"{label[0].upper()}{label[1:]} case of {defendant}",
            number=case.number, articles=arts + (lead if case.size > 1 or rng.random() < 0.3 else []), region=region,
            opened_on=opened, verdict_on=verdict, anonymous_witnesses=_ri(rng, *anon), sentence_years=years_given,
            sentence=_sentence(years_given, case.size) if years_given else None))
        self.rel("HEARD_BY", "Case", case.uid, "Organization", _uid("org", case.court))
        self.case_source(case)
        self.case_staff(case)
        return case

    def case_source(self, case: _Case) -> None:
        court = self.orgs[case.court][0]
        if case.verdict:
            case.source = self.source(("case", case.uid), "court_decision",
                                      f"Verdict of the {court} in case {case.number}", case.verdict, "A",
                                      self.rng.choice("12"))
        else:
            case.source = self.source(("case", case.uid), "official_statement",
                                      f"Case card {case.number}, website of the {court}",
                                      min(END, case.opened + timedelta(days=60)), "B", "2")
        self.evidence("Case", case.uid, [case.source], f"Case no. {case.number} (fictional).")

    def case_staff(self, case: _Case) -> None:
        hearing = case.verdict or min(END, case.opened + timedelta(days=365))
        case.judges = self.judges(case, hearing)
        case.prosecutors = self.staff("prosecutor", T.PROSECUTION.get(case.court, "pr_crimea"), hearing)
        police_case = case.region == "crimea" and case.ctype in ("extremism", "weapons", "jw")
        slot = "ic_crimea" if police_case else T.INVESTIGATION[case.region]
        case.investigators = self.staff("investigator", slot, case.opened, self.rng.choice([1, 1, 2]))
        for rtype, offs, roles in (("JUDGE_IN", case.judges, ("presiding", "panel")),
                                   ("PROSECUTOR_IN", case.prosecutors, ("state prosecutor",) * 2),
                                   ("INVESTIGATOR_IN", case.investigators, ("lead investigator", "investigator"))):
            for k, off in enumerate(offs):
                off.load += 1
                self.rel(rtype, "Person", off.uid, "Case", case.uid, role=roles[min(k, 1)], source_uids=[case.source])

    def judges(self, case: _Case, hearing: date) -> list[_Official]:
        """One judge, or a panel of three at the military court, where the busy judge sits on most cases."""
        panel = case.court == "sdmc" and (case.size > 1 or case.ctype == "hizb")
        drawn = self.staff("judge", case.court, hearing, 3 if panel else 1)
        if case.court == "sdmc" and self.rng.random() < BUSY_JUDGE_ODDS[0 if panel else 1]:
            drawn = [self.staff_list[0]] + [j for j in drawn if j.idx != 0][:len(drawn) - 1]
        return drawn

    def detained_on(self, case: _Case | None, region: str) -> date:
        if case is None:
            return self.random_day(region)
        if case.joined > 1 and self.rng.random() < 0.2:   # arrested some time after the first raid
            later = case.raid + timedelta(days=_ri(self.rng, 1, 400))
            if later <= (case.verdict or END) - timedelta(days=60):
                return later
        return case.raid

    def fate(self, case: _Case | None, detained: date) -> tuple[str, date | None, date | None]:
        """Status, released_on, and the day detention ended (None while it goes on)."""
        status = self.w_fate["none" if case is None else "verdict" if case.verdict else "pending"].pick(self.rng)
        if status in ("detained", "convicted", "disappeared"):
            return status, None, None
        start = case.verdict if case and case.verdict else min(END, detained + timedelta(days=20))
        end = _between(self.rng, start, END)
        return status, end if status in ("released", "exchanged") else None, end

    def own_source(self, i: int, v: _Victim) -> str | None:
        rng = self.rng
        freed = v.status in ("released", "exchanged")
        if not freed and rng.random() >= 0.45:
            return None
        published = _between(rng, v.detained, END)
        if rng.random() < 0.04:   # a fellow inmate who speaks only anonymously
            return self.source(("detainee", i), "testimony", f"Testimony of an anonymous fellow inmate of {v.name}",
                               published, rng.choice("CDF"), rng.choice("2345"), confidential=True)
        kind = "testimony" if freed else self.w["own"].pick(rng)
        return self.source(("detainee", i), "testimony" if kind == "relative" else kind,
                           T.OWN_TITLES[kind].format(name=v.name), published)

    # -- detention and what was done there ---------------------------------------------------------------------
    def path(self, region: str, case: _Case | None, status: str) -> list[str]:
        """The sites a detainee passed through: arrest, pre-trial, military court in Rostov, colony in Russia."""
        rng, out = self.rng, []
        sentenced = status == "convicted" or (case is not None and case.verdict is not None and rng.random() < 0.5)
        for k, step in enumerate(T.PATHS[region]):
            site = rng.choice(step)
            if site == "colony":
                keep, site = sentenced and status != "detained", rng.choice(T.COLONIES)
            elif site == "sizo4_rostov" and region != "russia":
                keep = case is not None and case.court == "sdmc"
            else:
                keep = (region != "crimea" or rng.random() < 0.6) if k == 0 else (k == 1 or rng.random() < 0.6)
            if keep:
                out.append(site)
        return out[:1] if status == "disappeared" else out[-3:]

    def held_at(self, v: _Victim, end: date | None) -> list[Term]:
        rng, sites = self.rng, self.path(v.region, v.case, v.status)
        stop = end or END
        cuts = sorted(_between(rng, v.detained, stop) for _ in sites[1:])
        if cuts and self.sites[sites[0]][0] in ("temporary_detention", "unofficial"):   # first days only
            cuts[0] = min(cuts[0], v.detained + timedelta(days=_ri(rng, 2, 45)))
        if cuts and sites[-1] in T.COLONIES and v.case and v.case.verdict:              # colony after the verdict
            cuts[-1] = max(cuts[-1], min(stop, v.case.verdict + timedelta(days=_ri(rng, 20, 90))))
        starts, path = [v.detained] + cuts, []
        for k, site in enumerate(sites):
            until = starts[k + 1] if k + 1 < len(sites) else end
            self.rel("HELD_AT", "Person", v.uid, "DetentionSite", _uid("site", site), key=str(k), since=starts[k],
                     until=until, source_uids=v.evid)
            path.append((site, starts[k], until))
        return path

    def relative(self, i: int, v: _Victim, tatar: bool) -> str:
        rng = self.rng
        female = rng.random() < 0.6
        uid = self.node("Person", _uid("protected", i), dict(
            _names(*self.name_parts(female, tatar), female=female), gender="female" if female else "male",
            protected=True, citizenship=["UA"], ethnicity="Crimean Tatar" if tatar else "Ukrainian",
            notes="Fictional protected witness (a detainee's relative) generated for the demo."))
        src = self.source(("protected", i), "testimony", f"Testimony of protected witness W-{i}",
                          _between(rng, v.detained, END), rng.choice("BCDF"), rng.choice("2346"), confidential=True)
        self.evidence("Person", uid, [src], "Statement given on condition of anonymity (fictional).")
        ops = self.staff("fsb", rng.choice(T.OPERATIVES[v.region]), v.detained)
        self.violation(uid, f"a relative of {v.name}", "arbitrary_detention", v.detained, v.path[0][0], v.case,
                       _resp(ops, "direct"), [src])
        return src

    def violations(self, v: _Victim) -> None:
        """What was done to one detainee and by whom: the arresting operative, the site's head, the case's staff."""
        ops = self.staff("fsb", self.rng.choice(T.OPERATIVES[v.region]), v.detained)
        self.detention_violations(v, ops)
        if v.case:
            self.case_violations(v, v.case, ops)

    def add(self, v: _Victim, kind: str, when: date, site: str | None, resp: list) -> None:
        self.violation(v.uid, v.name, kind, min(when, END), site, v.case, resp, v.evid)

    def detention_violations(self, v: _Victim, ops: list[_Official]) -> None:
        rng, case = self.rng, v.case
        (first, _, until0), (last, since1, until1) = v.path[0], v.path[-1]
        inv, judges = (case.investigators, case.judges) if case else ([], [])
        if case is None or rng.random() < 0.35:
            self.add(v, "arbitrary_detention", v.detained, first, _resp(ops, "direct") + _resp(judges[:1], "complicit"))
        if rng.random() < (0.7 if self.sites[first][0] == "unofficial" else 0.3):
            when = min(until0 or END, v.detained + timedelta(days=_ri(rng, 0, 20)))
            self.add(v, "torture", when, first,
                     _resp(ops + inv[:1], "direct") + _resp([self.head(first, when)], "command"))
        moved = next(((s, since) for s, since, _ in v.path if self.sites[s][1] == "russia"), None)
        if moved and v.region != "russia" and rng.random() < 0.75:
            self.add(v, "transfer_to_russia", moved[1], moved[0],
                     _resp(ops, "direct") + _resp([self.head(*moved)], "complicit"))
        if rng.random() < (0.9 if v.status == "deceased" else 0.1):
            when = _between(rng, since1, until1 or END)
            self.add(v, "denial_of_medical_care", when, last, _resp([self.head(last, when)], "direct") +
                     _resp(self.staff("head", last, when), "complicit"))
        if v.status == "disappeared" or (case is None and rng.random() < 0.3):
            self.add(v, "enforced_disappearance", v.detained, first, _resp(ops, "direct"))
        if rng.random() < (0.3 if case is None else 0.08):
            self.add(v, "incommunicado_detention", v.detained + timedelta(days=1), first,
                     _resp(ops, "direct") + _resp([self.head(first, v.detained)], "command"))

    def case_violations(self, v: _Victim, case: _Case, ops: list[_Official]) -> None:
        rng = self.rng
        if rng.random() < 0.2:
            self.add(v, "forced_confession", v.detained + timedelta(days=_ri(rng, 1, 30)), v.path[0][0],
                     _resp(case.investigators, "direct") + _resp(ops, "complicit"))
        if case.ctype in ("hizb", "jw") and rng.random() < 0.9:
            self.add(v, "religious_persecution", max(case.opened, v.detained), None,
                     _resp(ops, "direct") + _resp(case.investigators + case.judges[:1], "complicit"))
        if case.verdict and rng.random() < 0.75:
            self.add(v, "unfair_trial", case.verdict, None, _resp(case.judges[:1], "direct") +
                     _resp(case.judges[1:] + case.prosecutors, "complicit"))

    def violation(self, victim: str, who: str, kind: str, when: date, site: str | None, case: _Case | None,
                  resp: list, evid: list[str]) -> None:
        rng = self.rng
        title, norms, quote = T.VIOLATIONS[kind]
        uid = _uid("violation", self.counts["violation"])
        self.counts["violation"] += 1
        where = f" at {self.sites[site][2]}" if site else ""
        self.node("Violation", uid, dict(name=f"{title} of {who}{where} ({when.year})", kind=kind, date=when,
                                         legal_norms=norms,
                                         description=f"{title} of {who}{where} on {when.isoformat()}. {FICTION}"))
        report = self.reports[when.year]
        sources = evid + ([report] if report not in evid and rng.random() < 0.3 else [])
        self.rel("AGAINST", "Violation", uid, "Person", victim, source_uids=sources)
        seen: set[str] = set()
        for off, role in resp:
            if off.uid not in seen:   # one claim per official; the first (strongest) role wins
                seen.add(off.uid)
                off.load += 1
                self.rel("RESPONSIBLE_FOR", "Person", off.uid, "Violation", uid, role=role,
                         source_uids=sources[:1] if rng.random() < 0.6 else sources)
        if case:
            self.rel("IN_CASE", "Violation", uid, "Case", case.uid)
        if site:
            self.rel("AT", "Violation", uid, "DetentionSite", _uid("site", site))
        self.evidence("Violation", uid, sources, f"{quote} (fictional)")


def _names(first: tuple, surname: tuple, patronymic: tuple | None = None, *, female: bool,
           official: bool = False) -> dict:
    """Latin, Ukrainian and Russian names plus other spellings: detainees the Ukrainian way, officials the Russian."""
    if female and surname[0].endswith(("v", "n")):
        surname = tuple(a + b for a, b in zip(surname, T.FEMININE))
    pat = ("", "", "") if patronymic is None else (patronymic[1::2] if female else patronymic[0::2])
    lat = 3 if official else 0

    def full(k: int, p: str) -> str:
        return " ".join(x for x in (first[k], p, surname[k]) if x)

    name = full(lat, pat[0])
    aliases = {f"{first[k]} {surname[k]}" for k in (0, 3, 4)} | {f"{surname[lat]} {first[lat]}"}
    return dict(name=name, name_uk=full(1, pat[1]), name_ru=full(2, pat[2]), aliases=sorted(aliases - {name}))


def _resp(officials: list, role: str) -> list[tuple[_Official, str]]:
    return [(o, role) for o in officials if o is not None]


def _court_for(ctype: str, region: str) -> list[str]:
    return T.COURT_FOR.get((ctype, region)) or T.COURT_FOR.get((ctype, "*")) or T.COURT_FOR[("*", region)]


def _sentence(years: float, defendants: int) -> str:
    regime = "general" if years < 4 else "strict"
    return f"{'up to ' if defendants > 1 else ''}{years:g} years in a {regime}-regime colony"


# -- public API ----------------------------------------------------------------------------------------------
def iter_generate(size: DemoSize = DemoSize()) -> Iterator[tuple[list[NodeRecord], list[RelRecord]]]:
    """The demo data in chunks: organisations and officials first, then CHUNK detainees at a time, sanctions
    last. Relationships point only at nodes of the same or an earlier chunk, so chunks can be written in turn."""
    demo = _Demo(size)
    demo.static()
    demo.officials()
    yield demo.flush()
    for i in range(size.detainees):
        demo.detainee(i)
        if (i + 1) % CHUNK == 0:
            yield demo.flush()
    demo.sanctions()   # last: who is busiest is known only now
    yield demo.flush()


def generate(size: DemoSize = DemoSize()) -> tuple[list[NodeRecord], list[RelRecord]]:
    """All nodes and relationships, deterministic for a seed."""
    nodes: list[NodeRecord] = []
    rels: list[RelRecord] = []
    for chunk_nodes, chunk_rels in iter_generate(size):
        nodes += chunk_nodes
        rels += chunk_rels
    return nodes, rels


def load_demo(graph, size: DemoSize = DemoSize(), progress: Callable[[int], None] | None = None) -> WriteResult:
    """Write the demo data chunk by chunk, every node linked to one ImportBatch ``demo-<seed>-<detainees>``."""
    started = datetime.now(timezone.utc)
    batch = {"name": "Fictional demo data", "format": "demo", "started_at": started,
             "file_name": f"graph/demo/generator.py (seed {size.seed}, {size.detainees} detainees)"}
    record_batch(graph, size.batch_uid, batch)
    total = WriteResult()
    for nodes, rels in iter_generate(size):
        part = write_records(graph, nodes, rels, batch_uid=size.batch_uid, progress=progress)
        total.nodes += part.nodes
        total.relationships += part.relationships
        for label, n in part.by_label.items():
            total.by_label[label] += n
        for rtype, n in part.by_type.items():
            total.by_type[rtype] += n
    record_batch(graph, size.batch_uid, dict(batch, counts=json.dumps(total.as_dict(), sort_keys=True),
                                             finished_at=datetime.now(timezone.utc)))
    return total
