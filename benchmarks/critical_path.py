"""What a phone fetches, and when, between opening `/search/?q=...` and the first result on screen.

One cold load on `mobile_profile.py`'s phone profile (the site served gzip-compressed, Chromium throttled
through its DevTools protocol), the requests read from the protocol's `Network.*` events: each request's
start and end in seconds from navigation, its bytes on the wire, Chromium's priority for it, and whether it
had ended before the first result. bench-results/causes.md ("the phone's first search result") was
measured with it; the timings are one load's, so compare before and after in turns.

Run: python -m benchmarks.critical_path SITE_FOLDER "county lines"
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .mobile_profile import MOBILE, OURS, TIMEOUT_MS, serve_site, throttled_page


@dataclass
class Request:
    url: str
    start: float
    priority: str
    end: float | None = None
    bytes: int = 0


def waterfall(site: Path, query: str) -> tuple[float, list[Request]]:
    """(seconds to the first result, every request in the order it was made) for one cold, throttled load."""
    from playwright.sync_api import sync_playwright

    requests: dict[str, Request] = {}
    with serve_site(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = throttled_page(browser, MOBILE, OURS[2])
            session = page.context.new_cdp_session(page)
            session.send("Network.enable")
            session.on("Network.requestWillBeSent", lambda event: _sent(event, base, requests))
            session.on("Network.loadingFinished", lambda event: _finished(event, requests))
            page.goto(base + OURS[1].format(query=quote(query)), wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function("typeof window.__firstResult === 'number'", timeout=TIMEOUT_MS)
            first = page.evaluate("window.__firstResult") / 1000
        finally:
            browser.close()
    ordered = sorted(requests.values(), key=lambda request: request.start)
    navigation = ordered[0].start if ordered else 0.0
    for request in ordered:
        request.start -= navigation
        request.end = None if request.end is None else request.end - navigation
    return first, ordered


def _sent(event: dict[str, Any], base: str, requests: dict[str, Request]) -> None:
    url = event["request"]["url"]
    if not url.startswith("data:"):
        requests[event["requestId"]] = Request(
            url.removeprefix(base), event["timestamp"], event["request"].get("initialPriority", "")
        )


def _finished(event: dict[str, Any], requests: dict[str, Request]) -> None:
    if request := requests.get(event["requestId"]):
        request.end, request.bytes = event["timestamp"], int(event["encodedDataLength"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("query", help="the search, as typed")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("critical_path: Debian's chromium is not installed (make browser)", file=sys.stderr)
        return 2
    first, requests = waterfall(args.site.resolve(), args.query)
    print(f"first result {first:.2f} s; * = ended before it")
    for request in requests:
        ended = "     ?" if request.end is None else f"{request.end:6.2f}"
        mark = "*" if request.end is not None and request.end <= first else " "
        print(f"{mark}{request.start:6.2f} {ended} {request.bytes / 1024:7.1f} KB {request.priority:9} {request.url}")
    print(f"{sum(request.bytes for request in requests) / 1024:.0f} KB in {len(requests)} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
