"""Put a freshly built site in place of the old one in two renames, so a reader never sees half a site; and
remove what a build leaves behind, in the background where it can (`Removal`, `discard_later`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .hooks import Background
from .left_behind import left_behind


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


def discard_later(output: Path, old_site: Path) -> None:
    """Remove the old site, and what killed builds left beside the output, in a process that outlives the build:
    `rm -rf`, started by a shell that exits at once, in a session of its own (a Ctrl-C after the build does not
    stop it). Removing the old site of a 3,000-entry build (10,459 files) took 7.5 s on this project's disk, and
    nobody needs to wait for it: the new site is in place."""
    folders = [old_site] if old_site.exists() else []
    for kind in ("staging", "old"):
        folders += left_behind(output.parent, f".{output.name}.{kind}-")
    if folders:
        command = ["sh", "-c", 'rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *map(str, folders)]
        subprocess.run(command, start_new_session=True, check=False)


class Removal(Background):
    """A folder removed by another process beside the build's last steps (a fresh interpreter: a forked copy
    of the build would hold, and be counted holding, the build's memory); `abandon` waits for it."""

    def __init__(self, folder: Path) -> None:
        command = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)]
        self.process = subprocess.Popen(command)

    def abandon(self) -> None:
        self.process.wait()
