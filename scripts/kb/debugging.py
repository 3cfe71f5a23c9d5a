"""Whether to show maintainers the traceback behind a one-line message (`kb --debug` or KB_DEBUG=1).

Contributors see one line that says what went wrong; a maintainer chasing a bug in kb
needs the traceback, as pip shows with `--debug`. The flag is kept in the environment so
that forked workers and nested commands see it too.
"""

from __future__ import annotations

import os
import sys
import traceback

VARIABLE = "KB_DEBUG"


def enable() -> None:
    os.environ[VARIABLE] = "1"


def enabled() -> bool:
    return os.environ.get(VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def print_traceback(error: BaseException | None) -> None:
    """Print the traceback of `error` (and its causes) to stderr when debugging is on."""
    if error is not None and enabled():
        traceback.print_exception(error, file=sys.stderr)
