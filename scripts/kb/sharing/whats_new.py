"""The What's new page and its Atom and RSS feeds."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from feedgen.feed import FeedGenerator

from ..site.hooks import BuildContext
from ..site.pages import render
from .changes import NEW, Change, recent_changes
from .history import FileHistory, file_history
from .links import absolute_url, site_name

PAGE_URL = "whats-new/"
PAGE_LIMIT = 200  # the page lists this many latest changes; older ones are in each entry's history
FEED_LIMIT = 50
FEED_FILE, RSS_FILE = "feed.xml", "rss.xml"
HISTORY_KEY = "sharing.git_history"


def build_history(context: BuildContext) -> dict[str, FileHistory]:
    """The repository's file history, read once per build and shared through `context.data`."""
    if HISTORY_KEY not in context.data:
        context.data[HISTORY_KEY] = file_history(context.root)
    return context.data[HISTORY_KEY]


def write_whats_new(context: BuildContext) -> None:
    changes = recent_changes(context.knowledge_base, build_history(context), PAGE_LIMIT)
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
    return render("sharing/whats_new.md.j2", PAGE_URL, months=months, new=NEW, feed_file=FEED_FILE, rss_file=RSS_FILE)


def feed_generator(changes: list[Change], context: BuildContext) -> FeedGenerator:
    name = site_name(context.data)
    feed = FeedGenerator()
    feed.id(_feed_id(context.site_url, PAGE_URL))
    feed.title(f"{name}: what's new")
    feed.subtitle("Entries added to or updated in the knowledge base.")
    feed.link(href=absolute_url(context.site_url, PAGE_URL), rel="alternate")
    feed.link(href=absolute_url(context.site_url, FEED_FILE), rel="self")
    feed.language("en-GB")
    feed.updated(_timestamp(changes[0].changed if changes else context.today))
    for change in reversed(changes):  # feedgen puts the last added first
        item = feed.add_entry()
        item.id(f"{_feed_id(context.site_url, change.entry.url)}{'#' if context.site_url else ':'}{change.kind}-{change.changed}")
        item.title(f"{'New' if change.kind == NEW else 'Updated'}: {change.entry.title}")
        item.link(href=absolute_url(context.site_url, change.entry.url))
        item.summary(change.entry.summary)
        item.updated(_timestamp(change.changed))
        item.published(_timestamp(change.added))
        item.category(term=change.entry.kind.name, label=change.entry.kind.label)
    return feed


def _feed_id(site_url: str, path: str) -> str:
    """A stable IRI: the page's address, or a URN when the site has no address yet."""
    if site_url:
        return absolute_url(site_url, path)
    return "urn:london-safeguarding-kb:" + path.strip("/").replace("/", ":")


def _timestamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
