"""TF-IDF term vectors of the entries: more-like-this for related entries, and likely duplicates.

Built once per run, as numpy arrays. Whoosh's own more-like-this was measured at about 35 ms an entry
(indexing plus query), over a minute and a half at 3,000 entries. Each entry is compared only with its
candidates, the entries sharing the most of its key terms (at most MAX_CANDIDATES, found for every entry at
once: `candidate_lists`), and scored against them all at once (`TermVectors.cosines`: one gather, one
multiply, one segmented sum), about 0.05 ms an entry where a cosine at a time in Python took 0.8 ms.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

import numpy as np
from whoosh.lang.porter import stem

from ..forking import fork_map, worker_count
from ..model import Entry, KnowledgeBase, Taxonomy
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


@dataclass
class TermVectors:
    """Each entry's TF-IDF vector (unit length) as numpy arrays, one vector after another, and the entries each
    is compared with.

    Entry `n`'s vector is `vocabulary[numbers[i]]` weighing `weights[i]` for i from `starts[n]` to `starts[n + 1]`.
    """

    entries: list[Entry]
    vocabulary: list[str]  # term number -> term
    numbers: np.ndarray  # the term numbers of every vector, one vector after another
    weights: np.ndarray  # their weights
    starts: np.ndarray  # where each entry's vector starts, and where the last one ends
    candidate_starts: np.ndarray  # where each entry's candidates start in `candidate_numbers`, and the last end
    candidate_numbers: np.ndarray  # every entry's candidates (`candidate_lists`), one list after another
    position: dict[str, int]  # entry id -> index

    def similar(self, entry_id: str, top: int) -> list[tuple[float, Entry]]:
        """Entries most like this one (cosine similarity of their vectors), best first."""
        number = self.position.get(entry_id)
        if number is None:
            return []
        others = self.candidates(number)
        scored = list(zip(self.cosines(number, others), others, strict=True))
        scored.sort(key=lambda pair: (-pair[0], self.entries[pair[1]].id))
        return [(score, self.entries[other]) for score, other in scored[:top] if score > 0]

    def candidates(self, number: int) -> list[int]:
        """The entries sharing the most telling key terms with this one, most first: at most MAX_CANDIDATES."""
        return self.candidate_numbers[self.candidate_starts[number] : self.candidate_starts[number + 1]].tolist()

    def pairs(self, same_kind: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Every pair of entries of which one is the other's candidate (and, if asked, of one kind), in order:
        (firsts, seconds), the lower number first."""
        count = len(self.entries)
        firsts = np.repeat(np.arange(count), np.diff(self.candidate_starts))
        seconds = self.candidate_numbers
        if same_kind:
            kind_numbers = {name: number for number, name in enumerate(dict.fromkeys(e.kind.name for e in self.entries))}
            kinds = np.fromiter((kind_numbers[entry.kind.name] for entry in self.entries), dtype=np.int64, count=count)
            alike = kinds[firsts] == kinds[seconds]
            firsts, seconds = firsts[alike], seconds[alike]
        codes = np.unique(np.minimum(firsts, seconds) * count + np.maximum(firsts, seconds))
        return codes // count, codes % count

    def cosines(self, number: int, others: list[int]) -> list[float]:
        """The cosine similarity of one entry's vector with each of the others'."""
        return self.pair_cosines(np.full(len(others), number), np.array(others, dtype=np.int64)).tolist()

    def pair_cosines(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The cosine similarity of each pair (firsts[i], seconds[i]), the pairs in order of their first entry.

        For each pair, the sum of the products of the two vectors' weights over the second's terms: numpy's
        sum, in another order than `cosine`'s. The firsts are laid out densely a block at a time (at most
        16 MB), and each first's products are followed by a 0.0, as when it was scored on its own."""
        sums = np.zeros(len(firsts))
        width = len(self.vocabulary) + 1
        distinct = np.unique(firsts)
        step = max(1, (1 << 21) // width)
        for block in range(0, len(distinct), step):
            chosen = distinct[block : block + step]
            low, high = np.searchsorted(firsts, chosen[0], "left"), np.searchsorted(firsts, chosen[-1], "right")
            sums[low:high] = self._block_cosines(chosen, firsts[low:high], seconds[low:high], width)
        return sums

    def _block_cosines(self, chosen: np.ndarray, firsts: np.ndarray, seconds: np.ndarray, width: int) -> np.ndarray:
        dense = np.zeros((len(chosen), width))  # row r: the vector of entry chosen[r]
        own_lengths = self.starts[chosen + 1] - self.starts[chosen]
        own = _spans(self.starts[chosen], own_lengths)
        dense[np.repeat(np.arange(len(chosen)), own_lengths), self.numbers[own]] = self.weights[own]
        lengths = self.starts[seconds + 1] - self.starts[seconds]
        slots = lengths + np.concatenate((firsts[1:] != firsts[:-1], [True]))  # and a 0.0 after each first's last
        offsets = np.cumsum(slots) - slots
        positions = _spans(self.starts[seconds], lengths)
        products = np.zeros(int(slots.sum()))
        row_of = np.repeat(np.searchsorted(chosen, firsts), lengths)
        products[_spans(offsets, lengths)] = dense[row_of, self.numbers[positions]] * self.weights[positions]
        return np.where(lengths > 0, np.add.reduceat(products, offsets), 0.0)

    def vector(self, number: int) -> dict[str, float]:
        """One entry's vector as term -> weight."""
        own = slice(self.starts[number], self.starts[number + 1])
        return dict(zip(map(self.vocabulary.__getitem__, self.numbers[own].tolist()), self.weights[own].tolist(), strict=True))


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts (none in an empty array)."""
    return np.flatnonzero(np.concatenate(([len(values) > 0], values[1:] != values[:-1])))


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The numbers from each start to start + length, one span after another."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)


def term_vectors(knowledge_base: KnowledgeBase) -> TermVectors:
    """The vectors of this model, built once: the duplicates check and related entries share them."""
    cache = knowledge_base.derived
    if "term-vectors" not in cache:
        cache["term-vectors"] = _build_term_vectors(knowledge_base)
    return cache["term-vectors"]


def _build_term_vectors(knowledge_base: KnowledgeBase) -> TermVectors:
    entries = sorted(knowledge_base.entries.values(), key=lambda entry: entry.path)
    vocabulary, numbers, weights, starts = tf_idf(term_counts(entries, knowledge_base.taxonomy))
    key_entries, key_numbers, key_ranks = key_terms(vocabulary, numbers, weights, starts)
    candidate_starts, candidate_numbers = candidate_lists(key_entries, key_numbers, key_ranks, len(entries))
    position = {entry.id: number for number, entry in enumerate(entries)}
    return TermVectors(entries, vocabulary, numbers, weights, starts, candidate_starts, candidate_numbers, position)


@dataclass
class TermCounts:
    """How often each entry uses each term, as arrays: entry n's terms are `vocabulary[numbers[i]]`, used `times[i]`
    times, for the `lengths[n]` values of i after those of the entries before it."""

    vocabulary: list[str]
    lengths: np.ndarray
    numbers: np.ndarray
    times: np.ndarray


def term_counts(entries: list[Entry], taxonomy: Taxonomy) -> TermCounts:
    """The stems of each entry's words of three letters or more, but common words (STOP) and the names of the
    entry's own areas (the same initiative from two boroughs differs mostly in the borough's name); the title
    counts twice. Each entry's terms in the order their first word comes in its text.

    The words are found and numbered as they are met (in C) on every core, a run of entries each (the numbers
    come back, and each run's distinct words once); every word is stemmed once, however many entries use it;
    the counting is numpy's, for all entries at once."""
    shares = fork_map(partial(_numbered_words, entries, taxonomy), _shares(len(entries)), workers=None, threshold=2)
    word_numbers = _numbering()
    used, places = [], []
    for share_words, share_used, share_places in shares:  # each share's own word numbers made the whole's
        whole = np.fromiter(map(word_numbers.__getitem__, share_words), dtype=np.int64, count=len(share_words))
        used += [whole[numbers] for numbers in share_used]
        places += [(number, int(whole[word])) for number, word in share_places]
    vocabulary, term_of_word = _stems(list(word_numbers))
    word_count, term_count = len(word_numbers), len(vocabulary)
    owners = np.repeat(np.arange(len(entries)), [len(each) for each in used])
    word_of = np.concatenate(used) if used else np.zeros(0, dtype=np.int64)
    telling = term_of_word[word_of] >= 0
    if places:
        telling &= ~np.isin(owners * word_count + word_of, [entry * word_count + word for entry, word in places])
    codes = owners[telling] * term_count + term_of_word[word_of[telling]]
    found_codes, first, times = np.unique(codes, return_index=True, return_counts=True)
    in_text_order = np.argsort(first)  # the entries follow one another in `codes`, so this keeps them apart
    found_codes, times = found_codes[in_text_order], times[in_text_order]
    lengths = np.bincount(found_codes // term_count, minlength=len(entries)) if term_count else np.zeros(len(entries), int)
    return TermCounts(vocabulary, lengths, found_codes % term_count if term_count else found_codes, times)


def _shares(count: int) -> list[range]:
    """The entries in one run of numbers for each worker `fork_map` would start for them."""
    workers = worker_count(count)
    return [range(count * index // workers, count * (index + 1) // workers) for index in range(workers)]


def _numbered_words(
    entries: list[Entry], taxonomy: Taxonomy, share: range
) -> tuple[list[str], list[np.ndarray], list[tuple[int, int]]]:
    """For these entries: (their words, numbered in order of first use; each entry's words as those numbers;
    (entry, word number) of each name of the entry's areas). Arrays and few strings, quick to send back."""
    word_numbers = _numbering()
    used, places = [], []
    for number in share:
        entry = entries[number]
        found = words(f"{entry.title}\n{entry.title}\n{entry.summary}\n{body_text(entry)}")
        used.append(np.fromiter(map(word_numbers.__getitem__, found), dtype=np.int64, count=len(found)))
        places += [(number, word_numbers[word]) for word in _place_words(entry, taxonomy)]
    return list(word_numbers), used, places


def _numbering() -> defaultdict[str, int]:
    """Word -> number, a new word numbered as it is first looked up (its number: the words numbered before it)."""
    numbers: defaultdict[str, int] = defaultdict()
    numbers.default_factory = numbers.__len__
    return numbers


def _place_words(entry: Entry, taxonomy: Taxonomy) -> set[str]:
    areas = taxonomy.areas
    return {word for area in entry.areas if area in areas for word in words(areas[area].label)}


def _stems(every_word: list[str]) -> tuple[list[str], np.ndarray]:
    """(the terms, each word's term number): a word's stem, or -1 for a word too short or too common to tell."""
    terms: dict[str, int] = {}
    term_of_word = np.fromiter(
        (terms.setdefault(stem(word), len(terms)) if len(word) > 2 and word not in STOP else -1 for word in every_word),
        dtype=np.int64,
        count=len(every_word),
    )
    return list(terms), term_of_word


def tf_idf(counts: TermCounts) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(vocabulary, numbers, weights, starts) as `TermVectors` holds them: each count's terms weighed
    (1 + log count) * log((1 + N) / (1 + entries with the term)), scaled to unit length, and those of weight 0
    (in every entry) left out; each vector's terms in the order of its count's.

    The logarithms and the lengths are Python's own (`math.log`, `sum` from the first term to the last), so the
    weights are the very floats a dict of them worked out term by term would hold."""
    numbers, times, lengths = counts.numbers, counts.times, counts.lengths
    total = len(lengths)
    frequency = np.bincount(numbers, minlength=len(counts.vocabulary)).tolist()
    idf = np.array([math.log((1 + total) / (1 + entries)) for entries in frequency])
    tf = np.array([0.0, *(1 + math.log(n) for n in range(1, int(times.max(initial=0)) + 1))])
    weights = tf[times] * idf[numbers]
    bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
    squares = (weights * weights).tolist()
    norms = [math.sqrt(sum(squares[start:end])) or 1.0 for start, end in pairwise(bounds)]
    weights /= np.repeat(norms, lengths)
    kept = weights > 0
    owners = np.repeat(np.arange(total), lengths)[kept]
    starts = np.concatenate(([0], np.cumsum(np.bincount(owners, minlength=total))))
    return counts.vocabulary, numbers[kept], weights[kept], starts


def key_terms(
    vocabulary: list[str], numbers: np.ndarray, weights: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry's KEY_TERMS heaviest terms, ties by term: (entry, term number, rank from 0) of every one."""
    alphabetical = sorted(range(len(vocabulary)), key=vocabulary.__getitem__)  # term numbers, A to Z
    place = np.empty(len(vocabulary), dtype=np.int64)
    place[alphabetical] = np.arange(len(vocabulary))
    distinct, lightness = np.unique(-weights, return_inverse=True)  # 0 for the heaviest weight
    owners = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    # One number per term of each entry, sorted: by entry, heaviest first, then A to Z.
    ranked = np.sort((owners * len(distinct) + lightness) * len(vocabulary) + place[numbers])
    ranks = np.arange(len(ranked)) - starts[owners]  # `owners` is in entry order, and so is `ranked`
    key = ranks < KEY_TERMS
    return owners[key], np.asarray(alphabetical, dtype=np.int64)[ranked[key] % len(vocabulary)], ranks[key]


def candidate_lists(
    key_entries: np.ndarray, key_numbers: np.ndarray, key_ranks: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each of `count` entries' candidates: the entries sharing the most telling key terms with it, at most
    MAX_CANDIDATES, whatever N. A key term of more than a limit of entries tells nothing and is passed over.

    The order is that of counting an entry's key terms one after another (rank 0 first), each term's entries in
    their own order: most shared terms first, then the one met first. Given as (starts, numbers): entry n's
    candidates are numbers[starts[n] : starts[n + 1]]."""
    limit = min(max(10, int(count * COMMON_SHARE)), MAX_POSTINGS)
    telling = np.bincount(key_numbers)[key_numbers] <= limit
    by_term = np.lexsort((key_entries[telling], key_numbers[telling]))
    entries, numbers, ranks = key_entries[telling][by_term], key_numbers[telling][by_term], key_ranks[telling][by_term]
    # Each key term of an entry, beside every entry with that key term (itself too: left out below).
    group_starts = _run_starts(numbers)
    sizes = np.diff(np.concatenate((group_starts, [len(numbers)])))
    size_of, start_of = np.repeat(sizes, sizes), np.repeat(group_starts, sizes)
    own = np.repeat(np.arange(len(numbers)), size_of)
    firsts = np.cumsum(size_of) - size_of
    other = np.repeat(start_of, size_of) + np.arange(len(own)) - np.repeat(firsts, size_of)
    entry, partner, rank = entries[own], entries[other], ranks[own]
    apart = entry != partner
    # One number per (entry, partner, rank), sorted: a pair's terms side by side, its first-met (lowest) rank first.
    found = np.sort((entry[apart] * count + partner[apart]) * KEY_TERMS + rank[apart])
    pairs = found // KEY_TERMS
    pair_starts = _run_starts(pairs)
    shared = np.diff(np.concatenate((pair_starts, [len(pairs)])))
    first_rank, pair = found[pair_starts] % KEY_TERMS, pairs[pair_starts]
    entry, partner = pair // count, pair % count
    # Each entry's partners, most shared terms first, then lowest first-met rank, then the partner's number.
    ranked = np.sort(((entry * (KEY_TERMS + 1) + KEY_TERMS - shared) * KEY_TERMS + first_rank) * count + partner)
    entry = ranked // ((KEY_TERMS + 1) * KEY_TERMS * count)
    entry_starts = np.searchsorted(entry, np.arange(count + 1))
    place = np.arange(len(ranked)) - entry_starts[entry]
    chosen = place < MAX_CANDIDATES
    starts = np.concatenate(([0], np.cumsum(np.bincount(entry[chosen], minlength=count))))
    return starts, ranked[chosen] % count
