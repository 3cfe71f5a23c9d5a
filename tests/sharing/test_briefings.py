"""7-minute briefings (issue 24), the printed line on entry pages and the links to both, over the fixture knowledge base."""

from __future__ import annotations

from pathlib import Path

from kb.sharing.briefings import briefing, has_briefing, write_briefings
from kb.sharing.footers import share_footer
from kb.sharing.packs import write_packs
from kb.sharing.printing import print_notice
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext

from .fixture_base import load

SITE = SiteAddress("https://example.org/kb/", "KB_SITE_URL")
SEVEN_MINUTES = ["Background", "Why it matters", "Information", "What it means for practice"]


def _page(context: BuildContext, entry_id: str) -> str:
    write_briefings(context)
    return (context.docs_dir / "briefings" / entry_id / "index.html").read_text(encoding="utf-8")


def test_a_case_review_fills_the_structure_from_its_own_fields(context: BuildContext) -> None:
    review = context.knowledge_base.entries["example-review"]
    found = briefing(review, context.knowledge_base, context.today)
    assert [section.heading for section in found.sections] == SEVEN_MINUTES  # no questions written: none invented
    information = next(section for section in found.sections if section.heading == "Information")
    assert information.items == ["Agencies should share information early."]
    assert found.note == "Content note: This fictional review discusses exploitation."


def test_questions_for_reflection_come_from_the_entry(fixture_root: Path, context: BuildContext) -> None:
    path = fixture_root / "case_reviews" / "example-review.yaml"
    path.write_text(path.read_text() + "reflection_questions:\n  - How early do we share information?\n")
    context.knowledge_base = load(fixture_root)
    page = _page(context, "example-review")
    assert '<h2 id="section-5">Questions for reflection</h2>' in page
    assert "<li>How early do we share information?</li>" in page


def test_only_case_reviews_and_protocols_in_force_with_steps_have_a_briefing(fixture_root: Path, context: BuildContext) -> None:
    with_briefing = sorted(entry.id for entry in context.knowledge_base.entries.values() if has_briefing(entry))
    assert with_briefing == ["example-review"]  # the fixture's protocols list no steps
    for protocol in ("new-exploitation-protocol", "old-exploitation-protocol"):
        path = fixture_root / "protocols" / f"{protocol}.yaml"
        path.write_text(path.read_text() + "key_steps:\n  - Share the concern the same day.\n")
    context.knowledge_base = load(fixture_root)
    write_briefings(context)
    # the superseded one has none: paper made to be handed round must not carry replaced guidance
    assert sorted(path.name for path in (context.docs_dir / "briefings").iterdir()) == [
        "example-review",
        "new-exploitation-protocol",
    ]
    page = (context.docs_dir / "briefings" / "new-exploitation-protocol" / "index.html").read_text()
    assert "<li>Share the concern the same day.</li>" in page and "Questions for reflection" not in page


def test_with_an_address_the_short_link_is_absolute_with_a_qr_code(context: BuildContext) -> None:
    context.address = SITE
    page = _page(context, "example-review")
    assert page.count("<svg") == 1
    assert 'aria-label="QR code for Example thematic review of exploitation: https://example.org/kb/go/example-review/"' in page
    assert "Example Thematic Review</cite>, Example Safeguarding Partnership, September 2025" in page
    assert "Checked against its sources on 28 October 2025" in page
    assert "@page { size: A4" in page


def test_without_an_address_the_short_link_is_text_and_there_is_no_qr_code(context: BuildContext) -> None:
    page = _page(context, "example-review")
    assert "<svg" not in page
    assert '<a class="short-link" href="../../go/example-review/">/go/example-review/</a>' in page
    write_packs(context)
    handout = (context.docs_dir / "packs" / "example-briefing" / "handout" / "index.html").read_text()
    assert "<svg" not in handout and "/go/example-review/" in handout
    assert "Type the short link" in handout


def test_the_entry_page_and_the_session_pack_link_the_briefing(context: BuildContext) -> None:
    review = context.knowledge_base.entries["example-review"]
    assert 'href="../../briefings/example-review/">7-minute briefing</a>' in share_footer(review, context)
    protocol = context.knowledge_base.entries["new-exploitation-protocol"]
    assert "7-minute briefing" not in share_footer(protocol, context)
    write_packs(context)
    pack = (context.docs_dir / "packs" / "example-briefing" / "index.md").read_text()
    assert '<a href="../../briefings/example-review/">7-minute briefing</a>' in pack


def test_a_printed_entry_says_when_and_where_to_check_for_the_current_version(context: BuildContext) -> None:
    protocol = context.knowledge_base.entries["new-exploitation-protocol"]
    context.address = SITE
    line = print_notice(protocol, context)
    assert (
        'Printed <span class="kb-printed-date">from the version built on 22 November 2026</span>: check '
        '<a class="kb-printed-link" href="https://example.org/kb/go/new-exploitation-protocol/">'
        "https://example.org/kb/go/new-exploitation-protocol/</a> for the current version." in line
    )
    assert 'addEventListener("beforeprint"' in line
    assert "@media print{.kb-printed{display:block" in line
