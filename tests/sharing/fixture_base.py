"""The fixture knowledge base (fixed dates) and a BuildContext over it, shared by the sharing and browser tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kb.model import KnowledgeBase
from kb.site.address import SiteAddress
from kb.site.hooks import BuildContext
from kb.validation import validate

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kb"
TODAY = dt.date(2026, 11, 22)


def copy_fixture(destination: Path) -> Path:
    """A copy of the fixture knowledge base with the real taxonomy, outside any git work tree."""
    shutil.copytree(FIXTURE, destination)
    shutil.copytree(REPO / "taxonomy", destination / "taxonomy")
    return destination


def load(root: Path) -> KnowledgeBase:
    result = validate(root, today=TODAY)
    assert result.errors == 0, [problem.format() for problem in result.problems]
    return result.knowledge_base


def make_context(root: Path, knowledge_base: KnowledgeBase, scratch: Path, address: SiteAddress | None = None) -> BuildContext:
    return BuildContext(
        root=root,
        knowledge_base=knowledge_base,
        docs_dir=scratch / "docs",
        site_dir=scratch / "site",
        today=TODAY,
        address=address or SiteAddress(),
        repo_url="",
    )
