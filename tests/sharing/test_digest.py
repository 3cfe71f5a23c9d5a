"""`kb digest`: a month with known changes, as e-mail-ready HTML and as Markdown."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

from kb.cli import main
from kb.model import KnowledgeBase
from kb.sharing.digest import digest_html, digest_markdown, make_digest
from kb.site.address import SiteAddress

OCTOBER = dt.date(2025, 10, 1)
SITE = SiteAddress("https://kb.example.org/", "--site-url")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_months_new_and_updated_entries(knowledge_base: KnowledgeBase) -> None:
    digest = make_digest(knowledge_base, {}, OCTOBER, "Test KB", SITE)
    assert [change.entry.id for change in digest.new] == ["example-review", "new-exploitation-protocol"]
    assert [change.entry.id for change in digest.updated] == ["example-mentoring"]


def test_a_quiet_month(knowledge_base: KnowledgeBase) -> None:
    digest = make_digest(knowledge_base, {}, dt.date(2025, 7, 1), "Test KB", SITE)
    assert (digest.new, digest.updated) == ([], [])
    assert "0 new entries and 0 updated entries" in digest_markdown(digest)


def test_html_is_ready_to_paste_into_an_email(knowledge_base: KnowledgeBase) -> None:
    text = digest_html(make_digest(knowledge_base, {}, OCTOBER, "Test KB", SITE))
    parser = _Tags()
    parser.feed(text)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "style", "link", "iframe"}
    assert all(attrs.get("style") for tag, attrs in parser.tags if tag in {"div", "h1", "h2", "h3", "p"})
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "Mentoring &amp; &#34;group work&#34; for young people" in text
    assert f'href="{SITE.url}go/example-review/"' in text
    assert "2 new entries and 1 updated entry" in text
    assert "Updated 3 October 2025" in text


def test_markdown(knowledge_base: KnowledgeBase) -> None:
    text = digest_markdown(make_digest(knowledge_base, {}, OCTOBER, "Test KB", SITE))
    assert text.startswith("# What's new in October 2025\n")
    assert (
        text.index("## New entries")
        < text.index("### Protocols and guidance (1)")
        < text.index("### Learning from case reviews (1)")
    )
    assert "**[Example thematic review of exploitation](https://kb.example.org/go/example-review/)**" in text
    assert text.index("## Updated entries") < text.index("### Practice examples (1)") < text.index("Mentoring")
    assert "*Updated 3 October 2025.* A fictional mentoring scheme" in text


def test_kb_digest_writes_both_files(fixture_root: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "out"
    code = main(["digest", "--month", "2025-10", "--output", str(output), "--site-url", SITE.url, "--root", str(fixture_root)])
    assert code == 0
    assert sorted(path.name for path in output.iterdir()) == ["digest-2025-10.html", "digest-2025-10.md"]
    assert "2 new, 1 updated in October 2025" in capsys.readouterr().out


def test_a_bad_month_is_a_usage_error(fixture_root: Path) -> None:
    try:
        main(["digest", "--month", "2025-13", "--root", str(fixture_root)])
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("expected a usage error")


def test_guidance_not_confirmed_for_a_year_is_listed(knowledge_base: KnowledgeBase) -> None:
    """The fixture protocol's status was confirmed on 1 October 2025: not yet stale that month, a year later it is."""
    assert make_digest(knowledge_base, {}, OCTOBER, "Test KB", SITE).unconfirmed == []
    later = make_digest(knowledge_base, {}, dt.date(2026, 11, 1), "Test KB", SITE)
    assert [item.entry.id for item in later.unconfirmed] == ["new-exploitation-protocol"]
    line = "Current: not confirmed since 1 October 2025"
    assert "## Guidance not confirmed in the last year" in digest_markdown(later) and line in digest_markdown(later)
    assert line in digest_html(later) and "/go/new-exploitation-protocol/" in digest_html(later)
