"""The README's screenshots, taken from a built site in Debian's Chromium, so they show what the site shows today.

make screenshots   (kb build, then python -m benchmarks.screenshots site)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from .browser import launch, search_url, wait_for_results
from .chromium import CHROMIUM, serve_folder

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "screenshots"
PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Shot:
    file: str
    path: str  # under the site's address; "?q=" paths are searches
    viewport: dict[str, int]
    open_filters: bool = False


SHOTS = (
    Shot("home.png", "", DESKTOP),
    Shot("entry.png", "protocols/working-together-2018/", DESKTOP),
    Shot("search-375.png", "?q=CCE", PHONE),
    Shot("search-375-filters.png", "?q=CCE", PHONE, open_filters=True),
    Shot("search-1280.png", "?q=CCE", DESKTOP),
)


def take(site: Path, output: Path = OUTPUT) -> list[Path]:
    written = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for shot in SHOTS:
            page = browser.new_page(viewport=shot.viewport)
            if shot.path.startswith("?q="):
                page.goto(search_url(base, shot.path.removeprefix("?q=")))
                wait_for_results(page)
            else:
                page.goto(base + shot.path, wait_until="networkidle")
            if shot.open_filters:
                page.click("#kb-filter-toggle")
            path = output / shot.file
            page.screenshot(path=str(path))
            written.append(path)
            page.close()
        browser.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "index.html").is_file():
        print("screenshots: give a built site folder (run kb build first)", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print("screenshots: Debian's chromium is not installed (make browser)", file=sys.stderr)
        return 2
    for path in take(Path(argv[0])):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
