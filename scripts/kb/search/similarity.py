"""TF-IDF term vectors of the entries: more-like-this for related entries, and likely duplicates.

Built once per run. Whoosh's own more-like-this was measured at about 35 ms an entry (indexing plus
query), over a minute and a half at 3,000 entries. Related entries score an entry against its
candidates all at once with numpy (`CompiledVectors`: one gather, one multiply, one segmented sum),
about 0.05 ms an entry where a cosine at a time in Python took 0.8 ms. The likely-duplicates check
(`kb validate`) scores each entry against its partners the same way.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from whoosh.lang.porter import stem

from ..forking import fork_map
from ..model import Entry, KnowledgeBase
from .documents import body_text
from .vocabulary import words

KEY_TERMS = 12  # the words that best tell an entry apart; entries sharing none are never compared
COMMON_SHARE = 0.2  # a word in more than this share of entries tells nothing and starts no comparison
MAX_POSTINGS = 40  # ...nor does one that is the key term of more entries than this: keeps comparisons linear in N
MAX_CANDIDATES = 40  # entries compared with each entry: those sharing the most key terms with it
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

_stem = lru_cache(maxsize=200_000)(stem)


@dataclass
class TermVectors:
    entries: list[Entry]
    vectors: list[dict[str, float]]  # unit length
    keys: list[list[str]]  # each entry's key terms
    postings: dict[str, list[int]]  # key term -> entries whose key term it is
    position: dict[str, int]  # entry id -> index
    compiled: CompiledVectors | None = None  # made on the first call of `similar`

    def similar(self, entry_id: str, top: int) -> list[tuple[float, Entry]]:
        """Entries most like this one (cosine similarity of their vectors), best first."""
        number = self.position.get(entry_id)
        if number is None:
            return []
        others = self.candidates(number)
        scored = list(zip(self.cosines(number, others), others, strict=True))
        scored.sort(key=lambda pair: (-pair[0], self.entries[pair[1]].id))
        return [(score, self.entries[other]) for score, other in scored[:top] if score > 0]

    def cosines(self, number: int, others: list[int]) -> list[float]:
        """The cosine similarity of one entry's vector with each of the others'."""
        if self.compiled is None:
            self.compiled = CompiledVectors(self.vectors)
        return self.compiled.cosines(number, others)

    def candidates(self, number: int) -> list[int]:
        """The entries sharing the most telling key terms with this one: at most MAX_CANDIDATES, whatever N."""
        limit = min(max(10, int(len(self.entries) * COMMON_SHARE)), MAX_POSTINGS)
        shared: Counter[int] = Counter()
        for term in self.keys[number]:
            numbers = self.postings.get(term, [])
            if len(numbers) <= limit:
                shared.update(numbers)
        del shared[number]
        return [other for other, _ in shared.most_common(MAX_CANDIDATES)]

    def pairs(self, same_kind: bool = False) -> set[tuple[int, int]]:
        """Every pair of entries that share a telling key term (and, if asked, are of one kind)."""
        kinds = [entry.kind.name for entry in self.entries]
        return {
            (min(a, b), max(a, b))
            for a in range(len(self.entries))
            for b in self.candidates(a)
            if not same_kind or kinds[a] == kinds[b]
        }


class CompiledVectors:
    """The vectors as numpy arrays, one after another (term numbers and weights), and a dense row to score against."""

    def __init__(self, vectors: list[dict[str, float]]) -> None:
        import numpy as np

        every_term = list(chain.from_iterable(vectors))
        numbers = {term: number for number, term in enumerate(dict.fromkeys(every_term))}  # in order of first use
        self.terms = np.fromiter(map(numbers.__getitem__, every_term), dtype=np.int64, count=len(every_term))
        weights = chain.from_iterable(vector.values() for vector in vectors)
        self.weights = np.fromiter(weights, dtype=np.float64, count=len(every_term))
        self.starts = np.cumsum([0, *(len(vector) for vector in vectors)])
        self.row = np.zeros(len(numbers) + 1)

    def cosines(self, number: int, others: list[int]) -> list[float]:
        """cosine(vectors[number], vectors[other]) for each other: the same sums as `cosine`, added in another order."""
        import numpy as np

        if not others:
            return []
        own = slice(self.starts[number], self.starts[number + 1])
        self.row[self.terms[own]] = self.weights[own]
        try:
            chosen = np.array(others)
            firsts, lengths = self.starts[chosen], self.starts[chosen + 1] - self.starts[chosen]
            offsets = np.cumsum(lengths) - lengths  # where each other's products start
            positions = np.arange(lengths.sum()) + np.repeat(firsts - offsets, lengths)
            products = self.row[self.terms[positions]] * self.weights[positions]
            sums = np.add.reduceat(np.append(products, 0.0), offsets)
            return np.where(lengths > 0, sums, 0.0).tolist()
        finally:
            self.row[self.terms[own]] = 0.0


def term_vectors(knowledge_base: KnowledgeBase) -> TermVectors:
    """The vectors of this model, built once: the duplicates check and related entries share them."""
    cache = knowledge_base.derived
    if "term-vectors" not in cache:
        cache["term-vectors"] = _build_term_vectors(knowledge_base)
    return cache["term-vectors"]


def _build_term_vectors(knowledge_base: KnowledgeBase) -> TermVectors:
    entries = sorted(knowledge_base.entries.values(), key=lambda entry: entry.path)
    # Numbers, not entries, go to the workers: they already hold the entries, and pickling them costs more than the work.
    vectors = tf_idf(fork_map(lambda number: terms(entries[number], knowledge_base), range(len(entries))))
    keys = [key_terms(vector) for vector in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for number, terms_of_entry in enumerate(keys):
        for term in terms_of_entry:
            postings[term].append(number)
    return TermVectors(entries, vectors, keys, dict(postings), {entry.id: number for number, entry in enumerate(entries)})


def terms(entry: Entry, knowledge_base: KnowledgeBase) -> Counter[str]:
    # Place names are left out: the same initiative from two boroughs differs mostly in the borough's name.
    areas = knowledge_base.taxonomy.areas
    places = {word for area in entry.areas if area in areas for word in words(areas[area].label)}
    text = f"{entry.title}\n{entry.title}\n{entry.summary}\n{body_text(entry)}"  # the title counts twice
    counts: dict[str, int] = {}  # a plain dict while counting: a Counter calls Python code for each new key
    for word, count in Counter(words(text)).items():  # each distinct word filtered and stemmed once
        if len(word) > 2 and word not in STOP and word not in places:
            term = _stem(word)
            counts[term] = counts.get(term, 0) + count
    return Counter(counts)


def tf_idf(counts: list[Counter[str]]) -> list[dict[str, float]]:
    document_frequency: Counter[str] = Counter(chain.from_iterable(counts))
    total = len(counts)
    idf = {term: math.log((1 + total) / (1 + frequency)) for term, frequency in document_frequency.items()}
    vectors = []
    for count in counts:
        vector = {term: (1 + math.log(n)) * idf[term] for term, n in count.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        vectors.append({term: weight / norm for term, weight in vector.items() if weight > 0})
    return vectors


def key_terms(vector: dict[str, float]) -> list[str]:
    # Highest weight first, ties by term: (-weight, term) pairs compare in C, with no key function to call.
    return [term for _, term in heapq.nsmallest(KEY_TERMS, zip(map(operator.neg, vector.values()), vector, strict=True))]


def cosine(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(first[term] * second[term] for term in first.keys() & second.keys())  # the set intersection runs in C
