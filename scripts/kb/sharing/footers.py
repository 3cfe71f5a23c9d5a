"""The share-and-cite box at the foot of every entry page: short link, copy button and how to cite\n(`site/templates/sharing/share_footer.html.j2`)."""

from __future__ import annotations

from ..model import Entry
from ..site.hooks import BuildContext
from ..site.links import relative
from ..site.rendering import render
from .briefings import briefing_url, has_briefing
from .links import short_link_path, site_name


def share_footer(entry: Entry, context: BuildContext) -> str:
    """HTML for the foot of an entry page (already escaped): short link, copy button, how to cite."""
    short = short_link_path(entry.id)
    return render(
        "sharing/share_footer.html.j2",
        entry.url,
        entry=entry,
        short_href=context.address.href(short, entry.url),
        short_shown=context.address.absolute(short),
        site_name=site_name(context.data),
        source=entry.sources[0],
        briefing_href=relative(briefing_url(entry), entry.url) if has_briefing(entry) else "",
    )
