"""Run Pagefind over the built site, so the search page can load the index in small chunks."""

from __future__ import annotations

import subprocess
import sys
import time

from ..site.hooks import BuildContext

STAGE = "search indexing"


class PagefindError(RuntimeError):
    pass


def run_pagefind(context: BuildContext) -> None:
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(context.site_dir), "--silent"]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise PagefindError(f"pagefind failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    context.timings[STAGE] = context.timings.get(STAGE, 0.0) + time.perf_counter() - started
