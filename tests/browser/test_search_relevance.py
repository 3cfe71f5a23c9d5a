"""Relevance and weight of the site's search, in Chromium.

Prints recall@5 and MRR over the judged practitioner queries and the gzip bytes a fresh browser fetches to
open the site and run a first search. The site's search must reach recall@5 of 0.95 and stay under 300 KB
for a first search (issue 7). The comparison with mkdocs-material's own search, which needs a second build
of the site, is a benchmark: `python -m benchmarks.relevance` (part of `make bench`).
"""

from __future__ import annotations

from benchmarks.browser import measure_transfer, site_searches_in_page
from benchmarks.relevance import ids_from_paths
from tests.relevance.judged import evaluate, judged_queries

TARGET_RECALL = 0.95
FIRST_SEARCH_BUDGET = 300 * 1024


def test_site_search_recall(page, site_url) -> None:  # type: ignore[no-untyped-def]
    shown = site_searches_in_page(page, site_url, [judged.query for judged in judged_queries()])
    ours = evaluate("site search (Pagefind)", lambda query: ids_from_paths(shown[query].paths))
    print("\n" + ours.line() + "".join(f"\n  {miss}" for miss in ours.misses))
    assert ours.recall_at_5 >= TARGET_RECALL, ours.misses


def test_first_search_bytes(chromium, built_site, site_url) -> None:  # type: ignore[no-untyped-def]
    ours = measure_transfer(chromium, built_site, site_url, "pagefind", "child criminal exploitation")
    print(
        f"\nfirst search, gzip: Pagefind page {ours.total / 1024:.0f} KB "
        f"(Pagefind engine and index {ours.part('pagefind/') / 1024:.0f} KB, vocabulary and lexicon "
        f"{(ours.part('vocabulary.txt') + ours.part('lexicon.json')) / 1024:.0f} KB)"
    )
    assert not [url for url, size in ours.files.items() if "://" in url], "the search page fetched from another site"
    assert ours.total <= FIRST_SEARCH_BUDGET
