"""Every entry is found first by its own title in `kb search` (issue #14), typed as written, in lower case
and without its punctuation. The site's Pagefind index is checked in tests/browser/test_exact_titles.py."""

from __future__ import annotations

import re
from pathlib import Path

from kb.search.index import on_disk
from kb.search.query import search
from tests.browser.real_entries import KNOWLEDGE_BASE

REPO = Path(__file__).resolve().parents[2]


def test_every_entry_is_first_for_its_exact_title() -> None:
    index = on_disk(REPO)
    entries = KNOWLEDGE_BASE.entries.values()
    misses = []
    for entry in entries:
        for typed in (entry.title, re.sub(r"[^\w\s]", " ", entry.title).lower()):
            results = search(index, typed, limit=3).results
            if not results or results[0].id != entry.id:
                misses.append(f"{typed!r}: got {[hit.id for hit in results]}, wanted {entry.id}")
    assert not misses, "\n".join(misses)


def test_a_title_typed_in_capitals_still_comes_first() -> None:
    index = on_disk(REPO)
    entries = KNOWLEDGE_BASE.entries
    titled = next(entry for entry in entries.values() if len(entry.title.split()) >= 4)
    assert search(index, titled.title.upper(), limit=1).results[0].id == titled.id
