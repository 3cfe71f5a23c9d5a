"""Put a freshly built site in place of the old one in two renames, so a reader never sees half a site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_folder(output: Path) -> Path:
    """A folder beside the output (same file system, so renames are atomic)."""
    return output.with_name(f".{output.name}.staging-{os.getpid()}")


def swap_in(staging: Path, output: Path) -> Path:
    """Rename the old output aside and the staging folder in; return the old folder, for `discard`."""
    aside = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        os.rename(output, aside)
    try:
        os.rename(staging, output)
    except OSError:
        if aside.exists():
            os.rename(aside, output)
        raise
    return aside


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
