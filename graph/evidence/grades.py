"""How good a source is: reliability A-F (A best) and credibility 1-6 (1 best), as the schema declares them,
and the evidence threshold that leaves out statements resting only on weaker sources (the dossier, the
sanctions gap, batch selections)."""
from __future__ import annotations

from dataclasses import dataclass

from graph.store.language import gettext
from graph.store.schema import SCHEMA

RELIABILITY: tuple[str, ...] = SCHEMA.vocabularies["reliability"]
CREDIBILITY: tuple[int, ...] = tuple(int(c) for c in SCHEMA.vocabularies["credibility"])


def grade(m: dict) -> str:
    """Source reliability + information credibility, e.g. "B2"; "?" parts when unknown."""
    return f"{m.get('reliability') or '?'}{m.get('credibility') or '?'}"


@dataclass(frozen=True)
class EvidenceThreshold:
    """Leave out claims resting only on sources graded below these (A best ... F; 1 best ... 6), and with
    ``verified_only`` every statement an editor has not marked verified (graph/curation)."""
    min_reliability: str | None = None
    min_credibility: int | None = None
    verified_only: bool = False

    def __post_init__(self) -> None:
        if self.min_reliability is not None and self.min_reliability not in RELIABILITY:
            raise ValueError(gettext("reliability must be one of %(grades)s", grades=", ".join(RELIABILITY)))
        if self.min_credibility is not None and self.min_credibility not in CREDIBILITY:
            raise ValueError(gettext("credibility must be %(first)s to %(last)s", first=CREDIBILITY[0],
                                     last=CREDIBILITY[-1]))

    @property
    def active(self) -> bool:
        return self.min_reliability is not None or self.min_credibility is not None

    def admits(self, reliability: str | None, credibility: str | int | None) -> bool:
        if self.min_reliability and (not reliability or str(reliability) > self.min_reliability):
            return False
        if self.min_credibility and (not credibility or int(credibility) > self.min_credibility):
            return False
        return True

    def admits_statement(self, review: str | None) -> bool:
        return not self.verified_only or review == "verified"

    def describe(self) -> str:
        """What the threshold admits, in the language spoken now."""
        if not self.active:
            return gettext("verified statements only, all sources") if self.verified_only else gettext("all sources")
        parts = [gettext("verified statements only")] if self.verified_only else []
        if self.min_reliability:
            parts.append(gettext("source reliability %(grade)s or better", grade=self.min_reliability))
        if self.min_credibility:
            parts.append(gettext("information credibility %(grade)s or better", grade=self.min_credibility))
        text = parts[0]
        for part in parts[1:]:
            text = gettext("%(first)s and %(second)s", first=text, second=part)
        return text


