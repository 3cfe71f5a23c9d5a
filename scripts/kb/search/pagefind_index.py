"""The Pagefind index of the site, so the search page can load it in small chunks.

`kb build` indexes the entry pages from the model while mkdocs renders: a forked process writes each
entry page's article (`kb.site.hooks.BuildContext.entry_articles`, the very HTML the built page's
article holds) as a small page into a scratch folder, then becomes Pagefind (exec) indexing that
folder, on the second core while mkdocs renders on the first; the index is moved into the site when
mkdocs is done. Only entry pages are indexed either way (their article carries `data-pagefind-body`,
so Pagefind leaves out every page without it), and the index is the same: the same pages, words,
fragments and filters. `kb serve`, whose entry pages mkdocs renders, runs Pagefind over the built site.

Pagefind's Python API was tried for this (`PagefindIndex.add_html_file`, a record a page): pagefind
1.5's client reads its service's answers one each 0.1 s, 31 s for 300 pages. Its `add_directory` is
the command's own folder indexing, which this runs, in a process that holds none of the build's memory.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..site.hooks import Background, BuildContext
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


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)),
        *("--exclude-selectors", NOT_INDEXED, "--silent"),
    ]


@dataclass
class LiveIndex(Background):
    """Pagefind indexing the entry pages in a process of its own, into `output`."""

    pid: int
    output: Path
    messages: Path

    def finish(self) -> Path:
        """Wait for the index; its folder, or PagefindError with Pagefind's words."""
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            said = self.messages.read_text(encoding="utf-8", errors="replace").strip() if self.messages.exists() else ""
            shutil.rmtree(self.output, ignore_errors=True)
            raise PagefindError(f"pagefind failed ({code}): {said or 'no message'}")
        return self.output

    def abandon(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass  # it had finished, or was waited for already
        shutil.rmtree(self.output, ignore_errors=True)  # a failed build's index (none once moved into the site)


def start_indexing(context: BuildContext) -> None:
    """Index `context.entry_articles` in a process of its own; `run_pagefind` collects it after mkdocs."""
    if not context.entry_articles:
        return
    folder = context.docs_dir.parent / "pagefind-index"  # scratch, perhaps in memory (kb.site.scratch)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages, messages = folder / "pages", folder / "messages.txt"
    output = context.site_dir.with_name(f"{context.site_dir.name}.pagefind")  # beside the site: moved in by a rename
    shutil.rmtree(output, ignore_errors=True)
    command = pagefind_command(pages, output)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: it inherits the articles (nothing copied between processes), then becomes Pagefind
        _write_then_exec(context.entry_articles, pages, messages, command)
    context.data[LIVE] = LiveIndex(pid, output, messages)


def _write_then_exec(articles: dict[str, str], pages: Path, messages: Path, command: list[str]) -> None:
    try:
        write_pages(articles, pages)
        log = os.open(messages, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.execve(command[0], command, {**os.environ, "RAYON_NUM_THREADS": "1"})  # one core: mkdocs renders on the other
    except BaseException as error:  # whatever happens, a forked child must never return into the build
        messages.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
    os._exit(1)


def write_pages(articles: dict[str, str], folder: Path) -> None:
    """Each article as a page at its path in the site (site-relative URL + index.html), for Pagefind to read."""
    for url, html in articles.items():
        page = folder / url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(html), encoding="utf-8")


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
