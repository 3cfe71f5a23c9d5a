"""Dates as people read them: partial ISO dates ('2025-07') as 'July 2025'."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: dt.date | str | int | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return human_date(dt.date.fromisoformat(str(value)))


def on_date(value: dt.date | str | int | None) -> str:
    """A date with the preposition its precision takes: "on 15 December 2023", "in December 2023", "in 2023"."""
    text = human_date(value)
    if not text:
        return ""
    full = isinstance(value, dt.date) or str(value).count("-") == 2
    return f"{'on' if full else 'in'} {text}"
