"""Register search with the CLI, the validator and the site build (imported by `kb.plugins`).

Heavy modules (Whoosh, the validator) are imported inside the functions, so other commands start fast.
"""

from __future__ import annotations

import argparse

from ..cli import command
from ..loader import Problem
from ..model import Entry, KnowledgeBase
from ..site import hooks
from ..site.hooks import BuildContext
from ..validation import MODEL_CHECKS


def _configure_search(parser: argparse.ArgumentParser) -> None:
    from . import cli

    cli.configure(parser)


@command("search", _configure_search)
def run_search(args: argparse.Namespace) -> int:
    """Search the entries: acronyms, typos and filters understood."""
    from . import cli

    return cli.run(args)


def write_search_page(context: BuildContext) -> None:
    from .site_page import write_search_page as write

    write(context)


def search_footer(entry: Entry, context: BuildContext) -> str:
    from .pagefind_markup import entry_footer

    return entry_footer(entry, context)


def related_entries(entry: Entry, context: BuildContext) -> list[Entry]:
    from .related import related_entries as related

    return related(entry, context)


def index_site(context: BuildContext) -> None:
    from .pagefind_index import run_pagefind

    run_pagefind(context)


def likely_duplicates(knowledge_base: KnowledgeBase) -> list[Problem]:
    from .duplicates import likely_duplicates as check

    return check(knowledge_base)


hooks.register(
    (hooks.PAGE_GENERATORS, write_search_page),
    (hooks.ENTRY_FOOTERS, search_footer),
    (hooks.RELATED, related_entries),
    (hooks.POST_BUILD, index_site),
    (MODEL_CHECKS, likely_duplicates),
)
