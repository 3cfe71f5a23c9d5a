"""`likely-duplicate`: two entries of one kind that say nearly the same thing, caught in review.

A whole-model check the search plugin gives the validator (`kb validate`, `kb build`; not `kb serve`,
which checks a saved file on its own). It compares TF-IDF vectors (kb.search.similarity), and only of
entries that share one of their most telling words.
"""

from __future__ import annotations

from ..loader import Problem
from ..model import Entry, KnowledgeBase
from ..rules import rule
from .similarity import term_vectors

LIKELY_DUPLICATE = rule(
    "likely-duplicate",
    "warning",
    "Two entries of one kind that read nearly alike",
    "{second} reads much like {first} ({similarity:.0%} similar); if they describe the same work, merge them into "
    "one entry (list both areas), otherwise make clear in each what differs",
    no_example="found only by a full `kb validate`, which compares every pair of entries; an example would be a copy of a real entry",
)
THRESHOLD = 0.72  # cosine similarity; distinct entries of one kind stay below about 0.67 (tests/search/test_build_hooks.py)


def likely_duplicates(knowledge_base: KnowledgeBase) -> list[Problem]:
    vectors = term_vectors(knowledge_base)
    # Only entries of one kind: a protocol and a borough's practice example built on it are meant to be alike.
    firsts, seconds = vectors.pairs(same_kind=True)
    similarities = vectors.pair_cosines(firsts, seconds)  # every pair at once (numpy)
    alike = similarities >= THRESHOLD
    found = zip(firsts[alike].tolist(), seconds[alike].tolist(), similarities[alike].tolist(), strict=True)
    return [_problem(vectors.entries[first], vectors.entries[second], similarity) for first, second, similarity in found]


def _problem(first: Entry, second: Entry, similarity: float) -> Problem:
    return LIKELY_DUPLICATE.problem(second.path, 1, second=second.path, first=first.path, similarity=similarity)
