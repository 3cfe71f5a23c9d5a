"""The search parts of the site build: likely duplicates, related entries, Pagefind markup, the search page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kb.search.duplicates import likely_duplicates
from kb.search.pagefind_markup import entry_footer, facet_choices
from kb.search.related import MAX_RELATED, related_entries
from kb.search.site_page import write_search_page
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext
from kb.validation import validate
from tests.browser.real_entries import KNOWLEDGE_BASE

REPO = Path(__file__).resolve().parents[2]
INITIATIVE = (
    "A weekly multi-agency panel where social workers, police, youth workers and school staff review every "
    "child at risk of exploitation, agree one plan, share intelligence about locations and peers, and follow "
    "up disruption of adults who exploit children through county lines drug supply."
)


def context_for(root: Path, tmp_path: Path) -> BuildContext:
    knowledge_base = validate(root).knowledge_base
    return BuildContext(root, knowledge_base, tmp_path / "docs", tmp_path / "site", dt.date(2026, 11, 22), SiteAddress(), "")


def test_two_boroughs_submitting_one_initiative_are_warned(scratch) -> None:  # type: ignore[no-untyped-def]
    scratch.write("practice_example", "hackney-panel", title="Hackney exploitation panel", summary=INITIATIVE, areas=["hackney"])
    scratch.write("practice_example", "brent-panel", title="Brent exploitation panel", summary=INITIATIVE, areas=["brent"])
    scratch.write(
        "practice_example", "other-work", title="Poetry in schools", summary="Young people write poems with a local poet."
    )
    problems = likely_duplicates(scratch.validate().knowledge_base)
    assert [problem.rule for problem in problems] == ["likely-duplicate"]
    assert "practice_examples/brent-panel.yaml" in problems[0].message
    assert "practice_examples/hackney-panel.yaml" in problems[0].message
    assert problems[0].severity == "warning"


def test_the_real_entries_have_no_likely_duplicates() -> None:
    # How fast the check is belongs to `make bench` (kb validate at 3,000 and 10,000 entries), not to a timed test.
    assert likely_duplicates(KNOWLEDGE_BASE) == []


def test_related_lists_explicit_entries_first_then_similar_ones(scratch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch.write("practice_example", "hackney-panel", title="Hackney exploitation panel", summary=INITIATIVE, related=["poetry"])
    scratch.write("practice_example", "brent-panel", title="Brent exploitation panel", summary=INITIATIVE + " Brent too.")
    scratch.write("practice_example", "poetry", title="Poetry in schools", summary="Young people write poems with a poet.")
    tail = INITIATIVE.split()[18:]
    for number in range(9):  # each shares a few of the panel's rarer words
        words = " ".join(tail[number * 3 : number * 3 + 4])
        scratch.write("practice_example", f"filler-{number}", title=f"Other work {number}", summary=f"Work about {words}.")
    context = context_for(scratch.root, tmp_path)
    related = [entry.id for entry in related_entries(context.knowledge_base.entries["hackney-panel"], context)]
    assert related[0] == "poetry" and related[1] == "brent-panel"
    assert len(related) == MAX_RELATED and "hackney-panel" not in related


def test_entry_footer_carries_filters_and_meta(scratch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch.write(
        "protocol", "old-protocol", title="Old protocol", summary="About CCE.", status="superseded", superseded_by="new-protocol"
    )
    scratch.write("protocol", "new-protocol", title="New protocol", summary="The new one.")
    context = context_for(scratch.root, tmp_path)
    html = entry_footer(context.knowledge_base.entries["old-protocol"], context)
    assert '<span data-pagefind-filter="kind">Protocol or guidance</span>' in html
    assert '<span data-pagefind-filter="theme">Child criminal exploitation</span>' in html
    assert '<span data-pagefind-filter="area">Pan-London</span>' in html
    assert '<span data-pagefind-filter="audience">' in html
    assert '<span data-pagefind-meta="status">superseded</span>' in html
    assert '<span data-pagefind-meta="last_reviewed">2026-01-15</span>' in html
    assert '<span data-pagefind-meta="successor">protocols/new-protocol/</span>' in html
    assert 'class="kb-search-data" hidden data-pagefind-ignore' in html  # facets are not indexed as words


def test_status_facet_and_label_distinguish_confirmed_unconfirmed_and_superseded(scratch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch.write("protocol", "confirmed", title="Confirmed protocol")
    scratch.write("protocol", "unconfirmed", title="Unconfirmed protocol", status_checked="2021-11-01")
    scratch.write("protocol", "reviewed", title="Protocol under review", status="under-review")
    page = {"title": "Its successor", "publisher": "A partnership", "date": "2026", "url": "https://www.example.org/next"}
    scratch.write("protocol", "replaced", title="Replaced protocol", status="superseded", successor=page)
    context = context_for(scratch.root, tmp_path)
    markup = {
        entry_id: entry_footer(context.knowledge_base.entries[entry_id], context) for entry_id in context.knowledge_base.entries
    }
    assert '<span data-pagefind-filter="status">Current, confirmed</span>' in markup["confirmed"]
    assert (
        '<span data-pagefind-meta="status_label">Current: confirmed on 1 November 2026 against An example partnership&#39;s page; watched weekly</span>'
        in markup["confirmed"]
    )
    assert '<span data-pagefind-meta="rank_weight">1</span>' in markup["confirmed"]
    assert '<span data-pagefind-filter="status">Not confirmed recently</span>' in markup["unconfirmed"]
    assert '<span data-pagefind-meta="status_label">Current: not confirmed since 1 November 2021</span>' in markup["unconfirmed"]
    assert '<span data-pagefind-meta="rank_weight">0.9</span>' in markup["unconfirmed"]
    assert '<span data-pagefind-filter="status">Under review</span>' in markup["reviewed"]
    assert '<span data-pagefind-meta="successor">https://www.example.org/next</span>' in markup["replaced"]
    assert '<span data-pagefind-meta="rank_weight">0.5</span>' in markup["replaced"]
    choices = facet_choices(context.knowledge_base, context.today)
    assert choices["status"] == ["Current, confirmed", "Under review", "Not confirmed recently", "Superseded"]


def test_search_page_and_vocabulary_are_written(scratch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch.write("protocol", "philomena-protocol", title="Philomena Protocol")
    context = context_for(scratch.root, tmp_path)
    write_search_page(context)
    folder = context.docs_dir / "search"
    assert {path.name for path in folder.iterdir()} == {"index.md", "search.js", "search.css", "vocabulary.txt", "lexicon.json"}
    page = (folder / "index.md").read_text(encoding="utf-8")
    assert '<label for="kb-search-input">' in page and 'role="status"' in page and "<noscript>" in page
    assert "philomena" in (folder / "vocabulary.txt").read_text(encoding="utf-8").split()
    lexicon = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
    assert ["CCE", "Child criminal exploitation"] in lexicon["pairs"]
    assert ["gangs", "Child criminal exploitation"] in lexicon["leads"]
    assert "philomena" in lexicon["common"]  # in every entry of this one-entry base


def test_similarity_compares_each_entry_with_a_bounded_number_of_candidates() -> None:
    import numpy as np

    from kb.search.similarity import KEY_TERMS, MAX_CANDIDATES, MAX_POSTINGS, candidate_lists

    count = 1000  # key terms shared by 100 entries each: under a fifth of N, yet too common to compare on
    keys = [[*(f"term{k}-{number // 100}" for k in range(KEY_TERMS - 1)), f"rare{number // 5}"] for number in range(count)]
    numbering = {term: number for number, term in enumerate(dict.fromkeys(term for entry_keys in keys for term in entry_keys))}
    key_entries = np.repeat(np.arange(count), KEY_TERMS)
    key_numbers = np.array([numbering[term] for entry_keys in keys for term in entry_keys])
    key_ranks = np.tile(np.arange(KEY_TERMS), count)
    starts, numbers = candidate_lists(key_entries, key_numbers, key_ranks, count)
    assert np.count_nonzero(key_numbers == numbering["term0-0"]) > MAX_POSTINGS  # a common key term starts no comparison...
    assert sorted(numbers[starts[0] : starts[1]]) == [1, 2, 3, 4]  # ...so only the entries sharing the rare one are compared
    assert max(np.diff(starts)) <= MAX_CANDIDATES


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_knowledge_base_of_few_entries_has_no_likely_duplicates(scratch, count: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        scratch.write("practice_example", f"panel-{number}", title=f"Panel {number}", summary=INITIATIVE if number else "Poems.")
    knowledge_base = scratch.validate().knowledge_base
    assert likely_duplicates(knowledge_base) == []
    assert all(
        len(related_entries(entry, context_for(scratch.root, scratch.root))) <= 1 for entry in knowledge_base.entries.values()
    )


def test_term_counts_found_in_runs_on_several_cores_are_those_found_in_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kb.search import similarity

    def as_lists(counts: similarity.TermCounts) -> list[list[tuple[str, int]]]:
        ends = counts.lengths.cumsum()
        pairs = [(counts.vocabulary[number], int(times)) for number, times in zip(counts.numbers, counts.times, strict=True)]
        return [pairs[end - length : end] for end, length in zip(ends, counts.lengths, strict=True)]

    entries = sorted(KNOWLEDGE_BASE.entries.values(), key=lambda entry: entry.path)
    alone = similarity.term_counts(entries, KNOWLEDGE_BASE.taxonomy)
    monkeypatch.setattr(similarity, "worker_count", lambda count: 3)  # three runs of entries, on the cores there are
    assert similarity._shares(len(entries))[1] == range(len(entries) // 3, 2 * len(entries) // 3)
    assert as_lists(similarity.term_counts(entries, KNOWLEDGE_BASE.taxonomy)) == as_lists(alone)


def _plain_terms(entry, knowledge_base):  # type: ignore[no-untyped-def]
    """An entry's terms by the definition, counted word by word: what `term_counts` must give, in the same order."""
    from collections import Counter

    from kb.search.documents import body_text
    from kb.search.similarity import STOP, stem
    from kb.search.vocabulary import words

    areas = knowledge_base.taxonomy.areas
    places = {word for area in entry.areas if area in areas for word in words(areas[area].label)}
    counts: Counter[str] = Counter()
    for word in words(f"{entry.title}\n{entry.title}\n{entry.summary}\n{body_text(entry)}"):
        if len(word) > 2 and word not in STOP and word not in places:
            counts[stem(word)] += 1
    return counts


