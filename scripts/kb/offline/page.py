"""What offline reading adds to the generated docs: the web app manifest, its icons, and the page `offline/`.

`offline/` is two pages in one: "Saved for offline", which lists what this device has saved, its size,
saves every page or clears them; and, answered by the service worker in place of a page never opened
while the reader is offline, the page that says so (the worker adds that notice to it).

The manifest's `start_url`, `scope` and icons are relative to the manifest, which sits at the site's
root, so an installed site opens at its root whatever its base path (https://example.org/kb/ included).
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from ..site.config import load_base
from ..site.hooks import BuildContext

FOLDER = "offline"  # the page, its script and style, and (written after Pagefind) the catalogue of pages
ASSETS = ("offline.js",)
WORKBOX_LICENCE = "workbox.LICENSE.txt"  # published beside the page: sw.js carries Workbox's code
ICONS_FOLDER = "assets/icons"
ICONS = (("icon-192.png", 192, "any"), ("icon-512.png", 512, "any"), ("maskable-512.png", 512, "maskable"))
MANIFEST = "manifest.webmanifest"
THEME_COLOUR = "#4051b5"  # mkdocs-material's indigo (mkdocs.yml: palette primary), the colour of the header and icons
SHORT_NAME = "Safeguarding"  # under a phone's home-screen icon: 12 characters at most, or a launcher cuts it
FALLBACK_NAME = "Safeguarding knowledge base"


def write_offline_files(context: BuildContext) -> None:
    assets = resources.files("kb.offline") / "assets"
    folder = context.docs_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text((assets / "page.md").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ASSETS:
        with resources.as_file(assets / name) as path:
            shutil.copyfile(path, folder / name)
    with resources.as_file(assets / "vendor" / WORKBOX_LICENCE) as path:
        shutil.copyfile(path, folder / WORKBOX_LICENCE)
    icons = context.docs_dir / ICONS_FOLDER
    icons.mkdir(parents=True, exist_ok=True)
    for name, _size, _purpose in ICONS:
        with resources.as_file(assets / "icons" / name) as path:
            shutil.copyfile(path, icons / name)
    manifest = web_app_manifest(*_site_name_and_description(context.root))
    (context.docs_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def web_app_manifest(name: str, description: str) -> dict[str, Any]:
    """The manifest, every address relative to it (it is served from the site's root)."""
    return {
        "name": name,
        "short_name": SHORT_NAME if len(name) > len(SHORT_NAME) else name,
        "description": description,
        "lang": "en-GB",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": f"{ICONS_FOLDER}/{file}", "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
            for file, size, purpose in ICONS
        ],
    }


def _site_name_and_description(project_dir: Path) -> tuple[str, str]:
    try:
        base = load_base(project_dir)
    except ValueError:  # a knowledge base built with another project's mkdocs.yml (the tests' scratch bases)
        base = {}
    return str(base.get("site_name") or FALLBACK_NAME), str(base.get("site_description") or "")
