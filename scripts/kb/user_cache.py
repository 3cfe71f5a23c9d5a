"""The user's cache folder for kb's own files (compiled validators, compiled templates), as pip and pre-commit keep
theirs: `$XDG_CACHE_HOME/kb/<name>` or `~/.cache/kb/<name>`. What is kept there is made again when missing."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(name: str) -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kb" / name
