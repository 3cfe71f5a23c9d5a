"""A fixture knowledge base with fixed dates, and a BuildContext over it for calling the sharing hooks directly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kb.model import KnowledgeBase
from kb.site.hooks import BuildContext
from kb.validation import validate

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kb"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """A copy of the fixture knowledge base, with the real taxonomy, outside any git work tree."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "taxonomy", root / "taxonomy")
    return root


@pytest.fixture
def knowledge_base(fixture_root: Path) -> KnowledgeBase:
    result = validate(fixture_root, today=TODAY)
    assert result.errors == 0, [problem.format() for problem in result.problems]
    return result.knowledge_base


def make_context(root: Path, knowledge_base: KnowledgeBase, tmp_path: Path, site_url: str = "") -> BuildContext:
    return BuildContext(
        root=root,
        knowledge_base=knowledge_base,
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "site",
        today=TODAY,
        site_url=site_url,
        repo_url="",
    )


@pytest.fixture
def context(fixture_root: Path, knowledge_base: KnowledgeBase, tmp_path: Path) -> BuildContext:
    return make_context(fixture_root, knowledge_base, tmp_path)
