"""A session pack built from a fixture: the list, the pack page and the one-page handout with QR codes."""

from __future__ import annotations

from html.parser import HTMLParser

from kb.sharing.packs import write_packs
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.svgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "svg":
            self.svgs.append(dict(attrs))


def test_pack_list_and_page(context: BuildContext) -> None:
    write_packs(context)
    index = (context.docs_dir / "packs" / "index.md").read_text()
    assert '<a href="../packs/example-briefing/">Example briefing on exploitation</a>: 3 resources' in index
    assert '<a href="../packs/example-briefing/handout/">printable handout</a>' in index
    page = (context.docs_dir / "packs" / "example-briefing" / "index.md").read_text()
    assert "Start with the protocol" in page  # the trainer's notes
    first, second = page.index("second edition"), page.index("Mentoring")
    assert first < second < page.index("Example thematic review")  # the pack's order
    assert '<a href="../../protocols/new-exploitation-protocol/">' in page
    assert "Short link: <code>/go/new-exploitation-protocol/</code>" in page
    assert '<a class="md-button" href="../../packs/example-briefing/handout/">' in page


def test_handout_has_short_links_and_qr_codes(context: BuildContext) -> None:
    context.address = SiteAddress("https://kb.example.org/", "--site-url")
    write_packs(context)
    handout = (context.docs_dir / "packs" / "example-briefing" / "handout" / "index.html").read_text()
    parser = _Text()
    parser.feed(handout)
    assert "script" not in parser.tags
    assert len(parser.svgs) == 3
    assert all(svg.get("role") == "img" and "QR code for" in (svg.get("aria-label") or "") for svg in parser.svgs)
    assert '<a class="link" href="https://kb.example.org/go/example-review/">' in handout
    assert "Mentoring &amp; &#34;group work&#34; for young people" in handout
    assert "What one borough did, <em>and</em> how it was received." in handout
    assert "@page" in handout and "Start with the protocol" not in handout  # trainer's notes stay off the handout
