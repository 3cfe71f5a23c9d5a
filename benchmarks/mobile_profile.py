"""Page speed on a phone: Lighthouse's mobile profile applied to Chromium through its DevTools protocol (issue #14).

Each measurement opens a fresh browser context (nothing cached) with a phone's viewport, and a DevTools
session that throttles it with Lighthouse's mobile profile figures, as issue #14 measured: 150 ms added to
each request, 1.6 Mbps down, 750 kbps up (Network.emulateNetworkConditions) and the CPU slowed 4x
(Emulation.setCPUThrottlingRate). Chromium throttles requests, not connections; Lighthouse's own "devtools"
method therefore adds 3.75x the round trip to each request, for the DNS, TCP and TLS set-up of a real
phone, which this does not (`Profile(request_latency_ms=562.5, ...)` would). Lighthouse's default report
simulates instead, so these figures are close to, not identical with, a Lighthouse score.

The site is served on loopback twice: gzip-compressed, as static hosts serve it (the targets are judged on
this), and as the files are, as Python's http.server serves them (how issue #14's first figures were taken).
Measured in each:

- largest contentful paint of the home page, an entry page and the search page (median of a few loads);
- the first search result: from navigation to `/search/?q=...` to the first result on screen, per query,
  for our search page and for Pagefind's default UI (`pagefind-ui.js`, shipped with every Pagefind index) on
  a bare page over the same index.

Run: python -m benchmarks.mobile_profile SITE_FOLDER [--json]   (the last line of --json output is the record)
`kb bench` runs it on each corpus's site; `--markdown FILE` also writes the figures as a table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, unquote, urlsplit

from .chromium import CHROMIUM, CHROMIUM_ARGS


@dataclass(frozen=True)
class Profile:
    """Lighthouse's mobile (slow 4G) figures, applied to each request."""

    request_latency_ms: float = 150
    down_kbps: float = 1.6 * 1024
    up_kbps: float = 750
    cpu_slowdown: float = 4


