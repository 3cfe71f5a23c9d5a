"""The share-and-cite box at the foot of every entry page."""

from __future__ import annotations

from kb.model import KnowledgeBase
from kb.sharing.footers import share_footer
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext


def test_short_link_is_visible_text_and_the_button_is_an_enhancement(
    knowledge_base: KnowledgeBase, context: BuildContext
) -> None:
    footer = share_footer(knowledge_base.entries["example-mentoring"], context)
    assert '<a class="kb-short-link" href="../../go/example-mentoring/">/go/example-mentoring/</a>' in footer
    assert '<button type="button" class="md-button kb-copy-link" hidden>Copy link</button>' in footer
    assert 'role="status"' in footer
    assert "@media print" in footer


def test_how_to_cite(knowledge_base: KnowledgeBase, context: BuildContext) -> None:
    context.address = SiteAddress("https://kb.example.org/", "--site-url")
    footer = share_footer(knowledge_base.entries["example-mentoring"], context)
    assert (
        "Example Borough Youth Service (2025) <cite>Mentoring &amp; &#34;group work&#34; for young people</cite>. "
        "London Adolescent Safeguarding Knowledge Base." in footer
    )
    assert '<span class="kb-cite-url">https://kb.example.org/go/example-mentoring/</span>' in footer
    assert "Accessed:" in footer
    assert "<cite>Example Newsletter, issue 3</cite> (Example Borough, 2024-01)" in footer


def test_without_an_owner_the_knowledge_base_is_the_author(knowledge_base: KnowledgeBase, context: BuildContext) -> None:
    footer = share_footer(knowledge_base.entries["example-review"], context)
    assert (
        "London Adolescent Safeguarding Knowledge Base (2025) <cite>Example thematic review of exploitation</cite>. Available"
        in footer
    )
