"""Where a build keeps its scratch files: in memory (/dev/shm) when there is room, else in <root>/.build.

A build writes thousands of short-lived folders (the generated Markdown, and Pagefind's copy of each entry
page, each in a folder of its own because Pagefind takes a page's address from its path) and removes them
at the end. On this project's ext4 disk 3,000 folders with a page each took 1.0 to 4.5 s to make and 1.4 to
1.9 s to remove; in /dev/shm, 0.24 s and 0.28 s. The removal comes after the site is swapped in, so the
build waited for it. Only scratch goes to memory: the site itself is written beside its output folder.

/dev/shm is shared by every user of the machine: the folder there is the user's own (mode 0700), and
one that is not, or is a link, is not used. A build that was killed cannot remove its folder, so each
build removes the folders of builds that no longer run.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from .left_behind import left_behind

MEMORY = Path("/dev/shm")
# Scratch a build needs per entry, with room to spare: Pagefind's copy of the page (12 KB in the benchmark's
# corpus) and the generated Markdown that lists it. A container's /dev/shm can be as small as 64 MB.
BYTES_PER_ENTRY = 64 * 1024
RUN_PREFIX = "run-"


def run_folder(chosen: Path | None, default: Path, entries: int) -> Path:
    """This build's scratch folder: in the folder chosen (`--scratch`), else in memory if there is room, else in default."""
    base = chosen or _memory_folder(entries * BYTES_PER_ENTRY) or default
    return base.resolve() / f"{RUN_PREFIX}{os.getpid()}"  # builds running side by side do not collide


def _memory_folder(needed: int) -> Path | None:
    if not MEMORY.is_dir():
        return None
    folder = MEMORY / f"kb-build-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        facts = os.lstat(folder)  # the folder itself, not what a link there leads to
        if not stat.S_ISDIR(facts.st_mode) or facts.st_uid != os.getuid() or facts.st_mode & 0o077:
            return None
        if shutil.disk_usage(folder).free < 2 * needed:
            return None
    except OSError:
        return None
    _remove_left_behind(folder)
    return folder


def _remove_left_behind(folder: Path) -> None:
    """Remove the run folders of builds that are no longer running (killed before they could clean up)."""
    for run in left_behind(folder, RUN_PREFIX):
        shutil.rmtree(run, ignore_errors=True)
