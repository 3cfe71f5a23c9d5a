"""What a browser fetches for a first search: the search page, its assets and the Pagefind files for one query.

The built site is served on loopback; Debian's Chromium (driven by Playwright) opens the search page,
types one query and waits for results. Every response body is counted as it would cross the wire
gzip-compressed (already-compressed Pagefind chunks as they are).
"""

from __future__ import annotations

from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS, serve_folder
from .measure import gzip_size

QUERY = "county lines exploitation"
RESULT_SELECTOR = "#kb-search-results li"


def first_search_bytes(site: Path, query: str = QUERY, timeout_ms: int = 60_000) -> dict[str, object]:
    """{"gzip_bytes", "raw_bytes", "requests", "results", "largest"} (every file fetched, largest first) for opening the search page and one query."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, bytes] = {}
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("response", lambda response: _keep(response, fetched))
            page.goto(base + "search/", wait_until="load", timeout=timeout_ms)
            page.fill("#kb-search-input", query)
            page.press("#kb-search-input", "Enter")
            page.wait_for_selector(RESULT_SELECTOR, timeout=timeout_ms)
            page.wait_for_load_state("networkidle", timeout=timeout_ms)
            results = page.locator(RESULT_SELECTOR).count()
        finally:
            browser.close()
    sizes = {url.removeprefix(base): gzip_size(body) for url, body in fetched.items()}
    largest = sorted(sizes.items(), key=lambda item: item[1], reverse=True)
    return {
        "gzip_bytes": sum(sizes.values()),
        "raw_bytes": sum(len(body) for body in fetched.values()),
        "requests": len(fetched),
        "results": results,
        "largest": [{"path": path, "gzip_bytes": size} for path, size in largest],
    }


def _keep(response: object, fetched: dict[str, bytes]) -> None:
    try:
        fetched[response.url] = response.body()  # type: ignore[attr-defined]
    except Exception:  # a redirect or an aborted request has no body to count
        fetched.setdefault(response.url, b"")  # type: ignore[attr-defined]
