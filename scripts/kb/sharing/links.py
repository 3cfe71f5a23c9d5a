"""Site-relative and absolute addresses of entries and their short links."""

from __future__ import annotations

SITE_NAME = "London Adolescent Safeguarding Knowledge Base"


def short_link_path(entry_id: str) -> str:
    """The short link of an entry, relative to the site root: `go/<id>/`."""
    return f"go/{entry_id}/"


def absolute_url(site_url: str, path: str) -> str:
    """The full address of a site-relative path, or the path itself (with a leading slash) when no site URL is set."""
    if site_url:
        return site_url.rstrip("/") + "/" + path.lstrip("/")
    return "/" + path.lstrip("/")


def site_name(data: dict[str, object]) -> str:
    """The site's name, if the build shared one, else the project's."""
    name = data.get("site_name")
    return name if isinstance(name, str) and name else SITE_NAME
