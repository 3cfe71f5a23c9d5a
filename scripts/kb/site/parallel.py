"""Entry pages (and the listings beside them) rendered on every core: each page depends only on the model, so the
work splits cleanly.

The first page is rendered before forking (`kb.forking`), so caches the hooks fill lazily are built
once and shared rather than once per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from ..forking import beside, fork_map, worker_count
from ..model import Entry
from .pages import SiteView

PageFiles = Callable[[], dict[str, str]]  # a generator of whole pages: docs-relative path -> text


def pages_parallel(
    view: SiteView, render: Callable[[Entry, SiteView], str], others: Sequence[PageFiles] = (), workers: int | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Every entry page (entry URL -> what `render` makes of it) and the files each of `others` makes (the index
    pages, the open data), on every core. The others are made in a process of their own from the start, because
    they need nothing the entry pages do: meanwhile this process builds what the entry pages share (related
    entries' term vectors, on the first page) before the entry pages are dealt out."""
    entries = view.knowledge_base.entries
    parallel = worker_count(len(entries), workers) > 1
    with beside(partial(_files_of, others), parallel) as other_files:
        pages = _entry_pages(view, render, workers)
        files = other_files()
    return pages, files


def _entry_pages(view: SiteView, render: Callable[[Entry, SiteView], str], workers: int | None) -> dict[str, str]:
    entries = view.knowledge_base.entries
    ids = list(entries)
    pages: dict[str, str] = {}
    if ids:
        first = entries[ids.pop(0)]
        pages[first.url] = render(first, view)
    for key, page in zip(ids, fork_map(lambda key: render(entries[key], view), ids, workers), strict=True):
        pages[entries[key].url] = page
    return pages


def _files_of(others: Sequence[PageFiles]) -> dict[str, str]:
    files: dict[str, str] = {}
    for make in others:
        files.update(make())
    return files
