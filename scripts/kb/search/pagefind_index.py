"""Run Pagefind over the built site, so the search page can load the index in small chunks."""

from __future__ import annotations

import subprocess
import sys

from ..site.hooks import BuildContext

# Parts of an entry page that are about the page, not the entry: indexing them would only make the
# index and each result's data file bigger (and fill snippets with "To change this entry...").
NOT_INDEXED = ".kb-entry__edit, .kb-entry__reviewed, .kb-share"


class PagefindError(RuntimeError):
    pass


def run_pagefind(context: BuildContext) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(context.site_dir), "--exclude-selectors", NOT_INDEXED, "--silent"]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise PagefindError(f"pagefind failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
