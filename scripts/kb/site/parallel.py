"""Entry pages rendered on every core: each page depends only on the model, so the work splits cleanly.

The first page is rendered before forking (`kb.forking`), so caches the hooks fill lazily are built
once and shared rather than once per worker.
"""

from __future__ import annotations

from ..forking import fork_map, worker_count
from .pages import SiteView, entry_page, page_path


def entry_pages_parallel(view: SiteView, workers: int | None = None, timings: dict[str, float] | None = None) -> dict[str, str]:
    """Entry pages, path -> text. Time the hooks record in `timings` inside workers is added back to it
    (summed over workers, so it is processor time rather than elapsed time)."""
    entries = view.knowledge_base.entries
    ids = list(entries)
    if not ids:
        return {}
    timings = timings if timings is not None else {}
    pages = {page_path(entries[ids[0]].url): entry_page(entries[ids[0]], view)}

    def render(entry_id: str) -> tuple[str, str, dict[str, float]]:
        before = dict(timings)
        text = entry_page(entries[entry_id], view)
        spent = {name: seconds - before.get(name, 0.0) for name, seconds in timings.items() if seconds != before.get(name, 0.0)}
        return page_path(entries[entry_id].url), text, spent

    forked = worker_count(len(ids) - 1, workers) > 1  # in a worker, the hooks' timings stay in the worker's copy
    for path, text, spent in fork_map(render, ids[1:], workers):
        pages[path] = text
        for name, seconds in spent.items() if forked else ():
            timings[name] = timings.get(name, 0.0) + seconds
    return pages
