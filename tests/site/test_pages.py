"""Page generation: pure functions of the model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pytest

from kb.model import KnowledgeBase
from kb.site.pages import SiteView, entry_page, gathered_entries, index_pages
from kb.site.rendering import case_review_line, md_text
from tests.site.conftest import TODAY


def page(knowledge_base: KnowledgeBase, entry_id: str, view: SiteView | None = None) -> str:
    return entry_page(knowledge_base.entries[entry_id], view or SiteView(knowledge_base, today=TODAY))


def status_box(text: str) -> str:
    found = re.search(r'<div class="kb-callout kb-callout--warning[^"]*".*?</div>', text, re.S)
    return found.group(0) if found else ""


def test_every_entry_page_is_one_pagefind_body_with_sources_review_date_and_edit_path(knowledge_base: KnowledgeBase) -> None:
    for entry in knowledge_base.entries.values():
        text = page(knowledge_base, entry.id)
        assert text.count("data-pagefind-body") == 1
        assert 'id="sources"' in text and "Checked against its sources on" in text
        assert f"<code>{entry.path}</code>" in text  # no repository address known: the path, as text
        assert "\n\n" not in text.split("---\n\n", 1)[1].strip()  # one raw HTML block


def test_contributor_text_is_escaped_and_never_jinja(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-hub")
    assert "Fixture hub &amp; {% if true %}Jinja{% endif %} project" in text
    assert "{% raw %}" in text


def test_practice_example_leads_with_what_was_done_then_impact_and_shows_published_contact(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-hub")
    assert text.index("What was done") < text.index("Impact") < text.index("Sources")
    assert re.search(r"<strong><abbr [^>]*>MACE</abbr></strong>", text)  # Markdown rendered, the acronym expanded
    assert 'href="https://example.org/newsletter"' in text
    assert "Exploitation lead, Fixture Council" in text
    assert 'href="../../spotlight/building-safety/"' in text


def test_superseded_protocol_links_prominently_to_its_successor(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-protocol-old")
    assert "kb-badge--superseded" in text
    callout = status_box(text)
    assert "March 2024" in callout and text.index(callout) < text.index('class="kb-summary"')
    assert 'href="../../protocols/fixture-protocol-new/"' in callout


def test_confirmed_protocol_says_when_and_against_what_under_its_title(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-protocol-new")
    line = re.search(r'<p class="kb-status-line[^"]*"[^>]*>(.*?)</p>', text, re.S)
    assert line and text.index(line.group(0)) < text.index('class="kb-summary"')
    words = re.sub(r"<[^>]+>", "", line.group(1))
    assert (
        words
        == "Current: confirmed on 20 November 2026 against the Fixture Board's page, New fixture protocol: publication page; watched weekly."
    )
    assert '<a href="https://www.example.org/fixture-protocol">' in line.group(1)
    assert not status_box(text)


def test_a_confirmation_older_than_a_year_becomes_a_warning_naming_where_to_check(knowledge_base: KnowledgeBase) -> None:
    a_year_on = SiteView(knowledge_base, today=dt.date(2027, 11, 20))
    assert "kb-status-unconfirmed" not in page(knowledge_base, "fixture-protocol-new", a_year_on)
    later = SiteView(knowledge_base, today=dt.date(2027, 11, 21))
    text = page(knowledge_base, "fixture-protocol-new", later)
    box = status_box(text)
    assert "kb-status-unconfirmed" in box and text.index(box) < text.index('class="kb-summary"')
    words = re.sub(r"<[^>]+>", "", box)
    assert "not confirmed since 20 November 2026" in words
    assert "⚠" in words and "before you rely on it" in words  # words and a symbol, not colour alone
    assert 'href="https://www.example.org/fixture-protocol"' in box and "the issuing body’s own website" in words
    assert "Current: not confirmed since 20 November 2026" in text  # the facts list says the same


def test_superseded_protocol_with_an_external_successor_links_to_it(knowledge_base: KnowledgeBase) -> None:
    old = knowledge_base.entries["fixture-protocol-old"]
    successor = {
        "title": "Fixture protocol 2026",
        "publisher": "Fixture Board",
        "date": "2026-04",
        "url": "https://www.example.org/p",
    }
    fields = {key: value for key, value in old.fields.items() if key != "superseded_by"} | {"successor": successor}
    text = entry_page(dataclasses.replace(old, fields=fields), SiteView(knowledge_base, today=TODAY))
    box = status_box(text)
    assert text.index(box) < text.index('class="kb-summary"')
    assert '<a href="https://www.example.org/p"><cite>Fixture protocol 2026</cite></a>' in box
    assert "no entry here yet" in box


def test_practice_example_stage_and_service_availability_carry_their_as_of_source(knowledge_base: KnowledgeBase) -> None:
    example = re.sub(r"<[^>]+>", "", page(knowledge_base, "fixture-hub"))
    assert "Running, as described in Fixture Newsletter, July 2025." in example  # the date is in the title: not twice
    assert "As published in Fixture Newsletter, July 2025: contacts change" in example  # its key contact
    service = re.sub(r"<[^>]+>", "", page(knowledge_base, "fixture-service"))
    assert "Available, as described in Fixture service page, 2025: check with the provider" in service
    card = re.sub(r"<[^>]+>", "", index_pages(knowledge_base)["spotlight/building-safety/index.md"])
    assert "Running, as described in Fixture Newsletter, July 2025." in card


def test_every_page_says_what_last_reviewed_means(knowledge_base: KnowledgeBase) -> None:
    text = re.sub(r"<[^>]+>", "", page(knowledge_base, "fixture-hub"))
    assert "Checked against its sources on 1 November 2026" in text
    assert "Last reviewed" not in text


def test_current_protocol_shows_version_dates_steps_and_amendments(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-protocol-new")
    assert "kb-badge--current" in text and "Version v2" in text and "In effect from" in text
    assert "September 2024" in text and "Clarified the timescale." in text
    assert "kb-callout--warning" not in text


def test_case_review_heading_content_note_and_recommendations_table(knowledge_base: KnowledgeBase) -> None:
    review = knowledge_base.entries["fixture-review"]
    assert case_review_line(review) == "2023 – Fixture Safeguarding Partnership – Child F"
    text = page(knowledge_base, "fixture-review")
    assert (
        f'<h1 data-pagefind-weight="10">{review.title}</h1>' in text
    )  # the title is the heading, so a search for it finds the review
    assert '<p class="kb-entry__meta">2023 – Fixture Safeguarding Partnership – Child F · ' in text
    assert (
        text.index("Content note") < text.index("Learning themes") < text.index("Learning points") < text.index("Recommendations")
    )
    for header in ("Recommendation", "Owner", "Level", "By when", "Status"):
        assert f'<th scope="col">{header}</th>' in text
    assert '<td data-label="By when">Not published</td>' in text


def test_topic_gathers_its_listed_entries_first_then_those_sharing_its_themes(knowledge_base: KnowledgeBase) -> None:
    hub = knowledge_base.entries["fixture-topic"]
    assert [entry.id for entry in gathered_entries(hub, knowledge_base)] == ["fixture-review", "fixture-hub"]
    text = page(knowledge_base, "fixture-topic")
    assert 'id="subtopic-signs"' in text and "Key messages" in text


def test_related_comes_from_the_registered_finder_when_there_is_one(knowledge_base: KnowledgeBase) -> None:
    finder_view = SiteView(knowledge_base, related=lambda entry: [knowledge_base.entries["fixture-service"]])
    assert "Fixture service" in page(knowledge_base, "fixture-hub", finder_view)
    assert "New fixture protocol" in page(knowledge_base, "fixture-hub")  # the entry's own `related`


def test_banners_come_first_and_footers_last_inside_the_body(knowledge_base: KnowledgeBase) -> None:
    hooked = SiteView(knowledge_base, banners=lambda e: '<p class="banner"></p>', footers=lambda e: '<p class="footer"></p>')
    text = page(knowledge_base, "fixture-service", hooked)
    body = text[text.index("data-pagefind-body") :]
    assert body.index("banner") < body.index("Fixture service") < body.index("Sources") < body.index("footer")


def test_edit_link_when_the_repository_is_known(knowledge_base: KnowledgeBase) -> None:
    text = page(knowledge_base, "fixture-service", SiteView(knowledge_base, repo_url="https://github.com/o/r", branch="main"))
    assert 'href="https://github.com/o/r/edit/main/services/fixture-service.yaml">Edit this entry on GitHub' in text


def test_index_pages_cover_every_dimension_and_kind(knowledge_base: KnowledgeBase) -> None:
    pages = index_pages(knowledge_base)
    for path in ("themes/index.md", "areas/newham/index.md", "audiences/police/index.md", "practice-examples/index.md",
                 "kinds/index.md", "glossary/index.md", "spotlight/index.md", "spotlight/building-safety/index.md",
                 "contents/index.md", "useful-links/index.md"):  # fmt: skip
        assert path in pages, path
    assert "areas/national/index.md" in pages and "areas/unused/index.md" not in pages
    assert 'href="../../practice-examples/fixture-hub/"' in pages["themes/child-criminal-exploitation/index.md"]


def test_table_of_contents_lists_each_hub_with_linked_subtopics_by_section(knowledge_base: KnowledgeBase) -> None:
    text = index_pages(knowledge_base)["contents/index.md"]
    for section in ("Foundations", "Practice and forms of harm", "Systems and protocols", "Learning from reviews"):
        assert f"## {section}" in text
    assert 'href="../topics/fixture-topic/#subtopic-signs">Signs</a>' in text


def test_useful_links_cite_every_source_of_every_entry(knowledge_base: KnowledgeBase) -> None:
    text = index_pages(knowledge_base)["useful-links/index.md"]
    assert "## Exploitation – Useful links" in text
    for entry in knowledge_base.entries.values():
        for source in entry.sources:
            assert source.title in text


def test_spotlight_category_opens_with_includes_and_introduction_then_cards(knowledge_base: KnowledgeBase) -> None:
    text = index_pages(knowledge_base)["spotlight/building-safety/index.md"]
    assert text.index("This category includes") < text.index("Introduction to the examples") < text.index("kb-card")
    assert "Newham – Fixture hub &amp;" in text and "Key contact: Exploitation lead, Fixture Council" in text
    assert "No examples in this category yet." in index_pages(knowledge_base)["spotlight/workforce/index.md"]


def test_md_text_neutralises_markdown_html_and_attribute_lists() -> None:
    assert md_text("A *b* <i> {#x .y} [l](u)") == r"A \*b\* &lt;i&gt; \{\#x \.y\} \[l\]\(u\)"


def test_a_hub_gathers_at_most_its_limit_and_links_to_its_themes_for_the_rest(
    knowledge_base: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.site import pages

    hub = knowledge_base.entries["fixture-topic"]
    everything = gathered_entries(hub, knowledge_base)
    assert 'class="kb-more"' not in page(knowledge_base, "fixture-topic")  # all shown: no "more" links
    monkeypatch.setattr(pages, "GATHER_LIMIT", 0)
    listed = [knowledge_base.resolve(entry_id) for entry_id in hub.get("entries")]
    assert gathered_entries(hub, knowledge_base) == listed and len(everything) > len(listed)
    text = page(knowledge_base, "fixture-topic")
    assert 'class="kb-more"' in text and f'href="../../themes/{hub.themes[0]}/"' in text


def test_an_entry_pointing_at_replaced_guidance_says_what_replaced_it_under_its_title(scratch) -> None:  # type: ignore[no-untyped-def]
    scratch.write_replaced_edition(status_date="2026-11-20")
    scratch.write("practice_example", "uses-old", related=["old-protocol"])
    knowledge_base = scratch.validate().knowledge_base
    text = page(knowledge_base, "uses-old")
    notice = re.search(r'<div class="kb-callout kb-callout--caution kb-replaced-references".*?</div>', text, re.S)
    assert notice is not None and text.index("kb-replaced-references") < text.index('class="kb-summary"')
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice.group(0))).strip()
    assert words == "⚠ This entry refers to Example protocol 2023, replaced by Example protocol 2026 on 20 November 2026."
    assert '<a href="../../protocols/old-protocol/">' in notice.group(0)
    assert "kb-replaced-references" not in page(knowledge_base, "new-protocol")  # the successor may name what it replaced


def test_front_matter_gives_the_title_and_link_preview_mkdocs_reads(knowledge_base: KnowledgeBase) -> None:
    from mkdocs.utils.meta import get_data

    from kb.site.address import SiteAddress

    view = SiteView(knowledge_base, today=TODAY, address=SiteAddress("https://example.org/kb/", "KB_SITE_URL"))
    for entry in knowledge_base.entries.values():
        _, meta = get_data(page(knowledge_base, entry.id, view))
        # mkdocs' <title> starts with it (issue 24), escaped as the theme prints page.meta as it is; the preview
        # partial escapes the og_ values itself
        assert html.unescape(meta["title"]) == meta["og_title"] == entry.title
        assert meta["og_url"] == f"https://example.org/kb/go/{entry.id}/"
        assert meta["og_description"] and len(html.unescape(meta["description"])) <= 160
    _, meta = get_data(page(knowledge_base, entry.id))
    assert meta["og_url"] == ""  # no address: no og:url, which must be absolute
