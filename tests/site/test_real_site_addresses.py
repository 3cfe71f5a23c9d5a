"""Issue 24 on the real site, built once per run with KB_SITE_URL=https://example.org/kb/ (tests/conftest.py):
every link meant for outside the site is absolute, and every entry page is titled with its entry's title."""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from tests.browser.real_entries import KNOWLEDGE_BASE
from tests.conftest import REAL_SITE_ADDRESS

ATOM = "{http://www.w3.org/2005/Atom}"


def _meta(page: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


def test_every_entry_page_has_its_title_and_link_preview(real_site: Path) -> None:
    entries = KNOWLEDGE_BASE.entries.values()
    for entry in entries:
        page = (real_site / entry.url / "index.html").read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))
        assert title.startswith(entry.title + " - "), entry.id
        assert _meta(page, "og:title") == entry.title, entry.id
        assert _meta(page, "og:url") == f"{REAL_SITE_ADDRESS}go/{entry.id}/", entry.id
        assert _meta(page, "og:description") and _meta(page, "twitter:card") == "summary", entry.id
        assert f'<link rel="canonical" href="{REAL_SITE_ADDRESS}{entry.url}">' in page, entry.id
    assert len(list(entries)) > 100


def test_feeds_open_data_and_sitemap_links_are_absolute(real_site: Path) -> None:
    atom = ElementTree.parse(real_site / "feed.xml").getroot()
    links = [link.get("href") or "" for link in atom.iter(f"{ATOM}link")]
    rss = [item.text or "" for item in ElementTree.parse(real_site / "rss.xml").getroot().iter("link")]
    assert len(links) > 50 and len(rss) > 50
    assert all(link.startswith(REAL_SITE_ADDRESS) for link in links + rss)
    with (real_site / "api" / "entries.csv").open(encoding="utf-8") as table:
        urls = [row["url"] for row in csv.DictReader(table)]
    entries = json.loads((real_site / "api" / "entries.json").read_text(encoding="utf-8"))["entries"]
    recommendations = json.loads((real_site / "api" / "recommendations.json").read_text(encoding="utf-8"))["recommendations"]
    urls += [row["url"] for row in entries] + [row["review_url"] for row in recommendations]
    urls += [row["successor_url"] for row in entries if row["successor_id"]]
    assert urls and all(url.startswith(REAL_SITE_ADDRESS) for url in urls)
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    assert all(loc.startswith(REAL_SITE_ADDRESS) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap))


def test_short_link_pages_name_the_absolute_address_as_canonical(real_site: Path) -> None:
    page = (real_site / "go" / "child-first-framework" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{REAL_SITE_ADDRESS}protocols/child-first-framework/">' in page
    assert '<meta http-equiv="refresh" content="0; url=../../protocols/child-first-framework/">' in page
