"""The knowledge base itself, validated by ordinary tests (as github/explore does)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from kb.validation import Result, validate
from tests.conftest import REPO

# The five source documents of the first edition, by the start of their real titles.
SOURCE_DOCUMENTS = (
    "London Adolescent Safeguarding and Youth Justice Newsletter",
    "Adolescent Safeguarding in London in 2021",
    "Rapid Document Review",
    "Youth Safety, Tackling Child Exploitation and Youth Violence Away Day and Adolescent Exploitation Summit",
    "London Youth Justice Newsletter",
)
MINIMUM_COUNTS = {"practice_example": 30, "protocol": 15, "case_review": 10, "topic": 12, "service": 2, "resource": 5}


@pytest.fixture(scope="module")
def result() -> Result:
    from kb.plugins import default_plugins
    from kb.site.hooks import combine

    return validate(REPO, today=dt.date.today(), extra_checks=list(combine(default_plugins()).model_checks))


def test_the_knowledge_base_has_no_errors(result: Result) -> None:
    errors = [problem.format() for problem in result.problems if problem.severity == "error"]
    assert errors == []


def test_first_edition_minimum_counts(result: Result) -> None:
    counts = Counter(entry.kind.name for entry in result.knowledge_base.entries.values())
    short = {kind: (counts[kind], minimum) for kind, minimum in MINIMUM_COUNTS.items() if counts[kind] < minimum}
    assert short == {}, "kind: (have, need)"


def test_every_entry_cites_a_source_document_by_title(result: Result) -> None:
    uncited = [
        entry.path
        for entry in result.knowledge_base.entries.values()
        if not any(source.title.strip().startswith(SOURCE_DOCUMENTS) for source in entry.sources)
    ]
    assert uncited == []


def test_taxonomy_covers_london_and_the_glossary(result: Result) -> None:
    taxonomy = result.knowledge_base.taxonomy
    boroughs = [term for term in taxonomy.areas.values() if term.extra.get("type") in ("london-borough", "city")]
    assert len(boroughs) == 33
    assert len(taxonomy.glossary) >= 80
    terms = {item.term for item in taxonomy.glossary}
    assert {"CYP", "CCE", "CSE", "NRM", "MACE", "VRU", "MOPAC", "YJB", "LASOB", "VESS"} <= terms
    assert all(category.extra.get("introduction") for category in taxonomy.categories.values())


def test_superseded_protocols_name_a_current_successor(result: Result) -> None:
    entries = result.knowledge_base.entries
    superseded = [entry for entry in entries.values() if entry.status == "superseded"]
    assert superseded, "the first edition marks at least one superseded protocol"
    for entry in superseded:
        assert entries[entry.get("superseded_by")].status in ("current", "under-review")
