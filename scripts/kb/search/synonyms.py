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
    in_text: re.Pattern[str] = field(init=False, repr=False, compare=False)
    in_query: re.Pattern[str] = field(init=False, repr=False, compare=False)
    expanded: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # In prose an acronym is matched in capitals ("MACE" the panel, not a mace), with or without dots.
        dotted = r"\.?".join(map(re.escape, self.acronym))
        object.__setattr__(self, "in_text", re.compile(rf"(?<![\w.]){dotted}\.?(?!\w)"))
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


def hidden_synonyms(text: str, pairs: list[Synonym]) -> list[str]:
    """The words to add to a text so it is found by either form: the other form of each term it uses."""
    added: list[str] = []
    for pair in pairs:
        has_acronym = bool(pair.in_text.search(text))
        has_expansion = bool(pair.expanded.search(text))
        if has_acronym and not has_expansion:
            added.append(pair.expansion)
        elif has_expansion and not has_acronym:
            added.append(pair.acronym)
    return added


def query_alternatives(query: str, pairs: list[Synonym]) -> list[str]:
    """The query with each glossary term it contains swapped for its other form."""
    alternatives: list[str] = []
    for pair in pairs:
        for pattern, replacement in ((pair.in_query, pair.expansion), (pair.expanded, pair.acronym)):
            if pattern.search(query):
                alternatives.append(pattern.sub(replacement, query))
    return alternatives
