"""The site's public address, resolved once and read by every part that writes a link for outside the site.

QR codes on handouts and briefings, the feeds, the open data's `url` columns, the digest, mkdocs' sitemap
and canonical links, link previews and printed pages all need the address the site is published at,
e.g. `https://example.org/kb/`. It comes from the first of: `--site-url`, the `KB_SITE_URL` environment
variable (the publishing workflow sets it), `site_url` in mkdocs.yml. A build that knows none still
works: links stay site paths (`/go/<id>/`) and handouts print the short link as text, since a QR code
holding a path with no host opens nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .links import relative

ENVIRONMENT_VARIABLE = "KB_SITE_URL"


class BadSiteAddress(ValueError):
    """The address given is not one a browser can open; the message says where it came from and how to write it."""


def short_link_path(entry_id: str) -> str:
    """The short link of an entry, relative to the site root: `go/<id>/`."""
    return f"go/{entry_id}/"


@dataclass(frozen=True)
class SiteAddress:
    url: str = ""  # e.g. https://example.org/kb/, always ending with "/"; "" when no address is known
    origin: str = ""  # where it came from: "--site-url", "KB_SITE_URL" or "site_url in mkdocs.yml"

    @property
    def known(self) -> bool:
        return bool(self.url)

    def absolute(self, path: str) -> str:
        """The full address of a site-relative path; the path from the site root (`/go/x/`) when no address is known."""
        return (self.url or "/") + path.lstrip("/")

    def short_link(self, entry_id: str) -> str:
        return self.absolute(short_link_path(entry_id))

    def href(self, path: str, from_page: str) -> str:
        """A link to a site-relative path, in a page at `from_page`, that works copied, printed or clicked:
        absolute when the address is known, else relative (so it works wherever the site is served)."""
        return self.absolute(path) if self.known else relative(path, from_page)

    def announcement(self) -> str:
        """One line for the build's output."""
        if self.known:
            return f"site address: {self.url} (from {self.origin})"
        return (
            f"no site address (pass --site-url, set {ENVIRONMENT_VARIABLE} or site_url in mkdocs.yml): "
            "links are site paths and handouts print short links as text, not QR codes"
        )


def site_address(url: str, origin: str) -> SiteAddress:
    """The address as given, checked and ending with one "/"; "" gives an unknown address."""
    text = url.strip()
    if not text:
        return SiteAddress()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise BadSiteAddress(
            f"{origin} is `{url}`, which is not a web address; write the address the site is published at, "
            "e.g. https://example.org/kb/"
        )
    return SiteAddress(text.rstrip("/") + "/", origin)


def resolve_site_address(flag: str | None, project_dir: Path, environ: Mapping[str, str] | None = None) -> SiteAddress:
    """The first address given: the command line's flag, then KB_SITE_URL, then mkdocs.yml's site_url."""
    environ = os.environ if environ is None else environ
    if flag:
        return site_address(flag, "--site-url")
    if environ.get(ENVIRONMENT_VARIABLE, "").strip():
        return site_address(environ[ENVIRONMENT_VARIABLE], ENVIRONMENT_VARIABLE)
    return site_address(configured_site_url(project_dir), "site_url in mkdocs.yml")


def configured_site_url(project_dir: Path) -> str:
    """site_url from mkdocs.yml, read as text because mkdocs.yml may hold Python tags a YAML loader refuses."""
    path = project_dir / "mkdocs.yml"
    if not path.is_file():
        return ""
    match = re.search(r"^site_url:[ \t]*['\"]?([^'\"\s#]+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else ""
