"""Entry pages rendered on every core: each page depends only on the model, so the work splits cleanly.

The first page is rendered before forking (`kb.forking`), so caches the hooks fill lazily are built
once and shared rather than once per worker.
"""

from __future__ import annotations

from ..forking import fork_map
from .pages import SiteView, entry_page
from .rendering import page_path


def entry_pages_parallel(view: SiteView, workers: int | None = None) -> dict[str, str]:
    """Entry pages, path -> text."""
    entries = view.knowledge_base.entries
    ids = list(entries)
    if not ids:
        return {}
    pages = {page_path(entries[ids[0]].url): entry_page(entries[ids[0]], view)}

    def render(entry_id: str) -> tuple[str, str]:
        return page_path(entries[entry_id].url), entry_page(entries[entry_id], view)

    pages.update(fork_map(render, ids[1:], workers))
    return pages
