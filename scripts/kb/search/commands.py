"""Search as a plugin: `kb search`, the search page, related entries, the Pagefind index, the likely-duplicates check.

Heavy modules (Whoosh, the validator) are imported inside the functions, so other commands start fast.
"""

from __future__ import annotations

import argparse

from ..arguments import Command
from ..loader import Problem
from ..model import Entry, KnowledgeBase
from ..site.hooks import ArticleFeed, BuildContext, Plugin


def _configure_search(parser: argparse.ArgumentParser) -> None:
    from . import kb_search

    kb_search.configure(parser)


def run_search(args: argparse.Namespace) -> int:
    """Search the entries: acronyms, typos and filters understood."""
    from . import kb_search

    return kb_search.run(args)


def write_search_page(context: BuildContext) -> None:
    from .site_page import write_search_page as write

    write(context)


def search_footer(entry: Entry, context: BuildContext) -> str:
    from .pagefind_markup import entry_footer

    return entry_footer(entry, context)


def related_entries(entry: Entry, context: BuildContext) -> list[Entry]:
    from .related import related_entries as related

    return related(entry, context)


def start_index(context: BuildContext) -> ArticleFeed | None:
    from .pagefind_index import start_feed

    return start_feed(context)


def index_site(context: BuildContext) -> None:
    from .pagefind_index import run_pagefind

    run_pagefind(context)


def likely_duplicates(knowledge_base: KnowledgeBase) -> list[Problem]:
    from .duplicates import likely_duplicates as check

    return check(knowledge_base)


SEARCH = Plugin(
    name="search",
    commands=(Command("search", _configure_search, run_search),),
    page_generators=(write_search_page,),
    entry_footers=(search_footer,),
    related=related_entries,
    article_feeds=(start_index,),
    post_build=(index_site,),
    review_checks=(likely_duplicates,),
    rule_modules=("kb.search.duplicates",),
)
