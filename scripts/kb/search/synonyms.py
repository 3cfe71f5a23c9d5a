"""The glossary as synonyms: an acronym finds what its expansion finds, and the reverse, in the singular or the
plural ("KPIs" finds "key performance indicators", "youth offending teams" finds "YOT")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import GlossaryTerm

SHORT_ACRONYM = 2  # "DA", "LA", "CP": matched in a query only in capitals, so "la" or "cp" stay ordinary words
# An acronym that takes a plural "s": no space, two or more capitals, not already ending in "s" ("CYPS", "MPS").
PLURALISABLE = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9]*[A-RT-Z0-9a-rt-z]$")


@dataclass(frozen=True)
class Synonym:
    acronym: str
    expansion: str
    in_query: re.Pattern[str] = field(init=False, repr=False, compare=False)
    expanded: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flags = 0 if len(self.acronym) <= SHORT_ACRONYM else re.IGNORECASE
        plural = "(?:s|'s|’s)?" if plural_of(self.acronym) else ""
        object.__setattr__(self, "in_query", re.compile(rf"(?<!\w){re.escape(self.acronym)}{plural}(?!\w)", flags))
        words = r"[\s-]+".join(map(re.escape, self.expansion.split()))
        object.__setattr__(self, "expanded", re.compile(rf"(?<!\w){words}(?:s|es)?(?!\w)", re.IGNORECASE))


def plural_of(acronym: str) -> str | None:
    """ "KPI" -> "KPIs"; None for a term that is not an acronym taking an "s" ("CYPS", "Care leaver")."""
    return acronym + "s" if PLURALISABLE.match(acronym) else None


def synonyms(glossary: list[GlossaryTerm]) -> list[Synonym]:
    """Glossary terms that have a different second form (an acronym and its expansion)."""
    return [
        Synonym(term.term, term.expansion)
        for term in glossary
        if term.term and term.expansion and term.term.casefold() != term.expansion.casefold()
    ]


def plural_leads(pairs: list[Synonym]) -> list[list[str]]:
    """[plural acronym, expansion], one way ("KPIs" -> "Key performance indicator"; stemming does the rest),
    for the site's search page, whose glossary pairs match the acronym as a whole word. Two-letter acronyms
    are left out: the page would match their plurals ("LAs", "CPs") in any case, and "las" is a word."""
    return [
        [plural, pair.expansion]
        for pair in pairs
        if (plural := plural_of(pair.acronym)) is not None and len(pair.acronym) > SHORT_ACRONYM
    ]


def query_alternatives(query: str, pairs: list[Synonym]) -> list[str]:
    """The query with each glossary term it contains swapped for its other form."""
    alternatives: list[str] = []
    for pair in pairs:
        for pattern, replacement in ((pair.in_query, pair.expansion), (pair.expanded, pair.acronym)):
            if pattern.search(query):
                alternatives.append(pattern.sub(replacement, query))
    return alternatives
