"""What changed when: each entry's latest change, from its own dates and its file's git history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import human_date
from ..model import STATUS_WORDS, Entry, KnowledgeBase
from .history import FileHistory, StatusEdit

NEW, UPDATED, STATUS = "new", "updated", "status"


@dataclass(frozen=True)
class Change:
    entry: Entry
    kind: str  # NEW, UPDATED or STATUS
    added: dt.date
    changed: dt.date  # the latest change (for NEW, the day it was added; for STATUS, the day it was committed)
    note: str = ""  # for STATUS, what happened: "Status changed from current to superseded"


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


def status_changes(
    knowledge_base: KnowledgeBase,
    edits: dict[str, list[StatusEdit]],
    first: dt.date = dt.date.min,
    after: dt.date = dt.date.max,
) -> list[Change]:
    """Status changes and fresh confirmations committed in [first, after), newest first: from the git history
    of each protocol's `status` and `status_checked` lines (a checkout without history reports none).

    A `status_checked` written more than the kind's interval before its commit records no new confirmation
    (e.g. the source document's date, written when the field was introduced)."""
    found: list[Change] = []
    for entry in knowledge_base.entries.values():
        for edit in edits.get(entry.path, []):
            if not first <= edit.day < after:
                continue
            note = _status_note(entry, edit)
            if note:
                found.append(Change(entry, STATUS, entry.added or edit.day, edit.day, note))
    found.sort(key=lambda change: (-change.changed.toordinal(), change.entry.title.lower()))
    return found


def _status_note(entry: Entry, edit: StatusEdit) -> str:
    if edit.new_status and edit.old_status and edit.new_status != edit.old_status:
        return f"Status changed from {_word(edit.old_status)} to {_word(edit.new_status)}"
    if not edit.new_checked:
        return ""
    try:
        checked = dt.date.fromisoformat(edit.new_checked)
    except ValueError:
        return ""
    if (edit.day - checked).days > entry.kind.review_interval_days:
        return ""
    return f"Status confirmed on {human_date(checked)}"


def _word(status: str) -> str:
    return STATUS_WORDS.get(status, status).lower()
