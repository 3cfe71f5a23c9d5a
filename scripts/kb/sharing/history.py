"""When each file was first and last committed, from ONE pass over the git history.

`git log` per file is far too slow at 10,000 entries, so this reads the whole log once.
A checkout without git (or without history) simply has no history, and so has a shallow clone
(CI's default): there every file would seem committed on the day of the one commit it holds.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMMIT_MARKER = "@@commit "


@dataclass(frozen=True)
class FileHistory:
    days: frozenset[dt.date]  # the days on which the file was committed

    @property
    def first_commit(self) -> dt.date:
        return min(self.days)

    @property
    def last_commit(self) -> dt.date:
        return max(self.days)


def file_history(root: Path) -> dict[str, FileHistory]:
    """Path relative to `root` -> its history. Empty unless `root` is in a git work tree with its full history."""
    if _git(root, "rev-parse", "--is-shallow-repository") != "false\n":
        return {}
    log = _git(root, "log", "--relative", "--name-only", "--no-renames", f"--format={COMMIT_MARKER}%cs", "--", ".")
    return parse_log(log) if log else {}


def _git(root: Path, *args: str) -> str | None:
    """git's output, or None when git is missing or fails (not a work tree, no commits yet)."""
    try:
        completed = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout if completed.returncode == 0 else None


def parse_log(text: str) -> dict[str, FileHistory]:
    """Parse `git log --name-only --format=@@commit %cs` (newest commit first)."""
    days_by_path: dict[str, set[dt.date]] = {}
    day: dt.date | None = None
    for line in text.splitlines():
        if line.startswith(COMMIT_MARKER):
            day = dt.date.fromisoformat(line[len(COMMIT_MARKER) :].strip())
        elif line.strip() and day is not None:
            days_by_path.setdefault(line.strip(), set()).add(day)
    return {path: FileHistory(frozenset(days)) for path, days in days_by_path.items()}


@dataclass(frozen=True)
class StatusEdit:
    """One commit's change to a file's `status` or `status_checked` line (a file's first commit is not an edit)."""

    day: dt.date
    old_status: str | None  # None when the commit did not change the status
    new_status: str | None
    new_checked: str | None  # the status_checked value the commit wrote, if it wrote one


STATUS_LINE = re.compile(r"^([+-])(status|status_checked):\s*['\"]?([^'\"#\s]+)")


def status_edits(root: Path) -> dict[str, list[StatusEdit]]:
    """Path -> its status edits, newest first, from ONE `git log -p` over the commits that touch a status line."""
    if _git(root, "rev-parse", "--is-shallow-repository") != "false\n":
        return {}
    log = _git(
        root,
        *("log", "--relative", "-p", "--unified=0", "--no-renames", "--no-color"),
        *("-G", "^(status|status_checked):", f"--format={COMMIT_MARKER}%cs", "--", "."),
    )
    return parse_status_log(log) if log else {}


def parse_status_log(text: str) -> dict[str, list[StatusEdit]]:
    edits: dict[str, list[StatusEdit]] = {}
    day: dt.date | None = None
    path, new_file, lines = "", False, {}
    for line in [*text.splitlines(), COMMIT_MARKER]:  # the sentinel flushes the last file
        if line.startswith((COMMIT_MARKER, "diff --git ")):
            if path and not new_file and lines:
                edits.setdefault(path, []).append(
                    StatusEdit(day, lines.get("-status"), lines.get("+status"), lines.get("+status_checked"))  # type: ignore[arg-type]
                )
            path, new_file, lines = "", False, {}
            if line.startswith(COMMIT_MARKER) and line[len(COMMIT_MARKER) :].strip():
                day = dt.date.fromisoformat(line[len(COMMIT_MARKER) :].strip())
        elif line.startswith("--- /dev/null"):
            new_file = True
        elif line.startswith("+++ b/"):
            path = line[len("+++ b/") :]
        elif match := STATUS_LINE.match(line):
            lines[match.group(1) + match.group(2)] = match.group(3)
    return edits
