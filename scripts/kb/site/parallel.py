"""Entry pages (and the listings beside them) rendered on every core: each page depends only on the model, so the
work splits cleanly.

The first page is rendered before forking (`kb.forking`), so caches the hooks fill lazily are built
once and shared rather than once per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..forking import fork_map
from ..model import Entry
from .pages import SiteView

PageFiles = Callable[[], dict[str, str]]  # a generator of whole pages: docs-relative path -> text


def pages_parallel(
    view: SiteView, render: Callable[[Entry, SiteView], str], others: Sequence[PageFiles] = (), workers: int | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Every entry page (entry URL -> what `render` makes of it) and the files each of `others` makes (the index
    pages, the open data), on every core. The others come first, so that the entry pages fill the time around
    them (`fork_map` hands items out as processes ask) and no core waits for a listing at the end."""
    entries = view.knowledge_base.entries
    ids = list(entries)
    pages: dict[str, str] = {}
    if ids:
        first = entries[ids.pop(0)]
        pages[first.url] = render(first, view)
    items: list[tuple[str, Any]] = [("others", index) for index in range(len(others))] + [("entry", key) for key in ids]

    def work(item: tuple[str, Any]) -> Any:
        what, key = item
        return others[key]() if what == "others" else (entries[key].url, render(entries[key], view))

    files: dict[str, str] = {}
    for (what, _), result in zip(items, fork_map(work, items, workers), strict=True):
        if what == "others":
            files.update(result)
        else:
            pages[result[0]] = result[1]
    return pages, files
