"""Draw the installed site's icons (`make icons`): the site's own mark, white on the theme's indigo, as PNG.

The mark is the one the site's header shows: mkdocs-material's `material/library` icon, read from the
installed theme (so no artwork is downloaded or drawn by hand). Debian's Chromium renders it at each size
a browser asks a web app for: 192 and 512 px, and a maskable 512 px whose mark stays inside the central
circle a launcher may crop to (the safe zone, 80 % of the width). The PNGs are committed in
scripts/kb/offline/assets/icons/; run this again only if the mark or the colour changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import material

from .chromium import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "scripts" / "kb" / "offline" / "assets" / "icons"
MARK = Path(material.__file__).parent / "templates" / ".icons" / "material" / "library.svg"
THEME_COLOUR = "#4051b5"  # mkdocs-material's indigo, the header's colour (mkdocs.yml: palette primary indigo)
# (file name, size in px, share of the width the mark takes): a plain icon fills more of its square than a
# maskable one, whose mark must stay in the safe zone.
SIZES = (("icon-192.png", 192, 0.72), ("icon-512.png", 512, 0.72), ("maskable-512.png", 512, 0.5))


def icon_page(size: int, share: float) -> str:
    svg = MARK.read_text(encoding="utf-8").replace("<svg ", '<svg fill="#fff" width="100%" height="100%" ', 1)
    mark = round(size * share)
    return (
        "<!doctype html><html><body style='margin:0'>"
        f"<div style='width:{size}px;height:{size}px;background:{THEME_COLOUR};display:grid;place-items:center'>"
        f"<div style='width:{mark}px;height:{mark}px'>{svg}</div>"
        "</div></body></html>"
    )


def draw_icons(folder: Path = ICONS) -> list[Path]:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, size, share in SIZES:
                page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
                page.set_content(icon_page(size, share))
                page.screenshot(path=str(folder / name), clip={"x": 0, "y": 0, "width": size, "height": size})
                page.close()
                written.append(folder / name)
        finally:
            browser.close()
    return written


if __name__ == "__main__":
    for path in draw_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else ICONS):
        print(path)