MOBILE = Profile()
PHONE = {
    "viewport": {"width": 412, "height": 823},  # Lighthouse's emulated Moto G Power
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
QUERIES = ("county lines", "CCE", "philomena", "youth justice KPIs", "missing from care")
LOADS = 3  # each page's LCP is the median of this many cold loads
TIMEOUT_MS = 60_000
SETTLE_MS = 1_500  # after `load`, time for a late largest paint (a web font, an image) to be reported
OURS = ("ours", "search/?q={query}", "#kb-search-results li")
PAGEFIND_UI = ("pagefind-ui", "_pagefind-ui/?q={query}", ".pagefind-ui__result")
BARE_PAGEFIND_UI = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagefind's default UI</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><h1>Search</h1><div id="search"></div></main>
<script>
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false });
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});
</script></body></html>
"""
# Recorded in the page from its first instant: the largest contentful paint so far, and when the first
# element matching the result selector is in the page with a box, at the next frame (it is then on screen).
WATCH = """
(() => {
  window.__lcp = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__lcp = entry.startTime; })
    .observe({ type: "largest-contentful-paint", buffered: true });
  const selector = %s;
  if (!selector) return;
  const check = () => {
    const found = document.querySelector(selector);
    if (window.__firstResult === undefined && found && found.getClientRects().length) {
      window.__firstResult = null;
      requestAnimationFrame(() => { window.__firstResult = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();
"""
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files gzip-compressed (Pagefind's own files are compressed already), plus the bare Pagefind UI page."""

    protocol_version = "HTTP/1.1"
    extra_pages: ClassVar[dict[str, bytes]] = {}
    compress: ClassVar[bool] = True

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        body = self.extra_pages.get(path)
        kind = "text/html"
        if body is None:
            file = Path(self.translate_path(path))
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                self.send_error(404)
                return
            body, kind = file.read_bytes(), self.guess_type(str(file))
        compress = self.compress and kind.startswith(COMPRESSED_TYPES)
        payload = _gzipped(body) if compress else body
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@functools.lru_cache(maxsize=4096)
def _gzipped(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser closing a connection early is not an error of the site


@contextmanager
def serve_site(site: Path, compress: bool = True) -> Iterator[str]:
    """The site on a free loopback port, with the bare Pagefind UI page at /_pagefind-ui/."""
    pages = {"/_pagefind-ui/": BARE_PAGEFIND_UI.encode()}
    handler = type("Handler", (_CompressingHandler,), {"extra_pages": pages, "compress": compress})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def throttled_page(browser: Any, profile: Profile, selector: str = "") -> Any:
    """A fresh phone-sized context (empty cache) whose page is throttled through a DevTools session."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": profile.request_latency_ms,
            "downloadThroughput": profile.down_kbps * 1024 / 8,
            "uploadThroughput": profile.up_kbps * 1024 / 8,
        },
    )
    session.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    page.add_init_script(WATCH % json.dumps(selector))
    return page


def largest_contentful_paint(browser: Any, url: str, profile: Profile = MOBILE) -> float:
    """Seconds from navigation to the largest contentful paint of one cold load."""
    page = throttled_page(browser, profile)
    try:
        page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_MS)
        return page.evaluate("window.__lcp") / 1000
    finally:
        page.context.close()


def first_result(browser: Any, url: str, selector: str, profile: Profile = MOBILE) -> float | None:
    """Seconds from navigation to the first result on screen, or None if none came within the timeout."""
    page = throttled_page(browser, profile, selector)
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("typeof window.__firstResult === 'number'", timeout=TIMEOUT_MS)
        return page.evaluate("window.__firstResult") / 1000
    except Exception:  # no result on screen in time (the query finds nothing, or the page failed)
        return None
    finally:
        page.context.close()


def an_entry_page(site: Path) -> str:
    """The first entry page (by folder name) of the kind with the most entries: a typical entry page."""
    kinds = ("practice-examples", "protocols", "case-reviews", "services", "resources", "topics")
    folders = [site / kind for kind in kinds if (site / kind).is_dir()]
    biggest = max(folders, key=lambda folder: sum(1 for _ in folder.glob("*/index.html")))
    first = sorted(path.parent.name for path in biggest.glob("*/index.html"))[0]
    return f"{biggest.name}/{first}/"


SERVINGS = {"gzip": True, "as files": False}


def measure(site: Path, queries: Sequence[str] = QUERIES, loads: int = LOADS, profile: Profile = MOBILE) -> dict[str, Any]:
    """{"pages", "profile", "seconds", and per serving ("gzip", "as files"): LCP and first-result figures}."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    pages = {"home": "", "entry": an_entry_page(site), "search": "search/"}
    record: dict[str, Any] = {"profile": profile.__dict__, "pages": pages, "queries": list(queries)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for serving, compress in SERVINGS.items():
                with serve_site(site, compress) as base:
                    record[serving] = _measure_served(browser, base, pages, queries, loads, profile)
        finally:
            browser.close()
    record["seconds"] = time.perf_counter() - started
    return record


def _measure_served(
    browser: Any, base: str, pages: dict[str, str], queries: Sequence[str], loads: int, profile: Profile
) -> dict[str, Any]:
    lcp = {name: [largest_contentful_paint(browser, base + path, profile) for _ in range(loads)] for name, path in pages.items()}
    searches = {
        name: {query: first_result(browser, base + path.format(query=quote(query)), selector, profile) for query in queries}
        for name, path, selector in (OURS, PAGEFIND_UI)
    }
    return {
        "lcp_seconds": {name: statistics.median(times) for name, times in lcp.items()},
        "lcp_runs": lcp,
        "first_result_seconds": {name: _median_found(times) for name, times in searches.items()},
        "first_result_runs": searches,
    }


def _median_found(times: dict[str, float | None]) -> float | None:
    found = [seconds for seconds in times.values() if seconds is not None]
    return statistics.median(found) if found else None


def _seconds(value: float | None) -> str:
    return "no result" if value is None else f"{value:.2f} s"


def summary(record: dict[str, Any]) -> list[str]:
    lines = []
    for serving in SERVINGS:
        figures = record[serving]
        for name, value in figures["lcp_seconds"].items():
            lines.append(f"{serving}: largest contentful paint, {name} ({record['pages'][name] or '/'}): {_seconds(value)}")
        for name, median in figures["first_result_seconds"].items():
            runs = ", ".join(f"{query} {_seconds(value)}" for query, value in figures["first_result_runs"][name].items())
            lines.append(f"{serving}: first search result, {name}: median {_seconds(median)} ({runs})")
    return lines


def markdown(records: dict[int, dict[str, Any]]) -> str:
    """One table, a column per corpus size and serving, for bench-results/ and the README."""
    sizes = sorted(records)
    columns = [(n, serving) for n in sizes for serving in SERVINGS]
    rows = [
        ("largest contentful paint, home", ("lcp_seconds", "home")),
        ("largest contentful paint, an entry", ("lcp_seconds", "entry")),
        ("largest contentful paint, search page", ("lcp_seconds", "search")),
        ("first search result, our page (median)", ("first_result_seconds", "ours")),
        ("first search result, Pagefind's default UI (median)", ("first_result_seconds", "pagefind-ui")),
    ]
    head = "| Measure | " + " | ".join(f"{n:,} entries, {serving}" for n, serving in columns) + " |"
    lines = [head, "|---|" + "---|" * len(columns)]
    for label, (group, name) in rows:
        lines.append(f"| {label} | " + " | ".join(_seconds(records[n][serving][group][name]) for n, serving in columns) + " |")
    queries = ", ".join(f"“{query}”" for query in records[sizes[0]]["queries"])
    return "\n".join([*lines, "", f"Queries: {queries} (the median is over those that found something)."]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built site folders")
    parser.add_argument("--entries", help="each site's number of entries, e.g. 300,3000 (for --markdown)")
    parser.add_argument("--loads", type=int, default=LOADS, help=f"cold loads per page for its LCP (default {LOADS})")
    parser.add_argument("--json", action="store_true", help="print the (first) site's record as JSON on the last line")
    parser.add_argument("--markdown", type=Path, help="also write the figures as a Markdown table here (and .json beside it)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("mobile_profile: Debian's chromium is not installed (make browser)", file=sys.stderr)
        return 2
    sizes = [int(part) for part in args.entries.split(",")] if args.entries else list(range(len(args.sites)))
    if len(sizes) != len(args.sites):
        print("mobile_profile: give one --entries figure per site", file=sys.stderr)
        return 2
    for site in args.sites:
        if not (site / "index.html").is_file() or not (site / "pagefind").is_dir():
            print(f"mobile_profile: {site} is not a built site with a Pagefind index (run kb build)", file=sys.stderr)
            return 2
    records = {}
    for size, site in zip(sizes, args.sites, strict=True):
        records[size] = measure(site.resolve(), loads=args.loads)
        print(f"{site} ({size:,} entries)\n" + "\n".join(summary(records[size])), flush=True)
    if args.markdown:
        args.markdown.write_text(markdown(records), encoding="utf-8")
        args.markdown.with_suffix(".json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(records[sizes[0]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
