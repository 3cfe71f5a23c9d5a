"""Review dates: when each entry is due to be checked against its sources again.

The search helper marks stale results with `is_review_overdue(entry, today)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Entry, KnowledgeBase
from ..site.pages import render


@dataclass(frozen=True)
class OverdueEntry:
    entry: Entry
    due: dt.date
    days_overdue: int

    @property
    def responsible(self) -> str:
        """Who should review it: the entry's owner or, if none, its first source's publisher."""
        return self.entry.owner or self.entry.sources[0].publisher


def review_due(entry: Entry) -> dt.date:
    return entry.last_reviewed + dt.timedelta(days=entry.kind.review_interval_days)


def is_review_overdue(entry: Entry, today: dt.date) -> bool:
    """True when the entry is past its review date (the day after it falls due)."""
    return today > review_due(entry)


def overdue_entries(knowledge_base: KnowledgeBase, today: dt.date) -> list[OverdueEntry]:
    """Every entry past its review date, the longest overdue first (then by id, so the order is stable)."""
    overdue = [
        OverdueEntry(entry, review_due(entry), (today - review_due(entry)).days)
        for entry in knowledge_base.entries.values()
        if is_review_overdue(entry, today)
    ]
    return sorted(overdue, key=lambda item: (item.due, item.entry.id))


def overdue_banner(entry: Entry, today: dt.date) -> str:
    """An accessible notice for an entry past its review date: words and an icon, not colour alone."""
    if not is_review_overdue(entry, today):
        return ""
    return render("sharing/review_banner.html.j2", entry.url, entry=entry, due=review_due(entry)).rstrip("\n")