def _plain_vectors(counts):  # type: ignore[no-untyped-def]
    """TF-IDF by the definition, a dict per entry, in Python floats: what `tf_idf` must give exactly."""
    import math
    from collections import Counter

    frequency = Counter(term for count in counts for term in count)
    idf = {term: math.log((1 + len(counts)) / (1 + entries)) for term, entries in frequency.items()}
    vectors = []
    for count in counts:
        vector = {term: (1 + math.log(n)) * idf[term] for term, n in count.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        vectors.append({term: weight / norm for term, weight in vector.items() if weight > 0})
    return vectors


def _plain_candidates(keys, number):  # type: ignore[no-untyped-def]
    """An entry's candidates by the definition: count the entries sharing each of its telling key terms in turn."""
    from collections import Counter

    from kb.search.similarity import COMMON_SHARE, MAX_CANDIDATES, MAX_POSTINGS

    postings: dict[str, list[int]] = {}
    for other, terms in enumerate(keys):
        for term in terms:
            postings.setdefault(term, []).append(other)
    limit = min(max(10, int(len(keys) * COMMON_SHARE)), MAX_POSTINGS)
    shared: Counter[int] = Counter()
    for term in keys[number]:
        if len(postings[term]) <= limit:
            shared.update(postings[term])
    del shared[number]
    return [other for other, _ in shared.most_common(MAX_CANDIDATES)]


def test_the_numpy_vectors_and_candidates_are_those_of_the_plain_definitions() -> None:
    from kb.search.similarity import KEY_TERMS, term_vectors

    vectors = term_vectors(KNOWLEDGE_BASE)
    plain = _plain_vectors([_plain_terms(entry, KNOWLEDGE_BASE) for entry in vectors.entries])
    assert [list(vectors.vector(number).items()) for number in range(len(plain))] == [list(v.items()) for v in plain]
    keys = [[term for term, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:KEY_TERMS]] for vector in plain]
    assert [vectors.candidates(number) for number in range(len(keys))] == [_plain_candidates(keys, n) for n in range(len(keys))]


def test_the_site_index_holds_every_entry_page(real_site) -> None:  # type: ignore[no-untyped-def]
    entries = len(KNOWLEDGE_BASE.entries)
    index = json.loads((real_site / "pagefind/pagefind-entry.json").read_text())
    assert index["languages"]["en"]["page_count"] == entries


def test_numpy_cosines_are_the_plain_sums_of_products() -> None:
    from kb.search.similarity import term_vectors

    def cosine(first: dict[str, float], second: dict[str, float]) -> float:
        return sum(first[term] * second[term] for term in first.keys() & second.keys())

    vectors = term_vectors(KNOWLEDGE_BASE)
    for number in range(len(vectors.entries)):
        others = vectors.candidates(number)
        plain = [cosine(vectors.vector(number), vectors.vector(other)) for other in others]
        assert vectors.cosines(number, others) == pytest.approx(plain, abs=1e-12)
