"""Checks that need one file only: loading, schema, Markdown safety, personal data, dates.

Runs in worker processes, so everything here is a pure function of one file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..content_model import schema_modeline
from ..loader import Document, Problem, load_file
from ..rules import edited_example, entry_example, rule
from . import content_rules, language_rules, markdown_safety, personal_data
from .schema_rules import check_schema
from .status_rules import status_problems

# Fields that hold addresses, not prose: checked by the schema's URL pattern instead.
_ADDRESS_KEYS = {"url", "email"}
_DATE_KEYS = {"last_reviewed", "added"}
POSTCODES_MATTER_FOR = ("case_review",)  # a case review is where a child's home could be given away
SCHEMA_MODELINE = rule(
    "schema-modeline",
    "error",
    "The first line does not point editors at the schema",
    "the first line must be `{expected}` so editors check the file as you type",
    edited_example("schema-modeline", lambda text: text.split("\n", 1)[1]),
)
DATE_IMPOSSIBLE = rule(
    "date-impossible",
    "error",
    "A date that does not exist",
    "`{text}` is not a real date; check the day and month",
    entry_example("date-impossible", last_reviewed="2026-02-30"),
)
DATE_FUTURE = rule(
    "date-future",
    "error",
    "A date or year after today",
    "`{text}` is in the future; use the date it actually happened",
    entry_example("date-future", last_reviewed="2999-01-15"),
)


def check_file(path: Path, shown: str, schema_name: str, today: dt.date) -> Document:
    document = load_file(path, shown)
    if document.data is None:
        return document
    problems = document.problems
    expected = schema_modeline(schema_name)
    if document.first_line.strip() != expected:
        problems.append(SCHEMA_MODELINE.problem(shown, 1, expected=expected))
    problems.extend(check_schema(document, schema_name))
    texts = list(strings(document.data))  # walked once, read by both checks below
    problems.extend(_text_problems(document, texts, schema_name))
    problems.extend(_date_problems(document, texts, today))
    problems.extend(status_problems(document, schema_name, today))
    problems.extend(content_rules.source_problems(document))
    return document


def strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


Texts = list[tuple[tuple[str | int, ...], str]]  # (where in the document, the text), as `strings` gives them


def _text_problems(document: Document, texts: Texts, schema_name: str) -> Iterator[Problem]:
    postcodes_matter = schema_name in POSTCODES_MATTER_FOR
    for path, text in texts:
        key = _field_of(path)
        if key in _ADDRESS_KEYS:  # addresses are checked by the schema's patterns, not as prose
            if key == "email" and (found := personal_data.personal_mailbox(text)):
                yield Problem(document.path, document.line_of(path), "error", *found)
            continue
        in_contact = "contact" in path or ("referral_routes" in path and key == "how")
        errors = [
            *markdown_safety.problems_in(text),
            *personal_data.problems_in(text, in_contact=in_contact, postcodes_matter=postcodes_matter),
        ]
        warnings = list(language_rules.problems_in(text)) if language_rules.checks(path) else []
        if not errors and not warnings:
            continue  # nearly every text: its line is not looked up
        line = document.line_of(path)
        for message, code in errors:
            yield Problem(document.path, line, "error", message, code)
        for message, code in warnings:
            yield Problem(document.path, line, language_rules.LANGUAGE.severity, message, code)


def _field_of(path: tuple[str | int, ...]) -> str:
    """The name of the field a text is in: the last key of its path (a list's items are in their list's field)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _date_problems(document: Document, texts: Texts, today: dt.date) -> Iterator[Problem]:
    for path, text in texts:
        key = path[-1] if path else ""
        is_source_date = key == "date" and (
            (len(path) == 3 and path[0] == "sources") or path[:-1] in (("status_source",), ("successor",))
        )
        if key not in _DATE_KEYS and not is_source_date:
            continue
        parsed = _parse_partial_date(text)
        line = document.line_of(path)
        if parsed is False:
            yield DATE_IMPOSSIBLE.problem(document.path, line, text=text)
        elif parsed is not None and parsed > today:
            yield DATE_FUTURE.problem(document.path, line, text=text)
    year = (document.data or {}).get("year_published")
    if isinstance(year, int) and year > today.year:
        yield DATE_FUTURE.problem(document.path, document.line_of(("year_published",)), text=year)


def _parse_partial_date(text: str) -> dt.date | bool | None:
    """The earliest day the text can mean; None if it is not date-shaped (the schema reports that); False if impossible."""
    parts = text.split("-")
    if not all(part.isdigit() for part in parts) or len(parts) > 3 or len(parts[0]) != 4:
        return None
    numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
    try:
        return dt.date(*numbers)
    except ValueError:
        return False
