"""The benchmark's synthetic corpus: valid, every kind, reproducible, and never written into the repository."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.corpus import KIND_SHARES, kind_counts, write_corpus
from benchmarks.plain_site import write_plain_site
from kb.content_model import KINDS
from kb.validation import validate

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(REPO, 30, tmp_path_factory.mktemp("bench") / "corpus")


def test_a_small_corpus_validates_with_no_errors(corpus: Path) -> None:
    result = validate(corpus, today=TODAY)
    assert [problem.format() for problem in result.problems if problem.severity == "error"] == []
    assert len(result.knowledge_base.entries) == 30


def test_every_kind_is_present(corpus: Path) -> None:
    for kind in KINDS:
        assert list((corpus / kind.folder).glob("*.yaml")), kind.folder


def test_kind_counts_add_up_to_the_size() -> None:
    for size in (20, 300, 3000, 10000):
        counts = kind_counts(size)
        assert sum(counts.values()) == size
        assert set(counts) == set(KIND_SHARES)


def test_the_same_seed_writes_the_same_corpus(corpus: Path, tmp_path: Path) -> None:
    again = write_corpus(REPO, 30, tmp_path / "again")
    first = {path.relative_to(corpus): path.read_bytes() for path in corpus.rglob("*.yaml")}
    second = {path.relative_to(again): path.read_bytes() for path in again.rglob("*.yaml")}
    assert first == second


def test_the_plain_baseline_has_a_page_per_entry(corpus: Path, tmp_path: Path) -> None:
    config = write_plain_site(corpus, tmp_path / "plain")
    pages = [path for path in (config.parent / "docs").rglob("*.md") if path.name != "index.md"]
    assert config.is_file()
    assert len(pages) == 30
