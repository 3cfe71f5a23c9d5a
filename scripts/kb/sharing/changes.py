"""What changed when: each entry's latest change, from its own dates and its file's git history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Entry, KnowledgeBase
from .history import FileHistory

NEW, UPDATED = "new", "updated"


@dataclass(frozen=True)
class Change:
    entry: Entry
    kind: str  # NEW or UPDATED
    added: dt.date
    changed: dt.date  # the latest change (for NEW, the day it was added)


def entry_change(entry: Entry, history: FileHistory | None) -> Change:
    """An entry counts as new on the day it was added and as updated on any later review or commit."""
    added = entry.added or (history.first_commit if history else entry.last_reviewed)
    latest = max([added, entry.last_reviewed] + ([history.last_commit] if history else []))
    return Change(entry, NEW if latest == added else UPDATED, added, latest)


def recent_changes(knowledge_base: KnowledgeBase, history: dict[str, FileHistory], limit: int | None = None) -> list[Change]:
    """Every entry's latest change, newest first (ties by title)."""
    changes = [entry_change(entry, history.get(entry.path)) for entry in knowledge_base.entries.values()]
    changes.sort(key=lambda change: (-change.changed.toordinal(), change.entry.title.lower()))
    return changes[:limit] if limit else changes


def changes_in_month(knowledge_base: KnowledgeBase, history: dict[str, FileHistory], year: int, month: int) -> list[Change]:
    """Entries added in the month (NEW) or added before it and changed during it (UPDATED), newest first."""
    first = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    found: list[Change] = []
    for entry in knowledge_base.entries.values():
        file_history = history.get(entry.path)
        change = entry_change(entry, file_history)
        if first <= change.added < after:
            found.append(Change(entry, NEW, change.added, change.added))
        elif change.added < first:
            updated = _last_change_in(entry, file_history, first, after)
            if updated:
                found.append(Change(entry, UPDATED, change.added, updated))
    found.sort(key=lambda change: (change.kind != NEW, -change.changed.toordinal(), change.entry.title.lower()))
    return found


def _last_change_in(entry: Entry, history: FileHistory | None, first: dt.date, after: dt.date) -> dt.date | None:
    days = [entry.last_reviewed, *(history.days if history else ())]
    inside = [day for day in days if first <= day < after]
    return max(inside) if inside else None
