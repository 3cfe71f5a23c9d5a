"""A protocol's status is a dated claim: checks on when, and against what, it was last confirmed.

The schema requires `status_checked` for a current or under-review protocol; these checks read its
value against today: not in the future (an error), and not older than the kind's review interval
(a warning, `status-unconfirmed`: the page then says "not confirmed since").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..content_model import KINDS_BY_NAME
from ..dates import human_date
from ..loader import Document, Problem
from ..model import IN_FORCE, StatusClaim
from ..rules import entry_example, rule

STATUS_CHECKED_FUTURE = rule(
    "status-checked-future",
    "error",
    "A status confirmed on a day after today",
    "`status_checked` is {checked}, after today ({today}); write the day you actually confirmed the status",
    entry_example("status-checked-future", "protocol", status_checked="2999-01-15"),
)
STATUS_UNCONFIRMED = rule(
    "status-unconfirmed",
    "warning",
    "A protocol's status not confirmed within its review interval",
    "the status `{status}` was last confirmed on {checked}, {age} days ago (more than {interval}); confirm it against "
    "the issuer's own public page and update `status_checked` (the day you read it) and `status_source` (its title, "
    "publisher, date and address), or leave it: the page will say 'not confirmed since'",
    entry_example("status-unconfirmed", "protocol", status_checked="2020-01-15"),
)


def status_problems(document: Document, schema_name: str, today: dt.date) -> Iterator[Problem]:
    data = document.data or {}
    if schema_name != "protocol" or data.get("status") not in IN_FORCE:
        return
    checked = _day(data.get("status_checked"))
    if checked is None:
        return  # missing or not a date: the schema says so
    line = document.line_of(("status_checked",))
    if checked > today:
        yield STATUS_CHECKED_FUTURE.problem(document.path, line, checked=checked.isoformat(), today=today.isoformat())
        return
    interval = KINDS_BY_NAME[schema_name].review_interval_days
    claim = StatusClaim(status=data["status"], checked=checked, source=None, interval_days=interval, today=today)
    if claim.unconfirmed:  # the same test as the page's "not confirmed since"
        age = (today - checked).days
        yield STATUS_UNCONFIRMED.problem(
            document.path, line, status=data["status"], checked=human_date(checked), age=age, interval=interval
        )


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
