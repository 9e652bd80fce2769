"""The content of a perpetrator dossier: one frozen dataclass tree that the HTML, PDF, DOCX and JSON
renderers all render, so the four formats carry the same content. Dates are ISO strings here, only as precise
as they are known (1965, 2014-03, 2014-03-14); the texts (statements, labels) are in the header's language."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class AnnexSource:
    number: int                  # cited as A<number>
    uid: str
    title: str
    kind: str | None
    published_on: str | None
    captured_on: str | None
    reliability: str | None
    credibility: str | None
    url: str | None
    archived_copy: str | None
    sha256: str | None


@dataclass(frozen=True)
class Footnote:
    number: int
    sources: tuple[int, ...]     # annex numbers of the public sources
    confidential: int            # how many confidential sources also support the statement
    text: str                    # the same sentence in every format


@dataclass(frozen=True)
class NameEntry:
    kind: str                    # name, Russian, Ukrainian, English, alias
    script: str                  # Latin or Cyrillic
    value: str
    note: int | None = None      # footnote of the record that gives this name (the official's, or a twin's)


@dataclass(frozen=True)
class Identity:
    uid: str
    name: str
    names: tuple[NameEntry, ...]
    birth_date: str | None
    birth_place: str | None
    gender: str | None
    citizenship: tuple[str, ...]
    identifiers: tuple[str, ...]
    rank: str | None
    note: int | None             # footnote of the identity's own sources, if any


@dataclass(frozen=True)
class Position:
    title: str
    organisation: str
    organisation_kind: str | None
    since: str | None
    until: str | None
    chain: tuple[str, ...]       # the organisation's superiors, nearest first (PART_OF)
    note: int | None


@dataclass(frozen=True)
class CaseRole:
    uid: str
    name: str
    number: str | None
    articles: tuple[str, ...]
    role: str                    # judge, prosecutor, investigator (+ the role given)
    court: str | None
    opened_on: str | None
    verdict_on: str | None
    sentence: str | None
    defendants: tuple[str, ...]  # protected defendants appear as masking.PROTECTED_PERSON
    note: int | None


@dataclass(frozen=True)
class ViolationEntry:
    uid: str
    kind: str
    title: str
    date: str | None
    description: str | None
    role: str | None             # direct, command, complicit
    place: str | None
    case: str | None
    victims: tuple[str, ...]
    legal_norms: tuple[str, ...]
    note: int | None


@dataclass(frozen=True)
class PostHolder:
    post: str                    # e.g. "Judge, Kyiv District Court"
    person: str
    since: str | None
    until: str | None
    is_subject: bool
    note: int | None


@dataclass(frozen=True)
class DatedEvent:
    date: str
    event: str
    holders: tuple[PostHolder, ...]


@dataclass(frozen=True)
class Designation:
    authority: str
    programme: str | None
    listed_on: str | None
    reference: str | None
    name: str
    note: int | None = None      # footnote of the designation's sources (the list, the confirmed match)


@dataclass(frozen=True)
class SanctionsSection:
    designations: tuple[Designation, ...]
    listed_by: tuple[str, ...]
    gap: tuple[str, ...]         # authorities of GAP_AUTHORITIES that have not designated


@dataclass(frozen=True)
class Counts:
    cases: int
    victims: int
    violations: int
    sources: int
    confidential_sources: int
    omitted: int                 # statements left out by the evidence threshold


@dataclass(frozen=True)
class Tally:
    """One line of a summary table: how many cases a court heard (or violations of a kind), first and last date."""
    label: str
    count: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Extent:
    """How much of the record the dossier lists: everything, or for an official of thousands of cases the first
    ``*_listed`` in date order, with summary tables of the whole record and the full lists as downloads."""
    cases_total: int
    violations_total: int
    cases_listed: int
    violations_listed: int
    by_court: tuple[Tally, ...] = ()
    by_kind: tuple[Tally, ...] = ()
    full_lists: tuple[str, ...] = ()     # where every row is, with its sources (the entity page's CSV downloads)

    @property
    def complete(self) -> bool:
        return self.cases_listed >= self.cases_total and self.violations_listed >= self.violations_total


@dataclass(frozen=True)
class Header:
    title: str
    data_as_of: str
    generated_at: str
    prepared_by: str
    threshold: str
    counts: Counts
    language: str = "en"         # the language of the texts (graph.store.language): en, uk


@dataclass(frozen=True)
class Dossier:
    header: Header
    identity: Identity
    positions: tuple[Position, ...]
    cases: tuple[CaseRole, ...]
    violations: tuple[ViolationEntry, ...]
    responsibility: tuple[DatedEvent, ...]
    sanctions: SanctionsSection
    footnotes: tuple[Footnote, ...]
    annex: tuple[AnnexSource, ...]
    schema_version: str = field(default=SCHEMA_VERSION)
    extent: Extent | None = None

    def as_dict(self) -> dict:
        return asdict(self)
