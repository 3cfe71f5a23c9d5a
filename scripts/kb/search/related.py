"""Related entries: the entry's own `related` list first, then Whoosh's more-like-this."""

from __future__ import annotations

from whoosh.searching import Searcher

from ..model import Entry
from ..site.hooks import BuildContext
from .build_index import build_index
from .documents import full_text

MAX_RELATED = 5
_SEARCHER = "search.related-searcher"


def related_entries(entry: Entry, context: BuildContext) -> list[Entry]:
    knowledge_base = context.knowledge_base
    chosen = [found for found in (knowledge_base.resolve(i) for i in entry.related) if found and found.id != entry.id]
    chosen = list({found.id: found for found in chosen}.values())[:MAX_RELATED]
    if len(chosen) < MAX_RELATED:
        taken = {entry.id, *(found.id for found in chosen)}
        for entry_id in more_like_this(entry, _searcher(context), MAX_RELATED + len(taken)):
            if entry_id not in taken and entry_id in knowledge_base.entries and len(chosen) < MAX_RELATED:
                chosen.append(knowledge_base.entries[entry_id])
                taken.add(entry_id)
    return chosen


def more_like_this(entry: Entry, searcher: Searcher, top: int) -> list[str]:
    number = searcher.document_number(id=entry.id)
    if number is None:
        return []
    results = searcher.more_like(number, "body", text=full_text(entry), top=top, numterms=12)
    return [hit["id"] for hit in results]


def _searcher(context: BuildContext) -> Searcher:
    if _SEARCHER not in context.data:
        context.data[_SEARCHER] = build_index(context).index.searcher()
    return context.data[_SEARCHER]
