"""Offline reading's budgets (issue #20), on a built site: `python -m benchmarks.offline_budget SITE [--json] [--no-save-all]`.

- the service worker and the manifest, gzip (target: 15 KB);
- what a first visit fetches for offline reading before the page is usable (its load event; target 50 KB
  gzip), and what the service worker then keeps in the background (the shell and the whole search index);
- saving the whole knowledge base ("Save all pages" on offline/): what the device keeps and what crosses
  the network, from the built files; and, unless --no-save-all, measured in Debian's Chromium by pressing
  the button and adding up the worker's caches.

The server counts every request, the service worker's included (which Playwright's page events miss).
Sizes are gzip level 6 as a static host sends them, or as they are if already compressed (1 KB = 1,000 bytes).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .chromium import CHROMIUM, CHROMIUM_ARGS, Network, serve_folder
from .measure import gzip_size

FEATURE_FILES = ("sw.js", "manifest.webmanifest", "offline/offline.js", "assets/icons/")
SAVE_ALL_TIMEOUT_MS = 900_000
CACHE_BYTES = """async () => {
  let total = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const response of await cache.matchAll()) total += (await response.blob()).size;
  }
  return total;
}"""


def file_for(site: Path, path: str) -> Path:
    relative = unquote(urlsplit(path).path).lstrip("/")
    target = site / relative
    return target / "index.html" if target.is_dir() or not relative else target


def wire_bytes(site: Path, path: str) -> int:
    target = file_for(site, path)
    return gzip_size(target.read_bytes()) if target.is_file() else 0


def worker_and_manifest(site: Path) -> dict[str, int]:
    return {name: wire_bytes(site, name) for name in ("sw.js", "manifest.webmanifest")}


def first_visit(site: Path, browser: object) -> dict[str, object]:
    """Open the home page in a fresh profile: what offline reading fetched before the page's load event, and after it."""
    network = Network()
    with serve_folder(site, network) as base:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(base, wait_until="load")
        loaded = page.evaluate("performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart") / 1000
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
        page.wait_for_timeout(500)
        context.close()
    # Before the load event, offline reading's own files (the page's script, the manifest, icons); after it,
    # everything: the worker registers at the load event, then keeps the shell.
    before = sum(wire_bytes(site, path) for moment, path in network.crossed if moment <= loaded and _ours(path))
    after = sum(wire_bytes(site, path) for moment, path in network.crossed if moment > loaded)
    return {"extra_before_usable_bytes": before, "kept_in_background_bytes": after}


def _ours(path: str) -> bool:
    return urlsplit(path).path.lstrip("/").startswith(FEATURE_FILES)


def whole_site_from_files(site: Path) -> dict[str, int]:
    """Every indexed page and its fragment, the shell and the shell's pages: on the device and over the network."""
    catalogue = json.loads((site / "offline" / "catalogue.json").read_text(encoding="utf-8"))
    worker = (site / "sw.js").read_text(encoding="utf-8")
    settings = json.loads(worker[worker.index("{") : worker.index(";\n", worker.index("{"))])
    paths = [item["url"] for item in settings["precache"]] + list(settings["pages"])
    paths += [folder + name for folder, names in settings["hashed"].items() for name in names]
    paths += [url for _id, url, _title, _kind in catalogue["pages"]]
    paths += [f"pagefind/fragment/{page_id}.pf_fragment" for page_id, *_ in catalogue["pages"]]
    device = sum(file_for(site, path).stat().st_size for path in paths if file_for(site, path).is_file())
    return {"pages": len(catalogue["pages"]), "device_bytes": device, "wire_bytes": sum(wire_bytes(site, path) for path in paths)}


def save_all_in_browser(site: Path, browser: object) -> dict[str, float]:
    """Press "Save all pages" on offline/ and add up what the worker's caches hold."""
    with serve_folder(site) as base:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(base + "offline/")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
        page.wait_for_function("document.getElementById('kb-save-all').textContent.includes('about')")
        started = time.perf_counter()
        page.click("#kb-save-all")
        page.wait_for_function(
            "/^(Saved all|\\d+ files could not)/.test(document.getElementById('kb-offline-status').textContent)",
            timeout=SAVE_ALL_TIMEOUT_MS,
        )
        seconds = time.perf_counter() - started
        status = page.text_content("#kb-offline-status")
        total = page.evaluate(CACHE_BYTES)
        context.close()
    return {"seconds": seconds, "cached_bytes": total, "status": status or ""}


def offline_budget(site: Path, save_all: bool = True) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    result: dict[str, object] = {"worker_and_manifest_gzip": worker_and_manifest(site), "whole_site": whole_site_from_files(site)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            result["first_visit"] = first_visit(site, browser)
            if save_all:
                result["save_all_in_chromium"] = save_all_in_browser(site, browser)
        finally:
            browser.close()
    result["worker_and_manifest_gzip_bytes"] = sum(result["worker_and_manifest_gzip"].values())  # type: ignore[union-attr]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.offline_budget", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", action="store_true", help="print one line of JSON (what make bench reads)")
    parser.add_argument("--no-save-all", action="store_true", help="skip pressing Save all pages in Chromium")
    args = parser.parse_args(argv)
    result = offline_budget(args.site, save_all=not args.no_save_all)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
