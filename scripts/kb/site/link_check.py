"""Every internal link and anchor in page content resolves (mkdocs does not check links in raw HTML)."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from .hooks import Background
from .site_files import files_under

_HREF = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"", re.IGNORECASE)
_ID = re.compile(r"\s(?:id|name)=\"([^\"]+)\"")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # as urllib.parse reads a scheme
_CONTROL_OR_SPACE = "".join(map(chr, range(33)))  # stripped from both ends of a link, as browsers do (urlsplit: the start only)
_folder_of = cache(posixpath.dirname)  # a page's folder, for each of its links
MAX_REPORTED = 20


class LinkCheck(Background):
    """The link check run beside the build's last steps: another process (a fresh interpreter, so it holds
    none of the build's memory) checks every page mkdocs wrote while the post-build steps add theirs
    (redirect pages, the search index...), which may only add files. `finish` then looks again at the links
    that led nowhere (their target may have been added since) and checks the pages added since."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        command = [sys.executable, "-m", "kb.site.link_check", str(site_dir)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self) -> list[str]:
        """'page: link' for every internal link that leads nowhere now, at most MAX_REPORTED."""
        output, errors = self.process.communicate()
        if self.process.returncode != 0:
            last = errors.strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"the link check stopped (exit code {self.process.returncode}): {last[0]}")
        answer = json.loads(output)
        site = _Site(self.site_dir)
        still = [(page, href) for page, href in answer["unresolved"] if not site.resolves(href, page)]
        added = sorted(set(site.pages) - set(answer["checked"]))
        still += [found for page in added for found in site.unresolved_in(page)]
        return [f"{page}: {href}" for page, href in sorted(still, key=lambda link: link[0])][:MAX_REPORTED]

    def abandon(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def _unresolved_links(site_dir: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(the pages checked, (page, href) of each link that leads nowhere), on one core: the build's post-build
    steps have the other."""
    site = _Site(site_dir)
    return site.pages, [link for page in site.pages for link in site.unresolved_in(page)]


class _Site:
    """A built site's files, folders, pages to check and anchors, read once."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.ids = _Ids(site_dir)
        self.files = set(files_under(site_dir))
        self.folders = {posixpath.dirname(name) for name in self.files}
        # 404.html is served at any address, so its links are absolute by design.
        self.pages = sorted(name for name in self.files if name.endswith(".html") and posixpath.basename(name) != "404.html")

    def unresolved_in(self, page_url: str) -> list[tuple[str, str]]:
        page_html = (self.site_dir / page_url).read_text(encoding="utf-8", errors="replace")
        return [(page_url, href) for href in _HREF.findall(_content(page_html)) if not self.resolves(href, page_url)]

    def resolves(self, href: str, page_url: str) -> bool:
        return _resolves(href, page_url, self.files, self.folders, self.ids)


def _content(page_html: str) -> str:
    """The page's own content: the header, nav and footer around it are built by mkdocs from the checked nav."""
    start = page_html.find('<div class="md-content"')
    end = page_html.find('<footer class="md-footer"', start)
    return page_html[start if start >= 0 else 0 : end if end >= 0 else len(page_html)]


def _resolves(href: str, page_url: str, files: set[str], folders: set[str], ids: _Ids) -> bool:
    parts = _split(href)
    if parts is None:
        return True  # external: not ours to check
    path, fragment = parts
    if path:
        base = "" if path.startswith("/") else _folder_of(page_url)
        target = posixpath.normpath(f"{base}/{path.lstrip('/')}" if base else path.lstrip("/"))
        if target.startswith("../"):
            return False
        if path.endswith("/") or target in folders or target == ".":
            target = "index.html" if target == "." else f"{target}/index.html"
    else:
        target = page_url
    if target not in files:
        return False
    return not fragment or not target.endswith(".html") or fragment in ids.of(target)


def _split(href: str) -> tuple[str, str] | None:
    """(path, fragment) of a link, both unquoted, or None if it leads off the site: what `urlsplit` finds, without
    the work it does for the parts a link within the site does not have (urlsplit took a third of the check's time)."""
    href = href.strip(_CONTROL_OR_SPACE)
    if "\t" in href or "\n" in href or "\r" in href:
        href = href.replace("\t", "").replace("\n", "").replace("\r", "")
    if href.startswith("//") or _SCHEME.match(href):
        return None
    path, _, fragment = href.partition("#")
    return unquote(path.partition("?")[0]), unquote(fragment)


class _Ids:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir

    @cache  # noqa: B019 - one checker per build, pages read once
    def of(self, target: str) -> frozenset[str]:
        return frozenset(_ID.findall((self.site_dir / target).read_text(encoding="utf-8", errors="replace")))


if __name__ == "__main__":  # `LinkCheck`'s process
    checked, unresolved = _unresolved_links(Path(sys.argv[1]))
    json.dump({"checked": checked, "unresolved": unresolved}, sys.stdout)
