"""Run Pagefind over the built site, so the search page can load the index in small chunks."""

from __future__ import annotations

import shutil
import subprocess
import sys

from ..site.hooks import BuildContext
from .search_head import add_preloads
from .site_page import SEARCH_FOLDER

# Parts of an entry page that are about the page, not the entry: indexing them would only make the
# index and each result's data file bigger (and fill snippets with "To change this entry..."). Lists of
# other entries (a topic's entries, with their titles and summaries) are theirs, not the page's: indexed,
# a topic page matched every acronym its entries spell out, and counts ran far above `kb search`'s.
NOT_INDEXED = ".kb-entry__edit, .kb-entry__reviewed, .kb-share, .kb-list"


class PagefindError(RuntimeError):
    pass


def run_pagefind(context: BuildContext) -> None:
    """Index the site into a folder beside the index, then swap it in: `kb serve` keeps serving the old one meanwhile."""
    index = context.site_dir / "pagefind"
    fresh, old = index.with_name("pagefind.next"), index.with_name("pagefind.old")
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(context.site_dir), "--output-path", str(fresh)]
    finished = subprocess.run(
        [*command, "--exclude-selectors", NOT_INDEXED, "--silent"], capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PagefindError(f"pagefind failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    if index.exists():
        index.rename(old)
    fresh.rename(index)
    shutil.rmtree(old, ignore_errors=True)
    search_page = context.site_dir / SEARCH_FOLDER / "index.html"
    if search_page.is_file():
        try:
            add_preloads(context.site_dir, search_page)
        except (OSError, ValueError, KeyError) as error:
            raise PagefindError(f"cannot read Pagefind's index to preload it on the search page: {error}") from None
