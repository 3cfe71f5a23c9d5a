"""One `git log` pass gives every file's commit days; no git means no history, not an error."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from kb.sharing.history import file_history, parse_log

LOG = """@@commit 2025-10-20

protocols/a.yaml
resources/b.yaml
@@commit 2025-03-02

protocols/a.yaml
"""


def test_parse_log_collects_first_and_last_commit() -> None:
    history = parse_log(LOG)
    assert history["protocols/a.yaml"].first_commit == dt.date(2025, 3, 2)
    assert history["protocols/a.yaml"].last_commit == dt.date(2025, 10, 20)
    assert history["resources/b.yaml"].days == frozenset({dt.date(2025, 10, 20)})


def test_a_folder_without_git_has_no_history(tmp_path: Path) -> None:
    assert file_history(tmp_path) == {}


def _git(root: Path, *args: str, day: str = "") -> None:
    environment = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=environment if day else None)


def test_file_history_from_a_real_repository(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "protocols").mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "test@example.invalid")
    _git(root, "config", "user.name", "Test")
    (root / "protocols" / "a.yaml").write_text("id: a\n")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "add", day="2025-03-02")
    (root / "protocols" / "a.yaml").write_text("id: a\ntitle: A\n")
    _git(root, "commit", "-q", "-am", "edit", day="2025-10-20")
    history = file_history(root)
    assert history["protocols/a.yaml"].first_commit == dt.date(2025, 3, 2)
    assert history["protocols/a.yaml"].last_commit == dt.date(2025, 10, 20)


def test_an_empty_repository_has_no_history(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    assert file_history(tmp_path) == {}


def test_a_shallow_clone_has_no_history(tmp_path: Path) -> None:
    """In a shallow clone every file would seem changed on the day of its one commit: ignore it."""
    source = tmp_path / "source"
    source.mkdir()
    _git(source, "init", "-q")
    _git(source, "config", "user.email", "test@example.invalid")
    _git(source, "config", "user.name", "Test")
    for day in ("2025-03-02", "2025-10-20"):
        (source / "a.yaml").write_text(day)
        _git(source, "add", ".")
        _git(source, "commit", "-q", "-m", day, day=day)
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", source.as_uri(), str(tmp_path / "shallow")], check=True, capture_output=True
    )
    assert file_history(source)["a.yaml"].first_commit == dt.date(2025, 3, 2)
    assert file_history(tmp_path / "shallow") == {}
