"""Entry pages rendered on every core: each page depends only on the model, so the work splits cleanly.

Workers are forked, so they inherit the model and every registered hook without pickling
them. The first page is rendered before forking, so caches the hooks fill lazily (say, the
related-entries vectors) are built once and shared rather than once per worker.
"""

from __future__ import annotations

import multiprocessing
import os

from ..model import Entry
from .pages import SiteView, entry_page, page_path

PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves
_VIEW: SiteView | None = None  # set in the parent just before forking; read by the workers
_TIMINGS: dict[str, float] = {}  # the build's timings, as the workers inherit them


def worker_count(entries: int, workers: int | None = None) -> int:
    if workers is not None:
        return max(1, workers)
    if entries < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 4)


def entry_pages_parallel(view: SiteView, workers: int | None = None, timings: dict[str, float] | None = None) -> dict[str, str]:
    """Entry pages, path -> text. Time the hooks record in `timings` inside workers is added back to it
    (summed over workers, so it is processor time rather than elapsed time)."""
    entries = list(view.knowledge_base.entries.values())
    count = worker_count(len(entries), workers)
    if count == 1 or len(entries) < 2:
        return {page_path(entry.url): entry_page(entry, view) for entry in entries}
    global _VIEW, _TIMINGS
    timings = timings if timings is not None else {}
    pages = {page_path(entries[0].url): entry_page(entries[0], view)}
    _VIEW, _TIMINGS = view, timings
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            ids = [entry.id for entry in entries[1:]]
            chunks = [ids[index::count] for index in range(count)]
            for rendered, spent in pool.map(_render_chunk, chunks):
                pages.update(rendered)
                for name, seconds in spent.items():
                    timings[name] = timings.get(name, 0.0) + seconds
    finally:
        _VIEW, _TIMINGS = None, {}
    return pages


def _render_chunk(entry_ids: list[str]) -> tuple[dict[str, str], dict[str, float]]:
    assert _VIEW is not None
    before = dict(_TIMINGS)
    entries: dict[str, Entry] = _VIEW.knowledge_base.entries
    pages = {page_path(entries[entry_id].url): entry_page(entries[entry_id], _VIEW) for entry_id in entry_ids}
    spent = {name: seconds - before.get(name, 0.0) for name, seconds in _TIMINGS.items() if seconds != before.get(name, 0.0)}
    return pages, spent
