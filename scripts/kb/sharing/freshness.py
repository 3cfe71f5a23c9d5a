"""Review dates: when each entry is due to be checked against its sources again.

The search helper marks stale results with `is_review_overdue(entry, today)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Entry, KnowledgeBase, ReplacedReference, StatusClaim
from ..site.rendering import render


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


@dataclass(frozen=True)
class UnconfirmedStatus:
    """A protocol whose status was last confirmed longer ago than its kind's interval (or never)."""

    entry: Entry
    claim: StatusClaim

    @property
    def days_since(self) -> int | None:
        return (self.claim.today - self.claim.checked).days if self.claim.checked else None

    @property
    def where_to_check(self) -> str:
        """The page that last confirmed it, or else the body that issued it."""
        source = self.claim.source
        return source.url if source and source.url else str(self.entry.get("issuing_body") or self.entry.sources[0].publisher)


def unconfirmed_statuses(knowledge_base: KnowledgeBase, today: dt.date) -> list[UnconfirmedStatus]:
    """Every status in force that is not confirmed recently, the longest unconfirmed first (then by id).
    Apart from review dates: an entry checked against its sources yesterday may still claim a status from 2021."""
    found = []
    for entry in knowledge_base.entries.values():
        claim = knowledge_base.status_claim(entry, today)
        if claim is not None and claim.unconfirmed:
            found.append(UnconfirmedStatus(entry, claim))
    return sorted(found, key=lambda item: (item.claim.checked or dt.date.min, item.entry.id))


def overdue_banner(entry: Entry, today: dt.date) -> str:
    """An accessible notice for an entry past its review date: words and an icon, not colour alone."""
    if not is_review_overdue(entry, today):
        return ""
    return render("sharing/review_banner.html.j2", entry.url, entry=entry, due=review_due(entry)).rstrip("\n")


def entries_referring_to_replaced(knowledge_base: KnowledgeBase) -> list[tuple[Entry, ReplacedReference]]:
    """Every entry's pointer at superseded or withdrawn guidance, by the entry's path (a reader of the entry is misled
    until it points at what applies now, or says it is about the earlier edition)."""
    found = [
        (entry, reference) for entry in knowledge_base.entries.values() for reference in knowledge_base.replaced_references(entry)
    ]
    return sorted(found, key=lambda pair: (pair[0].path, pair[1].via, pair[1].index))
