"""Every entry is found first by its exact title on the site (issue #14). Its page's heading, which Pagefind
takes as the result's title, is the entry's title, weighted above other headings; Pagefind's own ranking puts
it in the first page of results for its title (short titles such as "County lines" come second, after a longer
page with the same words in its heading), and the exact-title rule, as in `kb search`, puts it first: a result
whose title is the query, case and punctuation aside (`title_key`), goes to the top. `kb search`:
tests/relevance/test_exact_titles.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.browser import site_searches_in_page
from kb.search.documents import title_key
from tests.browser.real_entries import KNOWLEDGE_BASE

pytestmark = pytest.mark.shared_profile  # they only read pages (conftest.py)

REPO = Path(__file__).resolve().parents[2]
FIRST_PAGE = 8  # the results the search page shows (and fetches the data of) at once
FIRST_RESULTS = """
async ([titles, count]) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const first = {};
  for (const title of titles) {
    const found = await pagefind.search(title);
    first[title] = await Promise.all(found.results.slice(0, count).map(async (result) => {
      const data = await result.data();
      return [data.url, data.meta.title];
    }));
  }
  return first;
}
"""


def exact_title_first(query: str, results: list[list[str]]) -> list[list[str]]:
    exact = [result for result in results if title_key(result[1]) == title_key(query)]
    return exact + [result for result in results if result not in exact]


def test_every_entry_is_first_for_its_exact_title_in_pagefind(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    entries = list(KNOWLEDGE_BASE.entries.values())
    page.goto(site_url, wait_until="load")
    first_pages = page.evaluate(FIRST_RESULTS, [[entry.title for entry in entries], FIRST_PAGE])
    misses = []
    for entry in entries:
        ranked = exact_title_first(entry.title, first_pages[entry.title])
        url, title = ranked[0] if ranked else ("nothing", "")
        if not url.endswith("/" + entry.url) or title != entry.title:
            misses.append(f"{entry.title!r}: first {url} titled {title!r}, wanted {entry.url}")
    assert not misses, "\n".join(misses)


# Titles whose words other pages share: every case review (its heading used to be "year – partnership"),
# and short titles that Pagefind alone ranks second.
ON_THE_PAGE = (
    "County lines",
    "Missing children",
    "Contextual safeguarding",
)


def test_the_search_page_puts_the_entry_whose_title_was_typed_first(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    entries = {entry.title: entry for entry in KNOWLEDGE_BASE.entries.values()}
    reviews = [title for title, entry in entries.items() if entry.kind.name == "case_review"]
    titles = [title for title in [*ON_THE_PAGE, *reviews] if title in entries]
    shown = site_searches_in_page(page, site_url, [title.upper() + "!" for title in titles])
    for title in titles:
        first = shown[title.upper() + "!"].paths[:1]
        assert first == [entries[title].url], f"{title!r}: first {first}"
