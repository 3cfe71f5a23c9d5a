"""One in-memory Whoosh index per site build, shared by the related entries and the site's vocabulary.

It is first built while the entry pages are written, so its time counts in the build's "related entries".
"""

from __future__ import annotations

from ..site.hooks import BuildContext
from .index import SearchIndex, in_memory

_KEY = "search.index"


def build_index(context: BuildContext) -> SearchIndex:
    if _KEY not in context.data:
        context.data[_KEY] = in_memory(context.knowledge_base)
    return context.data[_KEY]


def add_time(context: BuildContext, stage: str, seconds: float) -> None:
    context.timings[stage] = context.timings.get(stage, 0.0) + seconds
