"""Is this the same person (organisation, court)? Scores for pairs of records.

Persons: OpenSanctions' nomenklatura ``logic-v2`` (what yente matches sanctions data with) over
FollowTheMoney proxies carrying every name in every script, the birth date, nationality, position and
identifiers; then the rules a human reviewer applies here, which the algorithm does not know: two
patronymics that differ, two given names that differ, or two birth dates that cannot both be true are
strong evidence of two people, whatever the surname says. Organisations and courts: their names
normalised the way court names vary ("Kyiv District Court of Simferopol", "Kyiv district court,
Simferopol", "Киевский районный суд г. Симферополя" are one court).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from graph.store.language import N_, gettext
from graph.store.names import skeleton, transliterations, words
from graph.store.plain import plain

ALGORITHM = "logic-v2"
NAME_FIELDS = ("name", "name_en", "name_ru", "name_uk")
PATRONYMIC = re.compile(r"(ovich|evich|ovych|evych|ovic|evic|ich|ovna|evna|ivna|ovnа|ichna|yivna|ievna)$")
DATE_IN_TEXT = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{4}")


@dataclass(frozen=True)
class Score:
    value: float
    reasons: tuple[str, ...]          # in words a reviewer reads


def names_of(p: dict) -> tuple[str, ...]:
    values = [p.get(k) for k in NAME_FIELDS] + list(p.get("aliases") or [])
    return tuple(dict.fromkeys(v for v in values if v))


@lru_cache(maxsize=1)
def _algorithm():
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    return get_algorithm(ALGORITHM), ScoringConfig.defaults()


_warm_lock = threading.Lock()
_warm: list[bool] = []


def warm_up() -> None:
    """Load the algorithm and let it build its name tables (several seconds, once a process)."""
    with _warm_lock:
        if _warm:
            return
        algorithm, config = _algorithm()
        algorithm.compare(proxy("warm-a", {"name": "Ivan Petrov"}), proxy("warm-b", {"name": "Иван Петров"}),
                          config)
        _warm.append(True)


def proxy(uid: str, p: dict, positions: list[str] | None = None):
    from followthemoney import model

    entity = model.make_entity("Person")
    entity.id = uid
    names = names_of(p)
    entity.add("name", names[:1])
    entity.add("alias", names[1:])
    born = plain(p.get("birth_date"))
    if born and p.get("birth_date_precision") in ("year", "month"):   # FtM's prefix dates: 1954, 1954-01
        born = str(born)[:4 if p["birth_date_precision"] == "year" else 7]
    entity.add("birthDate", born)
    entity.add("nationality", list(p.get("citizenship") or []), quiet=True)
    entity.add("position", [x for x in (positions if positions is not None else p.get("positions") or []) if x],
               quiet=True)
    return entity


# -- the parts of a person's name -------------------------------------------------------------------
def _surnames(p: dict) -> set[str]:
    """Words lists write in capitals (Viktor ZOLOTOV, GASPAROVYCH Serhii): surnames, whatever they end in."""
    out = set()
    for name in names_of(p):
        for word in name.split():
            if len(word) > 2 and word.isupper():
                out |= {skeleton(w) for latin in transliterations(word) for w in words(latin)}
    return out


def _name_words(p: dict) -> set[str]:
    """Every word of every name of the person as skeletons (any script, any transliteration)."""
    return {skeleton(w) for name in names_of(p) for latin in transliterations(name) for w in words(latin)
            if len(w) > 1}


def _is_patronymic(word: str) -> bool:
    return len(word) > 5 and bool(PATRONYMIC.search(word))


def _alike(a: str, b: str) -> bool:
    """Two spellings of one name word (Dimitri, Dmitrii; Vasilievich, Vasiliyevich)."""
    if a == b:
        return True
    if _is_patronymic(a) != _is_patronymic(b):      # Alexander is not Alexandrovich
        return False
    return a[:1] == b[:1] and SequenceMatcher(None, a, b).ratio() >= 0.75


def _conflict(mine: set[str], theirs: set[str]) -> bool:
    return bool(mine) and bool(theirs) and not any(_alike(a, b) for a in mine for b in theirs)


# -- birth dates --------------------------------------------------------------------------------------
def _dates(p: dict) -> list[tuple[date, str | None]]:
    """Every birth date the record allows: the date at its precision, and those its text names."""
    out = []
    value = p.get("birth_date")
    if value is not None:
        value = value.to_native() if hasattr(value, "to_native") else value
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value[:10])
            except ValueError:
                value = None
        if value is not None:
            out.append((value, p.get("birth_date_precision")))
    for text in DATE_IN_TEXT.findall(p.get("birth_date_as_written") or ""):
        try:
            if "." in text:
                d, m, y = (int(x) for x in text.split("."))
                out.append((date(y, m, d), None))
            elif "-" in text:
                out.append((date.fromisoformat(text), None))
            else:
                out.append((date(int(text), 1, 1), "year"))
        except ValueError:
            continue
    return out


def _same_day(a: tuple[date, str | None], b: tuple[date, str | None]) -> bool:
    (da, pa), (db, pb) = a, b
    coarsest = "year" if "year" in (pa, pb) else "month" if "month" in (pa, pb) else None
    if coarsest == "year":
        return da.year == db.year
    if coarsest == "month":
        return (da.year, da.month) == (db.year, db.month)
    return da == db


def birth_dates_conflict(a: dict, b: dict) -> bool | None:
    """True when both records give birth dates and none of one's fits any of the other's; None when a
    record gives none."""
    da, db = _dates(a), _dates(b)
    if not da or not db:
        return None
    return not any(_same_day(x, y) for x in da for y in db)


# -- reasons ------------------------------------------------------------------------------------------
# Reasons are stored in English with the candidate and said in the reader's language when shown.
SAME_NAMES = N_("the names say the same (%(words)s)")
SAME_NAMES_PREFIX = "the names say the same ("


def reason_words(reason: str) -> str:
    """A stored reason in the language spoken now ("same surname and first name": "те саме прізвище та ім'я")."""
    if reason.startswith(SAME_NAMES_PREFIX) and reason.endswith(")"):
        return gettext(SAME_NAMES, words=reason[len(SAME_NAMES_PREFIX):-1])
    return gettext(reason)


# -- persons ------------------------------------------------------------------------------------------
def score_persons(a: dict, b: dict) -> Score:
    """How likely two person records are one person, 0..1, with the reasons in words."""
    warm_up()
    algorithm, config = _algorithm()
    # logic-v2 compares a query with a candidate, and a query that says less asks less: the record with
    # fewer names and facts is the query (an official typed in as "Maksym Panin", against the list's entry)
    query, found = sorted((a, b), key=lambda p: (len(names_of(p)) + bool(p.get("birth_date")), p["uid"]))
    result = algorithm.compare(proxy(query["uid"], query), proxy(found["uid"], found), config)
    value = float(result.score)
    reasons = []
    all_a, all_b = _name_words(a), _name_words(b)
    shared = {w for w in all_a if any(_alike(w, x) for x in all_b)}
    shared_b = {w for w in all_b if any(_alike(w, x) for x in all_a)}
    # a word that ends like a patronymic is one, unless the list writes it in capitals (a surname)
    sur_a, sur_b = _surnames(a), _surnames(b)
    patr_a = {w for w in all_a if _is_patronymic(w) and w not in sur_a}
    patr_b = {w for w in all_b if _is_patronymic(w) and w not in sur_b}
    given_a, given_b = all_a - shared - patr_a, all_b - shared_b - patr_b
    if _conflict(patr_a, patr_b):
        value = min(value, 0.3)
        reasons.append(N_("patronymic differs"))
    elif patr_a and patr_b:
        reasons.append(N_("same patronymic"))
    # what is left of each name once the words they share are taken away: a surname or a first name the
    # other does not have ("TSOMA Nikolai" and "LYKOV Nikolay": not one person)
    if _conflict(given_a, given_b):
        value = min(value, 0.35)
        reasons.append(N_("surname or first name differs"))
    elif shared - patr_a:
        reasons.append(N_("same surname and first name") if len(shared - patr_a) > 1 else N_("same surname"))
    dates = birth_dates_conflict(a, b)
    if dates is True:
        value = min(value, 0.2)
        reasons.append(N_("birth dates differ"))
    elif dates is False:
        reasons.append(N_("same birth date"))
        value = max(value, min(0.95, value + 0.1)) if value >= 0.6 else value
    else:
        reasons.append(N_("no birth date on either record") if not _dates(a) and not _dates(b)
                       else N_("no birth date on one record"))
    ids_a, ids_b = set(a.get("identifiers") or ()), set(b.get("identifiers") or ())
    if ids_a & ids_b:
        value = max(value, 0.98)
        reasons.append(N_("same identifier"))
    return Score(round(value, 3), tuple(reasons))


# -- organisations and courts -------------------------------------------------------------------------------
# What court and office names say in Russian, Ukrainian and English: each spelling to one meaning.
_TERMS = {
    "court": "court суд суда суду",
    "district": "district районный районний районного окружной окружний",
    "city": "city municipal городской міський городского міського",
    "region": "regional oblast областной обласний краевой",
    "supreme": "supreme верховный верховний",
    "military": "military военный військовий",
    "garrison": "garrison гарнизонный гарнізонний",
    "appeal": "appeal apellate апелляционный апеляційний",
    "prosecutor": "prosecutor prosecutors прокуратура прокуратуры",
    "office": "office",
    "crimea": "crimea crimean krym крым крим крыма криму",
    "republic": "republic республики республіки республика",
    "central": "central центральный центральний",
}


def _term_keys() -> dict[str, str]:
    out = {}
    for meaning, spellings in _TERMS.items():
        for spelling in spellings.split():
            for latin in transliterations(spelling):
                for w in words(latin):
                    out[skeleton(w)] = meaning
    return out


ORG_TERMS = _term_keys()
STOP = {"of", "the", "in", "h", "m", "g", "hor", "horoda", "mista", "misto", "horod", "po", "and", "i", "v", "u"}
# Places whose names change form with grammar (Симферополь, Симферополя; Киевский, Kyiv): their stem.
STEM = 7


def _org_word(word: str) -> str:
    word = skeleton(word)
    if word in ORG_TERMS:
        return ORG_TERMS[word]
    if word.startswith(("kiev", "kiiv", "kiv")):     # Kyiv, Kiev, Киевский, Київський
        return "kyiv"
    # a place in another grammatical case (Симферополь, Симферополя; Sevastopol, Sevastopolia): its stem
    return word[:STEM] if len(word) >= 8 else word


@lru_cache(maxsize=65536)
def org_tokens(name: str) -> frozenset[str]:
    """A court's or office's name as comparable words: the terms translated, stop words gone, places stemmed."""
    out: set[str] = set()
    for latin in transliterations(name):
        for w in words(latin):
            if w in STOP or len(w) < 2:
                continue
            token = _org_word(w)
            if token not in STOP:
                out.add(token)
    return frozenset(out)


NUMBER = re.compile(r"\d+")


def _numbers(name: str) -> frozenset[str]:
    return frozenset(n.lstrip("0") or "0" for n in NUMBER.findall(name))


def score_orgs(a: dict, b: dict, weights: dict[str, float] | None = None) -> Score:
    """Two organisations' names compared as their normalised words, each word weighted by how rare it is
    among all organisations (``weights``: "joint", "stock", "company" weigh little, "Eksiton" much); the
    numbers in the names must agree ("SIZO-1" is not "SIZO-2", plant 360 is not plant 121)."""
    best, reason = 0.0, ""
    weight = (lambda t: weights.get(t, 1.0)) if weights else (lambda t: 1.0)
    numbers_differ = False
    for na in names_of(a):
        for nb in names_of(b):
            ta, tb = org_tokens(na), org_tokens(nb)
            if not ta or not tb:
                continue
            xa, xb = _numbers(na), _numbers(nb)
            if (xa or xb) and xa != xb:
                numbers_differ = True
                continue
            union = sum(weight(t) for t in ta | tb)
            value = sum(weight(t) for t in ta & tb) / union if union else 0.0
            if value > best:
                best, reason = value, f"{SAME_NAMES_PREFIX}{', '.join(sorted(ta & tb))})"
    reasons = [reason] if reason else ([N_("the numbers in the names differ")] if numbers_differ else [])
    kinds = {a.get("kind"), b.get("kind")} - {None}
    if len(kinds) > 1:
        best = min(best, 0.3)
        reasons.append(N_("different kinds of organisation"))
    return Score(round(best, 3), tuple(reasons))


def org_weights(records: list[dict]) -> dict[str, float]:
    """How much each normalised word says, from how many organisations' names have it (inverse document
    frequency, at least a little for the commonest)."""
    import math

    counts: dict[str, int] = {}
    for r in records:
        for t in {t for n in names_of(r) for t in org_tokens(n)}:
            counts[t] = counts.get(t, 0) + 1
    total = max(len(records), 1)
    return {t: max(0.05, math.log((total + 1) / (n + 0.5))) for t, n in counts.items()}
