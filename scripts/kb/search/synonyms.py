"""The glossary as synonyms: an acronym finds what its expansion finds, and the reverse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import GlossaryTerm

SHORT_ACRONYM = 2  # "DA", "LA", "CP": matched in a query only in capitals, so "la" or "cp" stay ordinary words


@dataclass(frozen=True)
class Synonym:
    acronym: str
    expansion: str
    in_query: re.Pattern[str] = field(init=False, repr=False, compare=False)
    expanded: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flags = 0 if len(self.acronym) <= SHORT_ACRONYM else re.IGNORECASE
        object.__setattr__(self, "in_query", re.compile(rf"(?<!\w){re.escape(self.acronym)}(?!\w)", flags))
        words = r"[\s-]+".join(map(re.escape, self.expansion.split()))
        object.__setattr__(self, "expanded", re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE))


def synonyms(glossary: list[GlossaryTerm]) -> list[Synonym]:
    """Glossary terms that have a different second form (an acronym and its expansion)."""
    return [
        Synonym(term.term, term.expansion)
        for term in glossary
        if term.term and term.expansion and term.term.casefold() != term.expansion.casefold()
    ]


def query_alternatives(query: str, pairs: list[Synonym]) -> list[str]:
    """The query with each glossary term it contains swapped for its other form."""
    alternatives: list[str] = []
    for pair in pairs:
        for pattern, replacement in ((pair.in_query, pair.expansion), (pair.expanded, pair.acronym)):
            if pattern.search(query):
                alternatives.append(pattern.sub(replacement, query))
    return alternatives
