"""`kb serve` (what `make serve` runs) on a scratch copy of the sharing tests' small knowledge base with the real
taxonomy, pages and mkdocs.yml: search, short links, and a save. (The real entries' build is the session's `real_site`;
served here, they took the server 13-15 s to start rather than about 5.)"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.browser import site_search
from tests.sharing.fixture_base import REPO, copy_fixture

ENTRY = "protocols/new-exploitation-protocol.yaml"
ENTRY_PAGE = "protocols/new-exploitation-protocol/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _text(url: str) -> str:
    """The page, or "" while it cannot be had (the server holds requests while it rebuilds)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _until(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.2)


def _search_finds(page, url: str, query: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the search page lists the entry for the query; False while the server holds requests for a rebuild."""
    from playwright.sync_api import Error

    try:
        return ENTRY_PAGE in site_search(page, url, query)
    except Error:
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = copy_fixture(tmp_path_factory.mktemp("serve") / "kb")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (root.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--address", f"127.0.0.1:{port}"], cwd=root, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _until(lambda: _text(url + "pagefind/pagefind.js") or server.poll() is not None, 180, "kb serve's search index")
        assert server.poll() is None, (root.parent / "serve.log").read_text()
        yield root, url
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def test_search_finds_the_protocol_and_a_short_link_redirects(served: tuple[Path, str], page) -> None:  # type: ignore[no-untyped-def]
    _, url = served
    assert ENTRY_PAGE in site_search(page, url, "exploitation protocol")
    page.goto(url + "go/new-exploitation-protocol/")
    page.wait_for_url(f"**/{ENTRY_PAGE}", timeout=15_000)
    assert "second edition" in page.text_content("h1")


def test_a_saved_title_shows_on_its_page_and_in_search(served: tuple[Path, str], page) -> None:  # type: ignore[no-untyped-def]
    root, url = served
    path = root / ENTRY
    text = path.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title_line, "title: Quokkaword exploitation protocol renamed for the test", 1), encoding="utf-8")
    _until(lambda: "Quokkaword" in _text(url + ENTRY_PAGE), 60, "the new title")  # its speed is the benchmark's
    page.goto(url + ENTRY_PAGE)
    assert "Quokkaword" in page.text_content("h1")
    _until(lambda: _search_finds(page, url, "quokkaword"), 90, "the new title in search")
    titles = page.eval_on_selector_all("#kb-search-results li h2 a", "links => links.map(link => link.textContent)")
    assert any("Quokkaword" in title for title in titles)
