"""In Debian's Chromium: the copy-link button works and a session pack's handout prints on one A4 page."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from tests.sharing.fixture_base import copy_fixture, load, make_context

from kb.model import CollectionItem
from kb.sharing.footers import share_footer
from kb.sharing.packs import write_packs
from kb.site.hooks import BuildContext

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (make browser)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 (the clipboard needs a secure origin; localhost is one)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fixture_context(tmp_path: Path) -> BuildContext:
    root = copy_fixture(tmp_path / "kb")
    return make_context(root, load(root), tmp_path)


def test_copy_link_copies_the_absolute_short_link(
    browser: Browser, site: tuple[Path, str], fixture_context: BuildContext
) -> None:
    folder, base = site
    entry = fixture_context.knowledge_base.entries["example-review"]
    page_dir = folder / entry.url
    page_dir.mkdir(parents=True)
    footer = share_footer(entry, fixture_context)
    (page_dir / "index.html").write_text(f"<!doctype html><html lang='en'><title>t</title><body>{footer}</body></html>")
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    page.goto(base + entry.url)
    expected = base + "go/example-review/"
    assert page.text_content(".kb-short-link") == expected  # made absolute for the reader
    assert page.text_content(".kb-cite-url") == expected
    assert page.text_content(".kb-accessed") != "date you read it"
    button = page.get_by_role("button", name="Copy link")
    button.click()
    page.wait_for_function("document.querySelector('.kb-copy-status').textContent !== ''")
    assert page.text_content(".kb-copy-status") == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == expected
    context.close()


def test_without_javascript_the_link_is_plain_text_and_there_is_no_button(
    browser: Browser, site: tuple[Path, str], fixture_context: BuildContext
) -> None:
    folder, base = site
    entry = fixture_context.knowledge_base.entries["example-review"]
    (folder / "entry.html").write_text(
        f"<!doctype html><html lang='en'><title>t</title><body>{share_footer(entry, fixture_context)}</body></html>"
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "entry.html")
    assert page.text_content(".kb-short-link") == "/go/example-review/"
    assert not page.is_visible(".kb-copy-link")
    context.close()


def test_an_eight_item_handout_prints_on_one_a4_page(browser: Browser, fixture_context: BuildContext) -> None:
    fixture_context.site_url = "https://kb.example.org/"
    pack = fixture_context.knowledge_base.collections["example-briefing"]
    longest_why = "A resource a trainer explains in one full line of text, long enough to wrap on a printed page of A4. " * 2
    items = [CollectionItem(entry_id, longest_why[:300]) for entry_id in sorted(fixture_context.knowledge_base.entries)] * 2
    fixture_context.knowledge_base.collections["example-briefing"] = dataclasses.replace(pack, items=items[:8])
    write_packs(fixture_context)
    handout = fixture_context.docs_dir / "packs" / "example-briefing" / "handout" / "index.html"
    page = browser.new_page()
    page.goto(handout.as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1
    page.close()
