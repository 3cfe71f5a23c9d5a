"""The What's new page and its Atom and RSS feeds."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from feedgen.feed import FeedGenerator

from ..site.address import SiteAddress
from ..site.hooks import BuildContext
from ..site.rendering import render
from .changes import NEW, STATUS, Change, recent_changes, status_changes
from .history import FileHistory, StatusEdit, file_history, status_edits
from .links import site_name

PAGE_URL = "whats-new/"
PAGE_LIMIT = 200  # the page lists this many latest changes; older ones are in each entry's history
FEED_LIMIT = 50
FEED_FILE, RSS_FILE = "feed.xml", "rss.xml"
HISTORY_KEY = "sharing.git_history"
STATUS_EDITS_KEY = "sharing.status_edits"
LABELS = {NEW: "New", STATUS: "Status"}


def build_history(context: BuildContext) -> dict[str, FileHistory]:
    """The repository's file history, read once per build and shared through `context.data`."""
    if HISTORY_KEY not in context.data:
        context.data[HISTORY_KEY] = file_history(context.root)
    return context.data[HISTORY_KEY]


def build_status_edits(context: BuildContext) -> dict[str, list[StatusEdit]]:
    if STATUS_EDITS_KEY not in context.data:
        context.data[STATUS_EDITS_KEY] = status_edits(context.root)
    return context.data[STATUS_EDITS_KEY]


def all_changes(context: BuildContext, limit: int) -> list[Change]:
    """Entries added or updated, and protocols whose status changed or was confirmed, newest first."""
    changes = recent_changes(context.knowledge_base, build_history(context), limit)
    changes += status_changes(context.knowledge_base, build_status_edits(context))[:limit]
    changes.sort(key=lambda change: (-change.changed.toordinal(), change.kind != STATUS, change.entry.title.lower()))
    return changes[:limit]


def write_whats_new(context: BuildContext) -> None:
    changes = all_changes(context, PAGE_LIMIT)
    page = context.docs_dir / PAGE_URL / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(whats_new_markdown(changes), encoding="utf-8")
    feed = feed_generator(changes[:FEED_LIMIT], context)
    feed.atom_file(str(context.docs_dir / FEED_FILE), pretty=True)
    feed.rss_file(str(context.docs_dir / RSS_FILE), pretty=True)


def whats_new_markdown(changes: list[Change]) -> str:
    """Month headings in Markdown (for the page's table of contents); the lists in raw HTML, with relative links."""
    months = [
        (f"{dt.date(year, month, 1):%B %Y}", list(items))
        for (year, month), items in groupby(changes, key=lambda change: (change.changed.year, change.changed.month))
    ]
    return render("sharing/whats_new.md.j2", PAGE_URL, months=months, labels=LABELS, feed_file=FEED_FILE, rss_file=RSS_FILE)


def feed_generator(changes: list[Change], context: BuildContext) -> FeedGenerator:
    name = site_name(context.data)
    feed = FeedGenerator()
    address = context.address
    feed.id(_feed_id(address, PAGE_URL))
    feed.title(f"{name}: what's new")
    feed.subtitle("Entries added to or updated in the knowledge base.")
    feed.link(href=address.absolute(PAGE_URL), rel="alternate")
    feed.link(href=address.absolute(FEED_FILE), rel="self")
    feed.language("en-GB")
    feed.updated(_timestamp(changes[0].changed if changes else context.today))
    for change in reversed(changes):  # feedgen puts the last added first
        item = feed.add_entry()
        item.id(f"{_feed_id(address, change.entry.url)}{'#' if address.known else ':'}{change.kind}-{change.changed}")
        item.title(f"{LABELS.get(change.kind, 'Updated')}: {change.entry.title}")
        item.link(href=address.absolute(change.entry.url))
        item.summary(f"{change.note}. {change.entry.summary}" if change.note else change.entry.summary)
        item.updated(_timestamp(change.changed))
        item.published(_timestamp(change.added))
        item.category(term=change.entry.kind.name, label=change.entry.kind.label)
    return feed


def _feed_id(address: SiteAddress, path: str) -> str:
    """A stable IRI: the page's address, or a URN when the site has no address yet."""
    if address.known:
        return address.absolute(path)
    return "urn:london-safeguarding-kb:" + path.strip("/").replace("/", ":")


def _timestamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
