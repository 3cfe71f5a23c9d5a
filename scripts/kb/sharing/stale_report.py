"""`kb report stale`: what is overdue for review, oldest first, and who should review it."""

from __future__ import annotations

import datetime as dt
import json

from .freshness import OverdueEntry


def stale_json(overdue: list[OverdueEntry], today: dt.date) -> str:
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
    return json.dumps({"today": today.isoformat(), "overdue": rows}, indent=2, ensure_ascii=False)


def stale_text(overdue: list[OverdueEntry], today: dt.date) -> str:
    if not overdue:
        return f"No entry is overdue for review on {today.isoformat()}."
    lines = [f"{len(overdue)} {'entry is' if len(overdue) == 1 else 'entries are'} overdue for review on {today.isoformat()}:"]
    for item in overdue:
        lines.append(
            f"  {item.entry.path}: due {item.due.isoformat()}, {item.days_overdue} days overdue; "
            f"ask {item.responsible} ({item.entry.title})"
        )
    return "\n".join(lines)
