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

CONFIRM_FIX = (
    "confirm it against the issuer's own public page and update `status_checked` (the day you read it) and "
    "`status_source` (its title, publisher, date and address), or leave it: the page will say 'not confirmed since'"
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
        yield Problem(
            document.path,
            line,
            "error",
            f"`status_checked` is {checked.isoformat()}, after today ({today.isoformat()}); "
            "write the day you actually confirmed the status",
            "status-checked-future",
        )
        return
    interval = KINDS_BY_NAME[schema_name].review_interval_days
    claim = StatusClaim(status=data["status"], checked=checked, source=None, interval_days=interval, today=today)
    if claim.unconfirmed:  # the same test as the page's "not confirmed since"
        age = (today - checked).days
        yield Problem(
            document.path,
            line,
            "warning",
            f"the status `{data['status']}` was last confirmed on {human_date(checked)}, {age} days ago "
            f"(more than {interval}); {CONFIRM_FIX}",
            "status-unconfirmed",
        )


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
