"""Short links: every entry redirects, a former id redirects to the current page, a removed id shows a withdrawn notice."""

from __future__ import annotations

import re
from pathlib import Path

from kb.model import KnowledgeBase
from kb.sharing.register import append_to_register, read_register, unregistered_ids
from kb.sharing.shortlinks import short_link_file, write_short_links
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext
from kb.site.links import relative


def _refresh_target(page: str) -> str:
    match = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
    assert match, page
    return match.group(1)


def _resolve(site_dir: Path, short_link: str, target: str) -> Path:
    """Where a relative link from a short link page lands in the built site."""
    return (site_dir / short_link / target).resolve() / "index.html"


def test_relative_urls() -> None:
    assert relative("protocols/a/", "go/a/") == "../../protocols/a/"
    assert relative("", "whats-new/") == "../"
    assert relative("packs/x/handout/", "packs/x/") == "../../packs/x/handout/"
    assert relative("", "") == "./"
    assert relative("protocols/a/", "") == "protocols/a/"


def test_every_entry_redirects_to_its_page(context: BuildContext) -> None:
    write_short_links(context)
    page = short_link_file(context.site_dir, "example-review").read_text()
    assert _refresh_target(page) == "../../case-reviews/example-review/"
    assert '<link rel="canonical" href="../../case-reviews/example-review/">' in page
    assert '<a href="../../case-reviews/example-review/">Example thematic review of exploitation</a>' in page


def test_a_superseded_protocol_keeps_its_short_link(context: BuildContext) -> None:
    write_short_links(context)
    page = short_link_file(context.site_dir, "old-exploitation-protocol").read_text()
    assert _refresh_target(page) == "../../protocols/old-exploitation-protocol/"


def test_a_former_id_redirects_to_the_current_page(context: BuildContext) -> None:
    write_short_links(context)
    page = short_link_file(context.site_dir, "exploitation-protocol-draft").read_text()
    assert _refresh_target(page) == "../../protocols/new-exploitation-protocol/"
    assert "new address" in page


def test_canonical_is_absolute_with_a_site_url(context: BuildContext) -> None:
    context.address = SiteAddress("https://kb.example.org/sub/", "--site-url")
    write_short_links(context)
    page = short_link_file(context.site_dir, "example-review").read_text()
    assert '<link rel="canonical" href="https://kb.example.org/sub/case-reviews/example-review/">' in page
    assert _refresh_target(page) == "../../case-reviews/example-review/"  # still relative: works under any base path


def test_a_removed_id_shows_a_withdrawn_notice(context: BuildContext) -> None:
    write_short_links(context)
    page = short_link_file(context.site_dir, "withdrawn-guidance").read_text()
    assert "http-equiv" not in page
    assert "This entry has been withdrawn" in page and 'role="note"' in page
    assert "Example guidance that was withdrawn" in page
    assert 'href="../../?q=Example+guidance+that+was+withdrawn"' in page and 'href="../../"' in page


def test_a_withdrawn_notice_links_to_the_search_page_when_there_is_one(context: BuildContext) -> None:
    (context.site_dir / "search").mkdir(parents=True)
    (context.site_dir / "search" / "index.html").write_text("search")
    write_short_links(context)
    page = short_link_file(context.site_dir, "withdrawn-guidance").read_text()
    assert 'href="../../search/?q=Example+guidance+that+was+withdrawn"' in page


def test_every_registered_id_resolves_in_the_built_site(context: BuildContext) -> None:
    """Stand-in for the built site: entry pages at their URLs, then the short links over them."""
    for entry in context.knowledge_base.entries.values():
        (context.site_dir / entry.url).mkdir(parents=True)
        (context.site_dir / entry.url / "index.html").write_text(entry.title)
    write_short_links(context)
    for registered in read_register(context.root):
        page = short_link_file(context.site_dir, registered.id).read_text()
        if "http-equiv" in page:
            assert _resolve(context.site_dir, f"go/{registered.id}/", _refresh_target(page)).exists(), registered.id
        else:
            assert "withdrawn" in page


def test_register_appends_only_new_ids(fixture_root: Path, knowledge_base: KnowledgeBase) -> None:
    register = fixture_root / "registry" / "published-ids.txt"
    before = register.read_text()
    assert unregistered_ids(fixture_root, knowledge_base) == []
    assert append_to_register(fixture_root, knowledge_base) == []
    del knowledge_base.entries["example-newsletter"]
    knowledge_base.entries["example-mentoring"].aliases.append("mentoring-scheme")
    assert append_to_register(fixture_root, knowledge_base) == ["mentoring-scheme"]
    assert register.read_text() == before + "mentoring-scheme\n"
    assert "example-newsletter" in {item.id for item in read_register(fixture_root)}  # never removed
