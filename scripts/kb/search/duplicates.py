"""`likely-duplicate`: two entries that say nearly the same thing, so a second submission is caught in review.

Runs in every `kb validate`, so it avoids Whoosh: TF-IDF vectors of each entry's title, summary and
main text, compared only with entries that share one of its rarer words.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations

from whoosh.lang.porter import stem

from ..loader import Problem
from ..model import Entry, KnowledgeBase
from .documents import body_text
from .vocabulary import words

THRESHOLD = 0.72  # cosine similarity; distinct entries of one kind stay below about 0.67 (tests/search/test_duplicates.py)
COMMON_SHARE = 0.2  # words in more than this share of entries never make two entries candidates
STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "its",
        "their",
        "they",
        "them",
        "what",
        "which",
        "who",
        "will",
        "not",
        "but",
        "can",
        "all",
        "been",
        "also",
        "into",
        "more",
        "than",
        "when",
        "where",
        "how",
        "our",
        "out",
        "about",
        "after",
        "other",
        "over",
        "such",
        "these",
        "those",
        "there",
    ]
)


def likely_duplicates(knowledge_base: KnowledgeBase) -> list[Problem]:
    entries = sorted(knowledge_base.entries.values(), key=lambda entry: entry.path)
    vectors = tf_idf([terms(entry, knowledge_base) for entry in entries])
    problems = []
    for first, second in sorted(candidate_pairs(vectors, len(entries))):
        if entries[first].kind != entries[second].kind:
            continue  # a protocol and a borough's practice example built on it are meant to be alike
        similarity = cosine(vectors[first], vectors[second])
        if similarity >= THRESHOLD:
            problems.append(_problem(entries[first], entries[second], similarity))
    return problems


def terms(entry: Entry, knowledge_base: KnowledgeBase) -> Counter[str]:
    # Place names are left out: the same initiative from two boroughs differs mostly in the borough's name.
    places = {
        word
        for area in entry.areas
        if area in knowledge_base.taxonomy.areas
        for word in words(knowledge_base.taxonomy.areas[area].label)
    }
    text = "\n".join((entry.title, entry.summary, body_text(entry)))
    return Counter(_stem(word) for word in words(text) if len(word) > 2 and word not in STOP and word not in places)


_stem = lru_cache(maxsize=100_000)(stem)


def tf_idf(counts: list[Counter[str]]) -> list[dict[str, float]]:
    document_frequency: Counter[str] = Counter(term for count in counts for term in count)
    total = len(counts)
    vectors = []
    for count in counts:
        vector = {term: (1 + math.log(n)) * math.log((1 + total) / (1 + document_frequency[term])) for term, n in count.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        vectors.append({term: weight / norm for term, weight in vector.items() if weight > 0})
    return vectors


def candidate_pairs(vectors: list[dict[str, float]], total: int) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for term in sorted(vector, key=vector.__getitem__, reverse=True)[:8]:  # each entry's most telling words
            postings[term].append(number)
    limit = max(2, int(total * COMMON_SHARE))
    return {pair for numbers in postings.values() if len(numbers) <= limit for pair in combinations(numbers, 2)}


def cosine(first: dict[str, float], second: dict[str, float]) -> float:
    if len(first) > len(second):
        first, second = second, first
    return sum(weight * second.get(term, 0.0) for term, weight in first.items())


def _problem(first: Entry, second: Entry, similarity: float) -> Problem:
    message = (
        f"{second.path} reads much like {first.path} ({similarity:.0%} similar); if they describe the same work, "
        "merge them into one entry (list both areas), otherwise make clear in each what differs"
    )
    return Problem(second.path, 1, "warning", message, "likely-duplicate")
