"""What every part of kb's command line shares: exit codes, a command's description, argument types.

The features declare their commands with `Command` (in their plugin, see `kb.site.hooks.Plugin`);
`kb.cli` puts them together. Nothing here imports a feature or the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]  # args.plugins holds the plugins the command line was given


@dataclass(frozen=True)
class Command:
    name: str
    configure: Callable[[argparse.ArgumentParser], None]  # adds the command's arguments
    run: Handler  # its docstring's first line is the command's help


def date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date; write YYYY-MM-DD") from None
