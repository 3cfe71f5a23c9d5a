"""Folders a build names after its process (`run-<pid>`, `.site.staging-<pid>`...) that a killed build could not
remove: each build finds those of builds no longer running, and removes them."""

from __future__ import annotations

import os
from pathlib import Path


def left_behind(folder: Path, prefix: str) -> list[Path]:
    """The folders in `folder` named `<prefix><pid>` (or `<prefix><pid>.<anything>`) whose process no longer runs."""
    found = []
    for path in folder.glob(f"{prefix}*"):
        pid = path.name.removeprefix(prefix).split(".", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            found.append(path)
    return found


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process has that number
    return True
