"""A recommendation's status is a dated claim: the rules that keep it honest, and the messages that teach them."""

from __future__ import annotations

from typing import Any

from tests.conftest import ScratchBase

SOURCE = {"title": "Example partnership annual report 2023 to 2024", "publisher": "An example partnership", "date": "2024-06"}


def recommendation(**overrides: Any) -> dict[str, Any]:
    item = {
        "text": "Train every front-door worker on exploitation.",
        "owner": "Not published",
        "level": "local",
        "by_when": "Not published",
        "status": "not-published",
        "status_checked": "2021-11",
    }
    item.update(overrides)
    return {key: value for key, value in item.items() if value is not None}


def problems(scratch: ScratchBase) -> list[tuple[str, str]]:
    return [(problem.rule, problem.format()) for problem in scratch.validate().problems]


def test_a_case_review_and_a_review_resource_share_the_recommendation_definition(scratch: ScratchBase) -> None:
    scratch.write(
        "case_review", "a-review", recommendations=[recommendation(), recommendation(status="completed", status_source=SOURCE)]
    )
    scratch.write("resource", "a-rapid-review", resource_type="review", recommendations=[recommendation(level="regional")])
    assert problems(scratch) == []


def test_completed_without_a_source_is_refused_with_a_message_that_teaches(scratch: ScratchBase) -> None:
    scratch.write("case_review", "a-review", recommendations=[recommendation(), recommendation(status="completed")])
    found = problems(scratch)
    assert [rule for rule, _ in found] == ["recommendation-status-without-source"]
    message = found[0][1]
    assert "case_reviews/a-review.yaml" in message and "recommendations[2]" in message
    assert "`completed`" in message and "status_source" in message and "not-published" in message


def test_in_progress_also_needs_a_source_but_open_does_not(scratch: ScratchBase) -> None:
    scratch.write(
        "case_review", "a-review", recommendations=[recommendation(status="in-progress"), recommendation(status="open")]
    )
    assert [rule for rule, _ in problems(scratch)] == ["recommendation-status-without-source"]


def test_every_status_is_dated(scratch: ScratchBase) -> None:
    scratch.write("case_review", "a-review", recommendations=[recommendation(status_checked=None)])
    found = problems(scratch)
    assert [rule for rule, _ in found] == ["required"] and "`status_checked`" in found[0][1]


def test_only_a_review_or_report_resource_can_list_recommendations(scratch: ScratchBase) -> None:
    scratch.write("resource", "a-toolkit", resource_type="toolkit", recommendations=[recommendation()])
    found = problems(scratch)
    assert [rule for rule, _ in found] == ["recommendations-on-wrong-kind"]
    assert "`toolkit` cannot list `recommendations`" in found[0][1]
