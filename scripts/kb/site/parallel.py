"""Entry pages rendered on every core: each page depends only on the model, so the work splits cleanly.

The first page is rendered before forking (`kb.forking`), so caches the hooks fill lazily are built
once and shared rather than once per worker.
"""

from __future__ import annotations

from collections.abc import Callable

from ..forking import fork_map
from ..model import Entry
from .pages import SiteView, entry_article, entry_page
from .rendering import page_path


def entry_pages_parallel(view: SiteView, workers: int | None = None) -> dict[str, str]:
    """Entry pages as Markdown for mkdocs (`kb serve`), docs-relative path -> text."""
    pages = _per_entry(view, entry_page, workers)
    return {page_path(url): text for url, text in pages.items()}


def entry_articles_parallel(view: SiteView, workers: int | None = None) -> dict[str, str]:
    """Entry pages' finished HTML (`kb build` writes it into the theme itself), entry URL -> HTML."""
    return _per_entry(view, entry_article, workers)


def _per_entry(view: SiteView, render: Callable[[Entry, SiteView], str], workers: int | None) -> dict[str, str]:
    entries = view.knowledge_base.entries
    ids = list(entries)
    if not ids:
        return {}
    first = entries[ids[0]]
    pages = {first.url: render(first, view)}

    def render_one(entry_id: str) -> tuple[str, str]:
        return entries[entry_id].url, render(entries[entry_id], view)

    pages.update(fork_map(render_one, ids[1:], workers))
    return pages
