"""Every internal link and anchor in page content resolves (mkdocs does not check links in raw HTML)."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..forking import fork_map

_HREF = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"", re.IGNORECASE)
_ID = re.compile(r"\s(?:id|name)=\"([^\"]+)\"")
MAX_REPORTED = 20


def broken_links(site_dir: Path) -> list[str]:
    """'page: link' for every internal link that leads nowhere, at most MAX_REPORTED."""
    ids = _Ids(site_dir)
    files = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}
    folders = {posixpath.dirname(name) for name in files}
    # 404.html is served at any address, so its links are absolute by design.
    pages = sorted(name for name in files if name.endswith(".html") and posixpath.basename(name) != "404.html")

    def problems_in(page_url: str) -> list[str]:
        page_html = (site_dir / page_url).read_text(encoding="utf-8", errors="replace")
        return [
            f"{page_url}: {href}"
            for href in _HREF.findall(_content(page_html))
            if not _resolves(href, page_url, files, folders, ids)
        ]

    return [problem for found in fork_map(problems_in, pages) for problem in found][:MAX_REPORTED]


def _content(page_html: str) -> str:
    """The page's own content: the header, nav and footer around it are built by mkdocs from the checked nav."""
    start = page_html.find('<div class="md-content"')
    end = page_html.find('<footer class="md-footer"', start)
    return page_html[start if start >= 0 else 0 : end if end >= 0 else len(page_html)]


def _resolves(href: str, page_url: str, files: set[str], folders: set[str], ids: _Ids) -> bool:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return True  # external: not ours to check
    path = unquote(parts.path)
    if path:
        base = "" if path.startswith("/") else posixpath.dirname(page_url)
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if target.startswith("../"):
            return False
        if path.endswith("/") or target in folders or target == ".":
            target = "index.html" if target == "." else posixpath.join(target, "index.html")
    else:
        target = page_url
    if target not in files:
        return False
    return not parts.fragment or not target.endswith(".html") or unquote(parts.fragment) in ids.of(target)


class _Ids:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir

    @cache  # noqa: B019 - one checker per build, pages read once
    def of(self, target: str) -> frozenset[str]:
        return frozenset(_ID.findall((self.site_dir / target).read_text(encoding="utf-8", errors="replace")))
