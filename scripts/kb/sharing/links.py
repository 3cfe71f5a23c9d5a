"""Site-relative and absolute addresses of entries and their short links."""

from __future__ import annotations

import posixpath

SITE_NAME = "London Adolescent Safeguarding Knowledge Base"


def short_link_path(entry_id: str) -> str:
    """The short link of an entry, relative to the site root: `go/<id>/`."""
    return f"go/{entry_id}/"


def relative_url(from_page: str, to_page: str) -> str:
    """A relative URL from one directory-style page (`a/b/`) to another, so it works under any base path."""
    start = from_page.rstrip("/") or "."
    target = to_page.rstrip("/") or "."
    relative = posixpath.relpath(target, start)
    return "./" if relative == "." else relative + "/"


def absolute_url(site_url: str, path: str) -> str:
    """The full address of a site-relative path, or the path itself (with a leading slash) when no site URL is set."""
    if site_url:
        return site_url.rstrip("/") + "/" + path.lstrip("/")
    return "/" + path.lstrip("/")


def site_name(data: dict[str, object]) -> str:
    """The site's name, if the build shared one, else the project's."""
    name = data.get("site_name")
    return name if isinstance(name, str) and name else SITE_NAME
