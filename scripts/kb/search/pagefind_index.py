"""The Pagefind index of the site, so the search page can load it in small chunks.

`kb build` indexes the entry pages from the model (`kb.site.hooks.BuildContext.entry_articles`, the
very HTML each page's article holds) through Pagefind's Python API, in a process of its own started
before mkdocs renders: Pagefind runs on the second core while mkdocs renders on the first, and the
index is moved into the site when mkdocs is done. The process writes each article as a small page
into a scratch folder and asks Pagefind to index that folder (`add_directory`, one request): the
Python API's `add_html_file` waits 0.1 s for each answer (pagefind 1.5's client polls its service's
output every 0.1 s), 31 s for 300 pages. Only entry pages are indexed either way (their
article carries `data-pagefind-body`, so Pagefind leaves out every page without it). `kb serve`, whose
entry pages mkdocs renders, runs Pagefind's command over the built site as before.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..site.hooks import BuildContext
from .search_head import add_preloads
from .site_page import SEARCH_FOLDER

# Parts of an entry page that are about the page, not the entry: indexing them would only make the
# index and each result's data file bigger (and fill snippets with "To change this entry..."). Lists of
# other entries (a topic's entries, with their titles and summaries) are theirs, not the page's: indexed,
# a topic page matched every acronym its entries spell out, and counts ran far above `kb search`'s.
NOT_INDEXED = ".kb-entry__edit, .kb-entry__reviewed, .kb-share, .kb-list"
LIVE = "pagefind-live"  # context.data key of the index being built beside mkdocs
# The page around an article, as Pagefind reads it from the built site: only <html lang> and the article count.
PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{}</body></html>'


class PagefindError(RuntimeError):
    pass


@dataclass
class LiveIndex:
    """Pagefind indexing the entry pages in a forked process, into `output`."""

    process: multiprocessing.process.BaseProcess
    output: Path
    error_file: Path
    started: float

    def finish(self) -> Path:
        """Wait for the index; its folder, or PagefindError with Pagefind's words."""
        self.process.join()
        if self.process.exitcode != 0:
            message = self.error_file.read_text(encoding="utf-8") if self.error_file.exists() else ""
            raise PagefindError(f"pagefind failed ({self.process.exitcode}): {message.strip() or 'no message'}")
        return self.output


def start_indexing(context: BuildContext) -> None:
    """Index `context.entry_articles` in a process of its own; `run_pagefind` collects it after mkdocs."""
    if not context.entry_articles:
        return
    folder = context.docs_dir.parent / "pagefind-index"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    output, error_file = folder / "pagefind", folder / "error.txt"
    pages = context.entry_articles  # the forked process inherits them: nothing is copied between processes
    process = multiprocessing.get_context("fork").Process(
        target=_index_in_child, args=(pages, folder / "pages", output, error_file), name="pagefind", daemon=True
    )
    process.start()
    context.data[LIVE] = LiveIndex(process, output, error_file, time.perf_counter())


def _index_in_child(pages: dict[str, str], scratch: Path, output: Path, error_file: Path) -> None:
    try:
        asyncio.run(index_pages(pages, scratch, output))
    except Exception as error:  # reported by the parent as a build failure, in these words
        error_file.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
        sys.exit(1)


async def index_pages(pages: dict[str, str], scratch: Path, output: Path) -> None:
    """Pagefind's index of these pages (site-relative URL -> the article's HTML), written to `output`;
    the pages are written under `scratch` for Pagefind to read, at the paths they have in the site."""
    from pagefind.index import PagefindIndex

    for url, html in pages.items():
        page = scratch / url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(html), encoding="utf-8")
    config = {"exclude_selectors": [selector.strip() for selector in NOT_INDEXED.split(",")], "output_path": str(output)}
    async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
        await index.add_directory(str(scratch))


def run_pagefind(context: BuildContext) -> None:
    """Put the index in the site (the one built beside mkdocs, or Pagefind's command over the built site),
    swapping the old one out last: `kb serve` keeps serving it meanwhile."""
    index = context.site_dir / "pagefind"
    live = context.data.pop(LIVE, None)
    fresh = live.finish() if live is not None else _index_built_site(context.site_dir, index.with_name("pagefind.next"))
    old = index.with_name("pagefind.old")
    shutil.rmtree(old, ignore_errors=True)
    if index.exists():
        index.rename(old)
    shutil.move(str(fresh), str(index))
    shutil.rmtree(old, ignore_errors=True)
    search_page = context.site_dir / SEARCH_FOLDER / "index.html"
    if search_page.is_file():
        try:
            add_preloads(context.site_dir, search_page)
        except (OSError, ValueError, KeyError) as error:
            raise PagefindError(f"cannot read Pagefind's index to preload it on the search page: {error}") from None


def _index_built_site(site_dir: Path, fresh: Path) -> Path:
    shutil.rmtree(fresh, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(fresh)]
    finished = subprocess.run(
        [*command, "--exclude-selectors", NOT_INDEXED, "--silent"], capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PagefindError(f"pagefind failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    return fresh
