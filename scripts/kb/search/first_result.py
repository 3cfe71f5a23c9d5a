"""Time from navigation to the first search result on screen, in Chromium throttled as Lighthouse's mobile
profile throttles it (150 ms round trip, 1.6 Mbps down, 750 kbps up, CPU slowed 4x), through the DevTools
protocol. Each run opens /search/?q=... in a fresh browser context (empty cache).

    python -m kb.search.first_result SITE_FOLDER [--runs N] [QUERY ...]

Prints each query's median in seconds and the median of those. Needs Playwright and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from ..chromium import serve_folder
from .browser import TIMEOUT_MS, launch, search_url

ROUND_TRIP_MS = 150
DOWN_BYTES_PER_S = 1.6 * 1024 * 1024 / 8
UP_BYTES_PER_S = 750 * 1024 / 8
CPU_SLOWDOWN = 4
QUERIES = ("county lines", "CCE", "philomena", "youth justice KPIs")

# Records when the first result is added to the list, in ms since navigation started.
_WATCH_FIRST_RESULT = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('#kb-search-results li')) {
    window.__kbFirstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def first_result_seconds(browser: Browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": ROUND_TRIP_MS,
                "downloadThroughput": DOWN_BYTES_PER_S,
                "uploadThroughput": UP_BYTES_PER_S,
            },
        )
        session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.add_init_script(_WATCH_FIRST_RESULT)
        page.goto(url, timeout=TIMEOUT_MS * 4)
        page.wait_for_function("window.__kbFirstResult !== undefined", timeout=TIMEOUT_MS * 4)
        return page.evaluate("window.__kbFirstResult") / 1000
    finally:
        context.close()


def measure(site: Path, queries: tuple[str, ...], runs: int) -> dict[str, float]:
    """Each query's median over `runs` fresh loads."""
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            return {
                query: statistics.median(first_result_seconds(browser, search_url(base, query)) for _ in range(runs))
                for query in queries
            }
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures = measure(args.site, tuple(args.queries), args.runs)
    print(" | ".join(f"{query}: {seconds:.2f} s" for query, seconds in figures.items()))
    print(f"median of the queries: {statistics.median(figures.values()):.2f} s")


if __name__ == "__main__":
    main()
