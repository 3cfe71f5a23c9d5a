"""The site's name, as the build shares it; addresses come from the build's `SiteAddress` (kb.site.address)."""

from __future__ import annotations

from ..site.address import short_link_path

SITE_NAME = "London Adolescent Safeguarding Knowledge Base"

__all__ = ["SITE_NAME", "short_link_path", "site_name"]


def site_name(data: dict[str, object]) -> str:
    """The site's name, if the build shared one, else the project's."""
    name = data.get("site_name")
    return name if isinstance(name, str) and name else SITE_NAME
