"""Fixtures over the fixture knowledge base, for calling the sharing hooks directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.model import KnowledgeBase
from kb.site.hooks import BuildContext

from .fixture_base import copy_fixture, load, make_context


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path / "kb")


@pytest.fixture
def knowledge_base(fixture_root: Path) -> KnowledgeBase:
    return load(fixture_root)


@pytest.fixture
def context(fixture_root: Path, knowledge_base: KnowledgeBase, tmp_path: Path) -> BuildContext:
    return make_context(fixture_root, knowledge_base, tmp_path)
