"""Drive a built site's search in Debian's Chromium: for the relevance figures, the browser tests and the benchmark.

Needs Playwright (a test dependency) and /usr/bin/chromium; imported only by those who measure.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from playwright.sync_api import Browser, Page, Playwright

from .chromium import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 15_000
POLL_MS = 20  # how often a wait for the page checks its condition


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def search_url(base_url: str, query: str, filters: dict[str, list[str]] | None = None) -> str:
    params = [("q", query)] + [(key, value) for key, values in (filters or {}).items() for value in values]
    return f"{base_url}search/?{urlencode(params, quote_via=quote)}"


def wait_for_results(page: Page) -> None:
    """Until the page's latest search has finished (the script sets data-state="done" on #kb-search)."""
    # Checked every 20 ms, not on every animation frame (Playwright's default): waiting on frames has Chromium draw
    # 60 a second, about 0.1-0.25 s of CPU for each second waited.
    page.wait_for_function("document.querySelector('#kb-search')?.dataset.state === 'done'", timeout=TIMEOUT_MS, polling=POLL_MS)


def site_search(page: Page, base_url: str, query: str, filters: dict[str, list[str]] | None = None) -> list[str]:
    """The result paths (e.g. protocols/philomena-protocol/) the site's search page shows first, in order."""
    page.goto(search_url(base_url, query, filters))
    wait_for_results(page)
    hrefs = page.eval_on_selector_all("#kb-search-results li h2 a", "links => links.map(link => link.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


def site_search_in_page(page: Page, base_url: str, query: str) -> list[str]:
    """As site_search, but a search page already open searches again in place (as a reader retyping does),
    without reloading Pagefind: many queries in a row take a fraction of the time."""
    if not page.url.startswith(f"{base_url}search/"):
        return site_search(page, base_url, query)
    page.evaluate(
        """query => {
            document.getElementById("kb-search-input").value = query;
            document.getElementById("kb-search-form").requestSubmit();  // run() marks the page "searching" at once
        }""",
        query,
    )
    wait_for_results(page)
    hrefs = page.eval_on_selector_all("#kb-search-results li h2 a", "links => links.map(link => link.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


# The steps of site_search_in_page for each query in turn, inside the page: three round trips a query fewer.
SEARCHES_IN_PAGE = """
async ([queries, timeout]) => {
  const root = document.getElementById("kb-search");
  const shown = [];
  for (const query of queries) {
    document.getElementById("kb-search-input").value = query;
    document.getElementById("kb-search-form").requestSubmit();
    const deadline = performance.now() + timeout;
    while (root.dataset.state !== "done") {
      if (performance.now() > deadline) throw new Error(`no results within the timeout for ${JSON.stringify(query)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const links = document.querySelectorAll("#kb-search-results li h2 a");
    shown.push([[...links].map((link) => link.href), document.getElementById("kb-search-status").textContent]);
  }
  return shown;
}
"""


@dataclass
class Shown:
    """What the search page shows for a query: its results' paths, in order, and its status line ("12 results for …")."""

    paths: list[str]
    status: str


def site_searches_in_page(page: Page, base_url: str, queries: list[str]) -> dict[str, Shown]:
    """As site_search_in_page for each query in turn, typed into one search page, run by one script in the page."""
    if not page.url.startswith(f"{base_url}search/"):
        page.goto(f"{base_url}search/")
        wait_for_results(page)
    answers = page.evaluate(SEARCHES_IN_PAGE, [queries, TIMEOUT_MS])
    return {
        query: Shown([urlsplit(href).path.lstrip("/") for href in hrefs], status)
        for query, (hrefs, status) in zip(queries, answers, strict=True)
    }


def material_search(page: Page, base_url: str, query: str) -> list[str]:
    """The page paths mkdocs-material's built-in (lunr) search lists for a query, in order."""
    if not page.url.startswith(base_url):
        page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on key events, not on fill alone
    page.wait_for_function(
        "() => /matching|No matching/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=TIMEOUT_MS,
    )
    script = "links => links.map(link => link.href)"
    selector = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"
    previous: list[str] | None = None
    for _ in range(40):  # until the list stops changing: lunr answers asynchronously, in a worker
        page.wait_for_timeout(100)
        hrefs = page.eval_on_selector_all(selector, script)
        if hrefs == previous:
            break
        previous = hrefs
    return [urlsplit(href).path.lstrip("/") for href in previous or []]


@dataclass
class Transfer:
    """What a browser fetched: bytes as gzip would send them, per URL path."""

    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def part(self, predicate: str) -> int:
        return sum(size for path, size in self.files.items() if predicate in path)


def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b" or path.suffix in (".woff2", ".png", ".jpg", ".webp", ".gz"):
        return len(data)  # already compressed (Pagefind's index files are gzip on disk)
    return len(gzip.compress(data, compresslevel=6))


def measure_transfer(browser: Browser, site_dir: Path, base_url: str, action: str, query: str) -> Transfer:
    """Bytes (gzip) a fresh browser fetches to open the site and run one search.

    action "pagefind": open /search/?q=...; "material": open the home page and type into Material's box.
    """
    context = browser.new_context()
    fetched: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: fetched.append(request.url))
    try:
        if action == "pagefind":
            site_search(page, base_url, query)
        else:
            material_search(page, base_url, query)
    finally:
        context.close()
    transfer = Transfer()
    for url in fetched:
        if not url.startswith(base_url):
            transfer.files[url] = 0  # off-site: should never happen (fonts and scripts are self-hosted)
            continue
        relative = urlsplit(url).path.lstrip("/")
        path = site_dir / relative
        if path.is_dir() or not relative:
            path = path / "index.html"
        if path.is_file():
            transfer.files[relative or "index.html"] = gzip_size(path)
    return transfer
