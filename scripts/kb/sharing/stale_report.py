"""`kb report stale`: what is overdue for review, oldest first, and who should review it; then the
protocols whose status is not confirmed recently, and where to confirm it; then the entries that refer to
superseded or withdrawn guidance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from ..model import Entry, ReplacedReference
from .freshness import OverdueEntry, UnconfirmedStatus

Referring = Sequence[tuple[Entry, ReplacedReference]]  # as `freshness.entries_referring_to_replaced` lists them


def stale_json(
    overdue: list[OverdueEntry], today: dt.date, unconfirmed: Sequence[UnconfirmedStatus] = (), referring: Referring = ()
) -> str:
    rows = [
        {
            "id": item.entry.id,
            "title": item.entry.title,
            "kind": item.entry.kind.name,
            "path": item.entry.path,
            "responsible": item.responsible,
            "last_reviewed": item.entry.last_reviewed.isoformat(),
            "due": item.due.isoformat(),
            "days_overdue": item.days_overdue,
        }
        for item in overdue
    ]
    statuses = [
        {
            "id": item.entry.id,
            "title": item.entry.title,
            "path": item.entry.path,
            "status": item.claim.status,
            "status_checked": item.claim.checked.isoformat() if item.claim.checked else None,
            "days_since_confirmed": item.days_since,
            "label": item.claim.label,
            "check_at": item.where_to_check,
        }
        for item in unconfirmed
    ]
    references = [
        {
            "id": entry.id,
            "title": entry.title,
            "path": entry.path,
            "via": reference.via,
            "refers_to": reference.target.id,
            "status": reference.target.status,
            "successor_title": reference.successor_title,
            "words": reference.words,
        }
        for entry, reference in referring
    ]
    report = {"today": today.isoformat(), "overdue": rows, "unconfirmed_statuses": statuses, "refers_to_replaced": references}
    return json.dumps(report, indent=2, ensure_ascii=False)


def stale_text(
    overdue: list[OverdueEntry], today: dt.date, unconfirmed: Sequence[UnconfirmedStatus] = (), referring: Referring = ()
) -> str:
    sections = [_overdue_text(overdue, today), _unconfirmed_text(unconfirmed, today), _referring_text(referring)]
    return "\n\n".join(sections)


def _overdue_text(overdue: list[OverdueEntry], today: dt.date) -> str:
    if not overdue:
        return f"No entry is overdue for review on {today.isoformat()}."
    lines = [f"{len(overdue)} {'entry is' if len(overdue) == 1 else 'entries are'} overdue for review on {today.isoformat()}:"]
    for item in overdue:
        lines.append(
            f"  {item.entry.path}: due {item.due.isoformat()}, {item.days_overdue} days overdue; "
            f"ask {item.responsible} ({item.entry.title})"
        )
    return "\n".join(lines)


def _unconfirmed_text(unconfirmed: Sequence[UnconfirmedStatus], today: dt.date) -> str:
    if not unconfirmed:
        return f"Every protocol's status was confirmed within its review interval on {today.isoformat()}."
    count = len(unconfirmed)
    lines = [
        f"{count} protocol {'status is' if count == 1 else 'statuses are'} not confirmed recently on {today.isoformat()} "
        "(confirm each against the issuer's own page, then update status_checked and status_source):"
    ]
    for item in unconfirmed:
        lines.append(f"  {item.entry.path}: {item.claim.label}; check {item.where_to_check} ({item.entry.title})")
    return "\n".join(lines)


def _referring_text(referring: Referring) -> str:
    if not referring:
        return "No entry refers to superseded or withdrawn guidance."
    count = len({entry.id for entry, _ in referring})
    lines = [
        f"{count} {'entry refers' if count == 1 else 'entries refer'} to superseded or withdrawn guidance "
        "(point each at what applies now, or make clear it is about the earlier edition):"
    ]
    lines += [f"  {entry.path}: {reference.words} (in `{reference.via}`)" for entry, reference in referring]
    return "\n".join(lines)
