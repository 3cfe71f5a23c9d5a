"""What's new: newest first, from entry dates and git history; the Atom and RSS feeds parse."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

from kb.model import KnowledgeBase
from kb.sharing.changes import NEW, UPDATED, recent_changes
from kb.sharing.history import FileHistory
from kb.sharing.whats_new import HISTORY_KEY, write_whats_new
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext

ATOM = "{http://www.w3.org/2005/Atom}"


def test_changes_newest_first_from_entry_dates(knowledge_base: KnowledgeBase) -> None:
    changes = recent_changes(knowledge_base, {})
    assert [(change.entry.id, change.kind, change.changed) for change in changes] == [
        ("example-review", NEW, dt.date(2025, 10, 28)),
        ("new-exploitation-protocol", NEW, dt.date(2025, 10, 15)),
        ("example-mentoring", UPDATED, dt.date(2025, 10, 3)),
        ("old-exploitation-protocol", UPDATED, dt.date(2024, 3, 1)),
        ("example-newsletter", NEW, dt.date(2023, 2, 1)),
    ]


def test_a_later_commit_counts_as_an_update(knowledge_base: KnowledgeBase) -> None:
    history = {"resources/example-newsletter.yaml": FileHistory(frozenset({dt.date(2023, 2, 1), dt.date(2026, 1, 5)}))}
    first = recent_changes(knowledge_base, history)[0]
    assert (first.entry.id, first.kind, first.changed) == ("example-newsletter", UPDATED, dt.date(2026, 1, 5))


def test_page_and_feeds(context: BuildContext) -> None:
    context.data[HISTORY_KEY] = {}
    write_whats_new(context)
    page = (context.docs_dir / "whats-new" / "index.md").read_text()
    assert page.index("Example thematic review") < page.index("Example practice newsletter")
    assert "## October 2025" in page
    assert '<a href="../case-reviews/example-review/">Example thematic review of exploitation</a>' in page
    assert "Mentoring &amp; &#34;group work&#34; for young people" in page
    assert '<a href="../feed.xml">Atom feed</a>' in page

    atom = ElementTree.parse(context.docs_dir / "feed.xml").getroot()
    assert atom.tag == f"{ATOM}feed"
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert entries[0].findtext(f"{ATOM}title") == "New: Example thematic review of exploitation"
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 5

    rss = ElementTree.parse(context.docs_dir / "rss.xml").getroot()
    assert rss.tag == "rss" and len(rss.findall("channel/item")) == 5


def test_feed_links_are_absolute_with_a_site_url(context: BuildContext) -> None:
    context.address = SiteAddress("https://kb.example.org/", "--site-url")
    context.data[HISTORY_KEY] = {}
    write_whats_new(context)
    atom = ElementTree.parse(context.docs_dir / "feed.xml").getroot()
    first = atom.find(f"{ATOM}entry/{ATOM}link")
    assert first is not None and first.get("href") == "https://kb.example.org/case-reviews/example-review/"


def test_the_real_repository_history_is_read_in_one_pass(context: BuildContext) -> None:
    """Outside a git work tree (the fixture copy) the page is still written, from entry dates alone."""
    write_whats_new(context)
    assert context.data[HISTORY_KEY] == {}
    assert (context.docs_dir / "feed.xml").exists()
