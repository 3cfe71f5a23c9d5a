"""Offline reading in Debian's Chromium, on the real built site served from loopback (a service worker needs a secure
context, and localhost is one), with the network cut: Playwright's offline mode for the page, and the server answering
nothing for the service worker's own requests (Playwright's offline mode does not reach them: benchmarks/chromium.py)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.browser import POLL_MS, site_search
from benchmarks.chromium import Network, serve_folder

PROTOCOL = "protocols/national-referral-mechanism/"  # confirmed on its watched page: "Current: confirmed on <date> against ..."
NEVER_OPENED = "protocols/domestic-abuse-act-2021/"
TOPIC = "topics/child-criminal-exploitation/"
PACK = "packs/child-first-youth-justice-induction/"
SAVED_NOTICE = re.compile(r"^Saved on \d{1,2} \w+ \d{4}, you are offline: check the current version when you are back online\.$")
TIMEOUT_MS = 30_000
CACHE_NAMES = "caches.keys()"


@pytest.fixture(scope="module")
def offline_site(built_site: Path) -> Iterator[tuple[str, Network]]:
    network = Network()
    with serve_folder(built_site, network) as url:
        yield url, network


@contextmanager
def reader(chromium: object, network: Network) -> Iterator[object]:
    """A fresh browser profile; the network is back on afterwards, whatever happened."""
    context = chromium.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    try:
        yield page
    finally:
        network.cut = False
        context.close()


def open_with_worker(page: object, url: str) -> None:
    """Open a page and wait until the service worker has installed (the shell kept) and controls it."""
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS, polling=POLL_MS)  # type: ignore[attr-defined]


def cache_names_once(page: object, done: Callable[[list[str]], bool]) -> list[str]:
    """The names of the caches, once `done` holds for them (a worker installs and activates in the background)."""
    for _ in range(TIMEOUT_MS // 200):
        names = page.evaluate(CACHE_NAMES)  # type: ignore[attr-defined]
        if done(names):
            break
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    return names


def cut(page: object, network: Network) -> None:
    page.context.set_offline(True)  # type: ignore[attr-defined]
    network.cut = True


def test_offline_a_page_opened_before_a_search_and_a_page_never_opened(
    chromium: object, offline_site: tuple[str, Network], axe_violations: Callable[[object], str]
) -> None:
    base, network = offline_site
    with reader(chromium, network) as page:
        open_with_worker(page, base)
        page.goto(base + PROTOCOL)
        status_line = page.locator(".kb-status-line").inner_text()
        assert "confirmed" in status_line
        assert site_search(page, base, "county lines")
        cut(page, network)

        page.goto(base + PROTOCOL)
        notice = page.locator(".kb-saved-copy")
        assert SAVED_NOTICE.match(notice.inner_text()), notice.inner_text()
        assert notice.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]  # above the title
        assert page.locator(".kb-status-line").inner_text() == status_line  # the status keeps its confirmation date
        assert axe_violations(page) == ""

        found = site_search(page, base, "mentoring")  # another word: its index chunk was kept, not fetched
        assert found, "no results offline"
        assert page.locator(".kb-result-not-saved").count() >= 1  # results whose page is not saved say so
        assert page.locator("#kb-search-results li", has=page.locator(".kb-result-not-saved")).first.locator("h2 a").inner_text()

        page.goto(base + NEVER_OPENED)
        assert page.url == base + NEVER_OPENED
        expect(page.locator(".kb-not-saved")).to_contain_text("not saved on this device")
        expect(page.locator("h1")).to_have_text(re.compile("Saved for offline"))
        expect(page.locator("#kb-saved-list")).to_contain_text("National Referral Mechanism (NRM)")
        assert axe_violations(page) == ""
        assert page.console_errors == []


def test_save_for_offline_on_a_topic_hub_and_the_page_of_what_is_saved(
    chromium: object, offline_site: tuple[str, Network], axe_violations: Callable[[object], str]
) -> None:
    base, network = offline_site
    with reader(chromium, network) as page:
        open_with_worker(page, base + PACK)
        expect(page.get_by_role("button", name="Save for offline")).to_be_visible()  # session packs offer it too
        page.goto(base + TOPIC)
        entries = page.eval_on_selector_all("[data-kb-save-list] a", "links => links.map(link => link.href)")
        assert len(entries) >= 3
        page.get_by_role("button", name="Save for offline").click()
        expect(page.locator(".kb-save-status")).to_contain_text(
            f"Saved this page and the {len(set(entries))} entries", timeout=TIMEOUT_MS
        )
        assert axe_violations(page) == ""
        cut(page, network)

        page.goto(entries[-1])  # never opened: saved with its topic
        expect(page.locator(".kb-saved-copy")).to_be_visible()
        page.goto(base + "offline/")
        expect(page.locator("#kb-saved-list li")).to_have_count(len(set(entries)) + 4)  # and the hub, home, search, offline/
        expect(page.locator("#kb-offline-summary")).to_contain_text(re.compile(r"in all\.$"))

        network.cut = False
        page.context.set_offline(False)
        page.reload()
        page.get_by_role("button", name="Clear saved pages").click()
        expect(page.locator("#kb-offline-status")).to_contain_text(f"Cleared {len(set(entries)) + 1} saved pages")
        expect(page.locator("#kb-saved-list li")).to_have_count(3)  # the home page, search and offline/ stay
        assert page.console_errors == []


def test_under_a_base_path_and_a_new_build_drops_the_caches_of_the_one_before(
    chromium: object, built_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "root" / "kb"  # published at <host>/kb/, as on GitHub Pages under a repository's name
    shutil.copytree(built_site, site)
    worker = site / "sw.js"
    old = re.search(r'"build":"([0-9a-f]+)"', worker.read_text(encoding="utf-8")).group(1)
    network = Network()
    with serve_folder(tmp_path / "root", network) as host, reader(chromium, network) as page:
        base = host + "kb/"
        open_with_worker(page, base)
        assert page.evaluate("navigator.serviceWorker.ready.then(registration => registration.scope)") == base
        manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(response => response.json())")
        assert page.evaluate(f"new URL({manifest['start_url']!r}, {base + 'manifest.webmanifest'!r}).href") == base
        page.goto(base + PROTOCOL)
        cut(page, network)
        page.reload()
        expect(page.locator(".kb-saved-copy")).to_be_visible()
        network.cut = False
        page.context.set_offline(False)
        names = page.evaluate(CACHE_NAMES)
        assert names and all(name.endswith(old) for name in names), names

        new = "0" * len(old)  # a new build published: sw.js names another build
        worker.write_text(worker.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        page.reload()
        names = cache_names_once(page, lambda names: all(name.endswith(new) for name in names) and len(names) > 1)
        assert "kb-precache-" + new in names and "kb-pages-" + new in names
        assert page.evaluate("caches.match(location.href).then(Boolean)") is False  # its copy went with the old build
        assert page.evaluate(f"caches.match('{base}').then(Boolean)") is True  # the new build's shell is kept
