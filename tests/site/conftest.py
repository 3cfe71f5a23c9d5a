"""Fixtures for the site tests: a small knowledge base with one entry of each kind (and a superseded protocol)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.model import KnowledgeBase
from kb.site.pages import SiteView

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "kb"
REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def knowledge_base() -> KnowledgeBase:
    from kb.validation import validate

    result = validate(FIXTURE_KB, today=TODAY)
    assert result.errors == 0, [problem.format() for problem in result.problems]
    return result.knowledge_base


@pytest.fixture
def view(knowledge_base: KnowledgeBase) -> SiteView:
    return SiteView(knowledge_base)
