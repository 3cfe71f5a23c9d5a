"""What paper carries so it never passes for current guidance: "Printed DATE: check <short link> for the current version".

The line is printed only (hidden on screen). The day of printing is set in the browser, as the page loads and again
at `beforeprint`; without JavaScript the line says the day the page was built instead, and says that it is.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..model import Entry
from ..site.address import SiteAddress
from ..site.hooks import BuildContext
from ..site.rendering import render
from .links import short_link_path


def printed_line(entry: Entry, address: SiteAddress, built: dt.date, page_url: str) -> Markup:
    """The printed-only line for a page at `page_url` about `entry` (its own page or its briefing)."""
    short = short_link_path(entry.id)
    return Markup(
        render(
            "sharing/printed_line.html.j2",
            page_url,
            short_href=address.href(short, page_url),
            short_shown=address.absolute(short),
            built=built,
        )
    )


def print_notice(entry: Entry, context: BuildContext) -> str:
    """An entry banner: the printed line at the top of the entry page."""
    return printed_line(entry, context.address, context.today, entry.url)
