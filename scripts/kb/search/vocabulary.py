"""The words of the knowledge base, to correct a misspelt query word ("philomina" -> "philomena").

The same vocabulary serves `kb search` and, as JSON, the site's search page, so both correct alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh.lang.porter import stem

MIN_WORD = 3
SITE_VOCABULARY_LIMIT = 20_000  # the most frequent words; keeps the file small for phones
# Every byte but a-z and the apostrophe, as a space.
_SPACED = bytes(byte if byte == ord("'") or ord("a") <= byte <= ord("z") else ord(" ") for byte in range(256))


def words(text: str) -> list[str]:
    """The words of a text, lower case: each run of a-z and apostrophes, without apostrophes at its ends
    (what `[a-z][a-z']*[a-z]|[a-z]` finds), "'s" taken off its end and any other apostrophe out of it.

    Every other character is made a space (one outside ASCII becomes "?" on the way), the apostrophes are
    taken out by replacing, and the text split: all in C, about a tenth of the regular expression's time."""
    spaced = f" {text.lower().encode('ascii', 'replace').translate(_SPACED).decode('ascii')} "
    if "'" in spaced:
        while "' " in spaced:
            spaced = spaced.replace("' ", " ")
        while " '" in spaced:
            spaced = spaced.replace(" '", " ")
        spaced = spaced.replace("'s ", " ").replace("'", "")
    return spaced.split()


def word_counts(texts: Iterable[str]) -> Counter[str]:
    return counted(chain.from_iterable(map(words, texts)))


def counted(found: Iterable[str]) -> Counter[str]:
    """How often each word of MIN_WORD letters or more occurs (counted in C; the short ones are taken out at the end)."""
    counts = Counter(found)
    for word in [word for word in counts if len(word) < MIN_WORD]:
        del counts[word]
    return counts


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with transpositions, giving up (returning limit + 1) once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2


class Vocabulary:
    def __init__(self, counts: dict[str, int], stems: set[str] | None = None):
        self.counts = counts
        self.stems = {stem(word) for word in counts} if stems is None else stems  # given when cached

    def knows(self, word: str) -> bool:
        return word in self.counts or stem(word) in self.stems

    def correct(self, word: str) -> str | None:
        """The likeliest known word within a few edits of an unknown one, or None."""
        limit = allowed_edits(word)
        if not limit or self.knows(word):
            return None
        best: tuple[int, int, str] | None = None
        letters = set(word)
        for candidate, count in self.counts.items():
            # Cheap bounds first: each edit changes the length by at most one and brings in at most one
            # letter the other word lacks. They skip most of a large vocabulary (55 ms at 10,000 entries).
            if abs(len(candidate) - len(word)) > limit or len(letters.difference(candidate)) > limit:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance <= limit and (best is None or (distance, -count) < best[:2]):
                best = (distance, -count, candidate)
        return best[2] if best else None

    def correct_query(self, query: str) -> str | None:
        """The query with its unknown words corrected, or None if nothing changed."""
        changed = False
        corrected = query
        for word in set(words(query)):
            replacement = self.correct(word)
            if replacement:
                corrected = re.sub(rf"(?<![\w']){re.escape(word)}(?![\w])", replacement, corrected, flags=re.IGNORECASE)
                changed = True
        return corrected if changed else None


def site_vocabulary(counts: dict[str, int]) -> dict[str, int]:
    return dict(Counter(counts).most_common(SITE_VOCABULARY_LIMIT))
