"""Register search with the CLI, the validator and the site build (imported by `kb.plugins`).

Heavy modules (Whoosh, the validator) are imported inside the hooks, so other commands start fast.
"""

from __future__ import annotations

import argparse

from ..cli import command


def _configure_search(parser: argparse.ArgumentParser) -> None:
    from . import cli

    cli.configure(parser)


@command("search", _configure_search)
def run_search(args: argparse.Namespace) -> int:
    """Search the entries: acronyms, typos and filters understood."""
    from . import cli

    return cli.run(args)
