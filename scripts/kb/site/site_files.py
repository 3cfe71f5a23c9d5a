"""The files of a built site, listed once: the link check and the service worker's build digest both walk it."""

from __future__ import annotations

import os
from pathlib import Path


def files_under(folder: Path) -> list[str]:
    """Every file under the folder, as sorted folder-relative POSIX paths (os.walk: a third of Path.rglob's time)."""
    found = []
    for parent, _, names in os.walk(folder):
        relative = Path(parent).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found += [prefix + name for name in names]
    return sorted(found)
