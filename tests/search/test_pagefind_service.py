"""Pagefind's service fed the entry articles as they are rendered: the same index as Pagefind's command, pages in
the model's order whatever process sent them, and Pagefind's failures reported, never a half-written index."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.forking import fork_map
from kb.offline.service_worker import catalogue
from kb.search.pagefind_index import NOT_INDEXED
from kb.search.pagefind_service import PAGE, PagefindError, PagefindFeed
from kb.search.search_head import metadata

BATCH = 6  # pages a batch: 40 pages make 6 whole batches and a last one of 4
ARTICLES = [
    (
        f"protocols/p{number}/",
        f"<article data-pagefind-body><h1>Protocol {number}</h1><p>Exploitation, word{number}, and the NRM.</p>"
        f'<span data-pagefind-filter="kind">Protocol</span><div class="kb-share">share this page</div></article>',
    )
    for number in range(40)
]


def _fed(index: Path, order: list[int], workers: int = 1) -> Path:
    feed = PagefindFeed.start(index, index.parent / "pages", NOT_INDEXED, batch=BATCH)
    fork_map(lambda position: feed.add(position, *ARTICLES[position]), order, workers=workers)
    feed.added_all(ARTICLES)
    return feed.finish()


def _fragments(index: Path) -> dict[str, dict[str, object]]:
    """Each page's fragment (its words, title, filters), by URL."""
    fragments = {}
    for path in (index / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        fragments[fragment["url"]] = fragment
    return fragments


def _page_order(site: Path) -> list[str]:
    """The URLs in the order Pagefind numbered the pages (its metadata lists their fragments in that order)."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = metadata(site, entry["languages"]["en"]["hash"])[1]
    urls = {page.id: page.url for page in catalogue(site)}
    return [urls[name] for name, _ in pages]


def test_the_feed_makes_the_index_pagefinds_command_makes_of_the_same_pages(tmp_path: Path) -> None:
    fed = _fed(tmp_path / "fed" / "index", list(range(len(ARTICLES))))
    pages = tmp_path / "pages"
    for url, article in ARTICLES:
        (pages / url).mkdir(parents=True)
        (pages / url / "index.html").write_text(PAGE.format(article), encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(tmp_path / "command")]
    subprocess.run([*command, "--exclude-selectors", NOT_INDEXED, "--silent"], check=True)
    assert _fragments(fed) == _fragments(tmp_path / "command")
    assert len(_fragments(fed)) == len(ARTICLES) and "share this page" not in json.dumps(_fragments(fed))
    named = [
        sorted(path.name for path in index.iterdir() if not path.name.endswith(".pf_meta"))
        for index in (fed, tmp_path / "command")
    ]
    assert named[0] == named[1]  # the same files (the metadata's name is a hash of the page order)


def test_pages_added_by_two_processes_in_any_order_are_read_batch_by_batch_in_the_models_order(tmp_path: Path) -> None:
    shuffled = [7, 3, 0, 39, 12, 1, 2, 38, *range(4, 7), *range(8, 12), *range(13, 38)]
    _fed(tmp_path / "site" / "pagefind", shuffled, workers=2)  # where the site has it, for the project's own readers
    order = _page_order(tmp_path / "site")
    batches = [{url for url, _ in ARTICLES[start : start + BATCH]} for start in range(0, len(ARTICLES), BATCH)]
    assert [set(order[start : start + BATCH]) for start in range(0, len(order), BATCH)] == batches


def test_pagefind_ending_early_fails_the_index_with_a_message_and_leaves_no_folder(tmp_path: Path) -> None:
    feed = PagefindFeed.start(tmp_path / "index", tmp_path / "pages", NOT_INDEXED, batch=2)
    feed.add(0, *ARTICLES[0])
    feed.process.kill()
    feed.process.wait()
    for position in range(1, 5):
        feed.add(position, *ARTICLES[position])  # no exception here: the build goes on to collect the error
    feed.added_all(ARTICLES[:5])
    with pytest.raises(PagefindError, match="pagefind failed"):
        feed.finish()
    assert not (tmp_path / "index").exists()


def test_an_abandoned_feed_stops_pagefind(tmp_path: Path) -> None:
    feed = PagefindFeed.start(tmp_path / "index", tmp_path / "pages", NOT_INDEXED)
    feed.add(0, *ARTICLES[0])
    feed.abandon()
    assert feed.process.returncode is not None and not (tmp_path / "index").exists()
