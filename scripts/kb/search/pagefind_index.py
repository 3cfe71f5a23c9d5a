"""The Pagefind index of the site, so the search page can load it in small chunks.

`kb build` feeds the entry pages' articles (the very HTML each built page's article holds) to Pagefind's
service in batches as they are rendered (`kb.search.pagefind_service`): Pagefind reads them meanwhile, on
the second core, and builds the index while mkdocs renders; the index is moved into the site when mkdocs is done. Only
entry pages are indexed (their article carries `data-pagefind-body`, so Pagefind would leave out every page
without it anyway). `kb serve`, whose entry pages mkdocs renders, runs Pagefind's command over the built site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..site.hooks import BuildContext
from .pagefind_service import PagefindError, PagefindFeed
from .search_head import add_preloads
from .site_page import SEARCH_FOLDER

# Parts of an entry page that are about the page, not the entry: indexing them would only make the
# index and each result's data file bigger (and fill snippets with "To change this entry..."). Lists of
# other entries (a topic's entries, with their titles and summaries) are theirs, not the page's: indexed,
# a topic page matched every acronym its entries spell out, and counts ran far above `kb search`'s.
NOT_INDEXED = ".kb-entry__edit, .kb-entry__reviewed, .kb-share, .kb-list"
LIVE = "pagefind-live"  # context.data key of the index being built beside the rendering and mkdocs


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)),
        *("--exclude-selectors", NOT_INDEXED, "--silent"),
    ]


def start_feed(context: BuildContext) -> PagefindFeed | None:
    """Pagefind's service, ready to read the entry articles as they are rendered; `run_pagefind` collects its index."""
    if not context.knowledge_base.entries:
        return None
    output = context.site_dir.with_name(f"{context.site_dir.name}.pagefind")  # beside the site: moved in by a rename
    shutil.rmtree(output, ignore_errors=True)
    feed = PagefindFeed.start(output, context.docs_dir.parent / "pagefind-pages", NOT_INDEXED)  # scratch, perhaps in memory
    context.data[LIVE] = feed
    return feed


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
    finished = subprocess.run(pagefind_command(site_dir, fresh), capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PagefindError(f"pagefind failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    return fresh
