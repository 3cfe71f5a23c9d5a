"""The language warning: each term found with its preferred words and source, and a marked quotation left alone."""

from __future__ import annotations

import pytest

from kb.validation.language_rules import TERMS, problems_in


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Girls involved in CSE were offered support.", "involved in CSE"),
        ("He kept putting himself at risk, staff wrote.", "putting himself at risk"),
        ("Old files called her a child prostitute.", "child prostitute"),
        ("A session on sexting for Year 9.", "sexting"),
        ("He was described as a county lines runner.", "county lines runner"),
        ("Two boys were used as money mules.", "money mules"),
        ("He was recruited into a gang at 14.", "recruited into a gang"),
        ("She was said to make poor choices.", "make poor choices"),
        ("He became involved in county lines at 13.", "became involved in county lines"),
    ],
)
def test_each_term_is_found_with_the_words_to_use_and_the_guidance(text: str, found: str) -> None:
    ((message, rule),) = list(problems_in(text))
    assert rule == "language-victim-blaming"
    assert f"“{found}”" in message and "instead" in message and "https://" in message


@pytest.mark.parametrize(
    "text",
    [
        'The review quotes the record: "she was involved in CSE".',
        "The review quotes the record: “he was putting himself at risk”.",
        "> Records described him as a county lines runner.\n\nThe review rejects that wording.",
        "Police teams involved in CSE work met monthly.",  # professionals, not a child
        "Children at risk of exploitation were offered a mentor.",
    ],
)
def test_quotations_and_other_uses_pass(text: str) -> None:
    assert list(problems_in(text)) == []


def test_every_term_is_lower_case_and_cites_an_address() -> None:
    for term in TERMS:
        assert term.pattern == term.pattern.lower(), term.pattern  # matched on lower-cased text
        assert term.source[1].startswith("https://")
