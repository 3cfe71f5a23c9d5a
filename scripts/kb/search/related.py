"""Related entries: the entry's own `related` list first, then the entries most like it."""

from __future__ import annotations

from ..model import Entry
from ..site.hooks import BuildContext
from .similarity import term_vectors

MAX_RELATED = 5


def related_entries(entry: Entry, context: BuildContext) -> list[Entry]:
    knowledge_base = context.knowledge_base
    chosen: dict[str, Entry] = {}
    for entry_id in entry.related:
        found = knowledge_base.resolve(entry_id)
        if found is not None and found.id != entry.id:
            chosen.setdefault(found.id, found)
    if len(chosen) < MAX_RELATED:
        for _, similar in term_vectors(knowledge_base).similar(entry.id, MAX_RELATED + len(chosen)):
            chosen.setdefault(similar.id, similar)
    return list(chosen.values())[:MAX_RELATED]
