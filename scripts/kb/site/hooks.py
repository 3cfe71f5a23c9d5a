"""Extension points of the site build, so search and sharing plug in without editing the build.

A module registers its functions here when it is imported (`kb.plugins.load()` imports
them all). The build calls them in this order:

1. `PAGE_GENERATORS`: after the entry pages are written, each may write more files
   (Markdown or static) under `context.docs_dir`.
2. `ENTRY_BANNERS` / `ENTRY_FOOTERS`: while an entry page is written, each returns HTML
   (already escaped) to place at the top or the bottom of it, or "".
3. `RELATED`: returns the related entries shown on an entry page (the first registered wins).
4. `POST_BUILD`: after mkdocs has built into `context.site_dir` (a staging folder), each
   may add to it (a search index, redirect pages). Only then is the staging folder
   swapped in for `site/`.

For a large knowledge base (400 entries or more) entry pages are rendered in forked worker
processes, so `ENTRY_BANNERS`, `ENTRY_FOOTERS` and `RELATED` may run in a worker: what they
write to `context.data` there does not reach later stages (caches filled lazily are fine:
the first page is rendered before forking, so they are built once and shared).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Entry, KnowledgeBase


@dataclass
class BuildContext:
    root: Path  # the knowledge base (repository) folder
    knowledge_base: KnowledgeBase
    docs_dir: Path  # generated Markdown, in a scratch folder
    site_dir: Path  # mkdocs output, in a staging folder
    today: dt.date
    site_url: str  # e.g. https://example.github.io/kb/ (ends with /), or "" for local
    repo_url: str  # e.g. https://github.com/org/repo, for "edit this page" links
    data: dict[str, Any] = field(default_factory=dict)  # shared results between stages


PageGenerator = Callable[[BuildContext], None]
EntryHtml = Callable[[Entry, BuildContext], str]
RelatedFinder = Callable[[Entry, BuildContext], list[Entry]]
PostBuild = Callable[[BuildContext], None]

PAGE_GENERATORS: list[PageGenerator] = []
ENTRY_BANNERS: list[EntryHtml] = []
ENTRY_FOOTERS: list[EntryHtml] = []
RELATED: list[RelatedFinder] = []
POST_BUILD: list[PostBuild] = []


def register(*pairs: tuple[list[Any], Callable[..., Any]]) -> None:
    """Add each function to its list once, so importing a plugin twice does not run it twice."""
    for registry, function in pairs:
        if function not in registry:
            registry.append(function)
