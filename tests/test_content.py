"""The knowledge base itself, validated by ordinary tests (as github/explore does).

Rules every entry must keep (sources and their locators, successor chains, what prose says about a protocol's
status) are the validator's (`kb rules` lists them), so `test_the_knowledge_base_has_no_errors` holds the content
to them; what is left here is about the knowledge base as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from kb.model import site_of
from kb.validation import Result, validate
from tests.conftest import REPO

MINIMUM_COUNTS = {"practice_example": 30, "protocol": 15, "case_review": 10, "topic": 12, "service": 2, "resource": 5}
# The second edition (issue 15) adds what the documents still held: youth custody inspections, the research the
# Rapid Document Review relies on, borough initiatives and the July 2025 partner updates.
SECOND_EDITION_COUNTS = {"practice_example": 62, "protocol": 17, "case_review": 16, "topic": 16, "service": 2, "resource": 20}
SECOND_EDITION_ENTRIES = 133


@pytest.fixture(scope="module")
def result() -> Result:
    from kb.plugins import default_plugins
    from kb.site.hooks import combine

    return validate(REPO, today=dt.date.today(), extra_checks=list(combine(default_plugins()).every_check))


def test_the_knowledge_base_has_no_errors(result: Result) -> None:
    errors = [problem.format() for problem in result.problems if problem.severity == "error"]
    assert errors == []


def test_every_source_is_a_source_document_or_a_public_page_and_says_where(result: Result) -> None:
    """`source-locator` and `source-uncited` only warn in general; this knowledge base keeps them (issue 15)."""
    warned = [problem.format() for problem in result.problems if problem.rule in ("source-locator", "source-uncited")]
    assert warned == []


def test_first_edition_minimum_counts(result: Result) -> None:
    counts = Counter(entry.kind.name for entry in result.knowledge_base.entries.values())
    short = {kind: (counts[kind], minimum) for kind, minimum in MINIMUM_COUNTS.items() if counts[kind] < minimum}
    assert short == {}, "kind: (have, need)"


def test_second_edition_counts(result: Result) -> None:
    counts = Counter(entry.kind.name for entry in result.knowledge_base.entries.values())
    short = {kind: (counts[kind], minimum) for kind, minimum in SECOND_EDITION_COUNTS.items() if counts[kind] < minimum}
    assert short == {}, "kind: (have, need)"
    assert sum(counts.values()) >= SECOND_EDITION_ENTRIES


def test_taxonomy_covers_london_and_the_glossary(result: Result) -> None:
    taxonomy = result.knowledge_base.taxonomy
    boroughs = [term for term in taxonomy.areas.values() if term.extra.get("type") in ("london-borough", "city")]
    assert len(boroughs) == 33
    assert len(taxonomy.glossary) >= 80
    terms = {item.term for item in taxonomy.glossary}
    assert {"CYP", "CCE", "CSE", "NRM", "MACE", "VRU", "MOPAC", "YJB", "LASOB", "VESS"} <= terms
    assert all(category.extra.get("introduction") for category in taxonomy.categories.values())


def test_the_first_edition_marks_a_superseded_protocol(result: Result) -> None:
    """What superseded guidance must say (a successor in force, no loops, prose that agrees) is checked by the
    validator: `superseded-without-successor`, `successor-chain` and `status-contradiction` (kb rules)."""
    assert any(entry.status == "superseded" for entry in result.knowledge_base.entries.values())


def test_every_protocol_in_force_is_watched_and_at_least_four_on_gov_uk(result: Result) -> None:
    in_force = [entry for entry in result.knowledge_base.by_kind("protocol") if entry.status in ("current", "under-review")]
    assert [entry.id for entry in in_force if not entry.get("watch")] == []
    on_gov_uk = [entry.id for entry in in_force if site_of(entry.get("watch")["url"]) == "gov.uk"]
    assert len(on_gov_uk) >= 4, on_gov_uk


def test_no_entry_page_presents_a_status_confirmed_against_a_secondary_source_without_saying_so(result: Result) -> None:
    from kb.site.pages import SiteView, entry_page

    view = SiteView(result.knowledge_base, today=dt.date.today())
    for entry in result.knowledge_base.by_kind("protocol"):
        claim = result.knowledge_base.status_claim(entry, view.today)
        page = entry_page(entry, view)
        assert claim is not None
        if claim.secondary:
            assert "against a secondary source (" in page and "kb-status-secondary" in page, entry.id
            assert "kb-status-line--confirmed" not in page and "kb-badge--current" not in page, entry.id
        elif claim.confirmed:  # a plain confirmed line names whose page it was read on, and it is the watched site's
            assert claim.on_watched_page or claim.source is None or not claim.source.url, entry.id
