"""QR codes for paper (handouts, briefings): only for an absolute address, since a path with no host opens nothing."""

from __future__ import annotations

import segno
from markupsafe import Markup

from ..site.address import SiteAddress


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code for `url`, named for screen readers (segno escapes the title it is given)."""
    label = f"QR code for {title}: {url}"
    svg = segno.make(url, error="m").svg_inline(title=label, omitsize=True)
    return Markup(svg.replace("<svg ", Markup('<svg role="img" aria-label="{}" ').format(label), 1))


def short_link_qr(address: SiteAddress, entry_id: str, title: str) -> Markup:
    """The QR code of an entry's absolute short link, or nothing when the build knows no address (the link is printed as text)."""
    return qr_svg(address.short_link(entry_id), title) if address.known else Markup("")
