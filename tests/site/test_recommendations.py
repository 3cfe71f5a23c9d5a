"""Recommendations, tracked: the page, the open data and the review pages, from the shared definition."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from kb.model import KnowledgeBase
from kb.recommendations import tracked_recommendations
from kb.site.open_data import open_data_files
from kb.site.pages import SiteView, entry_page, index_pages
from kb.site.recommendations_page import recommendations_markdown, recommendations_pages
from tests.site.conftest import REPO

RAPID_DOCUMENT_REVIEW = "rapid-document-review-2021"
TABLE_ROW = re.compile(r'<tr id="([a-z0-9-]+)" data-status=')


def yaml_recommendations(root: Path) -> dict[str, int]:
    """Recommendations per entry, read straight from the YAML files (not through the model under test)."""
    counts = {}
    for path in sorted([*root.glob("case_reviews/*.yaml"), *root.glob("resources/*.yaml")]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("recommendations"):
            counts[data["id"]] = len(data["recommendations"])
    return counts


@pytest.fixture(scope="module")
def real_knowledge_base() -> KnowledgeBase:
    from kb.validation import validate

    result = validate(REPO, today=dt.date.today())
    assert result.errors == 0, [problem.format() for problem in result.problems[:10]]
    return result.knowledge_base


def test_every_recommendation_in_the_yaml_is_in_the_csv_the_json_and_the_page(real_knowledge_base: KnowledgeBase) -> None:
    expected = yaml_recommendations(REPO)
    assert expected[RAPID_DOCUMENT_REVIEW] == 12
    assert {"waltham-forest-scr", "hillingdon-knife-arches-independent-review"} <= expected.keys()
    files = open_data_files(real_knowledge_base)
    rows = list(csv.DictReader(io.StringIO(files["api/recommendations.csv"])))
    data = json.loads(files["api/recommendations.json"])
    page_rows = TABLE_ROW.findall(recommendations_markdown(real_knowledge_base))
    for found in ([row["review_id"] for row in rows], [row["review_id"] for row in data["recommendations"]]):
        assert {review: found.count(review) for review in set(found)} == expected
    assert data["count"] == len(rows) == len(page_rows) == sum(expected.values())
    assert page_rows == [row["id"] for row in rows]


def test_the_rapid_document_review_publishes_no_deadline_and_names_mopac_only_where_it_does(
    real_knowledge_base: KnowledgeBase,
) -> None:
    rows = csv.DictReader(io.StringIO(open_data_files(real_knowledge_base)["api/recommendations.csv"]))
    table = [row for row in rows if row["review_id"] == RAPID_DOCUMENT_REVIEW]
    assert [row["number"] for row in table] == [str(n) for n in range(1, 13)]
    assert {row["by_when"] for row in table} == {"Not published"}
    assert [row["number"] for row in table if row["owner"] == "MOPAC"] == ["5", "12"]
    assert {(row["status"], row["status_checked"]) for row in table} == {("not-published", "2021-11")}


def test_the_page_filters_offer_every_status_and_level_with_counts(knowledge_base: KnowledgeBase) -> None:
    text = recommendations_markdown(knowledge_base)
    assert '<option value="completed">Completed (1)</option>' in text
    assert '<option value="in-progress">In progress (0)</option>' in text
    assert '<option value="national">National (0)</option>' in text
    assert '<option value="newham">Newham (2)</option>' in text
    assert '<option value="2023">2023 (2)</option>' in text
    assert "kb-rec-filters" in text and " hidden>" in text  # the filters appear only when the script runs


def test_the_page_filters_by_review_and_theme_and_rows_carry_what_they_filter_on(knowledge_base: KnowledgeBase) -> None:
    text = recommendations_markdown(knowledge_base)
    assert '<select id="kb-rec-filter-review" name="review" data-filter="review">' in text
    assert '<option value="fixture-review">Fixture review (2)</option>' in text
    assert '<select id="kb-rec-filter-themes" name="themes" data-filter="themes" data-many>' in text
    assert '<option value="child-criminal-exploitation">Child criminal exploitation (2)</option>' in text
    assert text.count('data-review="fixture-review" ') == 2
    assert text.count('data-themes="child-criminal-exploitation" ') == 2
    rows = json.loads(open_data_files(knowledge_base)["api/recommendations.json"])["recommendations"]
    assert [row["themes"] for row in rows] == [["child-criminal-exploitation"]] * 2


def test_a_status_is_shown_as_a_dated_claim_with_its_source(knowledge_base: KnowledgeBase) -> None:
    text = recommendations_markdown(knowledge_base)
    assert 'as of <time datetime="2024-06-10">10 June 2024</time>, according to <cite>Fixture Partnership annual report' in text
    assert 'as of <time datetime="2023-05-01">1 May 2023</time>, according to <cite>Fixture review report</cite>' in text
    review = entry_page(knowledge_base.entries["fixture-review"], SiteView(knowledge_base))
    assert "kb-rec-status--completed" in review and 'href="../../recommendations/"' in review


def test_the_page_and_its_script_and_style_are_site_pages(knowledge_base: KnowledgeBase) -> None:
    pages = index_pages(knowledge_base)
    assert set(recommendations_pages(knowledge_base)) <= set(pages)
    assert "addEventListener" in pages["recommendations/recommendations.js"]
    assert "http" not in pages["recommendations/recommendations.js"]  # no third-party request
    assert "@media print" in pages["recommendations/recommendations.css"]
    assert "../recommendations/index.md" in pages["case-reviews/index.md"]
    assert "../recommendations/index.md" not in pages["services/index.md"]


def test_recommendations_come_newest_review_first_in_each_reviews_order(knowledge_base: KnowledgeBase) -> None:
    found = [(item.review.id, item.number, item.year) for item in tracked_recommendations(knowledge_base)]
    assert found == [("fixture-review", 1, 2023), ("fixture-review", 2, 2023)]


def test_every_real_status_is_dated_between_its_review_and_today(real_knowledge_base: KnowledgeBase) -> None:
    """A status cannot be checked before the review that makes the recommendation, nor in the future."""
    today = dt.date.today().isoformat()
    wrong = [
        f"{item.id}: {item.status_checked}"
        for item in tracked_recommendations(real_knowledge_base)
        if not (str(item.year) <= item.status_checked[:4] and item.status_checked <= today)
    ]
    assert wrong == []
    progress = [item for item in tracked_recommendations(real_knowledge_base) if item.status in ("in-progress", "completed")]
    assert all(item.status_source is not None for item in progress)
