"""Where a build keeps its scratch files (kb.site.scratch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.site import scratch


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shm"
    folder.mkdir()
    monkeypatch.setattr(scratch, "MEMORY", folder)
    return folder


def test_a_chosen_scratch_folder_is_used_as_it_is(tmp_path: Path, memory: Path) -> None:
    run = scratch.run_folder(tmp_path / "mine", tmp_path / "default", entries=10)
    assert run == (tmp_path / "mine" / f"run-{os.getpid()}").resolve()


def test_scratch_goes_to_memory_in_a_folder_of_the_users_own(tmp_path: Path, memory: Path) -> None:
    run = scratch.run_folder(None, tmp_path / "default", entries=10)
    assert run.parent == memory / f"kb-build-{os.getuid()}"
    assert run.parent.stat().st_mode & 0o777 == 0o700


def test_scratch_stays_on_disk_when_memory_has_no_room(tmp_path: Path, memory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scratch, "BYTES_PER_ENTRY", 1 << 60)
    assert scratch.run_folder(None, tmp_path / "default", entries=10).parent == (tmp_path / "default").resolve()


def test_a_memory_folder_others_can_open_is_not_used(tmp_path: Path, memory: Path) -> None:
    shared = memory / f"kb-build-{os.getuid()}"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    assert scratch.run_folder(None, tmp_path / "default", entries=10).parent == (tmp_path / "default").resolve()


def test_no_memory_folder_means_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scratch, "MEMORY", tmp_path / "absent")
    assert scratch.run_folder(None, tmp_path / "default", entries=10).parent == (tmp_path / "default").resolve()


def test_the_folders_of_builds_no_longer_running_are_removed(tmp_path: Path, memory: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    base = memory / f"kb-build-{os.getuid()}"
    base.mkdir(mode=0o700)
    left_behind, running = base / f"run-{finished.stdout.strip()}", base / f"run-{os.getppid()}"
    for folder in (left_behind, running):
        (folder / "docs").mkdir(parents=True)
    scratch.run_folder(None, tmp_path / "default", entries=10)
    assert not left_behind.exists()
    assert running.exists()


def test_a_link_in_place_of_the_memory_folder_is_not_followed(tmp_path: Path, memory: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (memory / f"kb-build-{os.getuid()}").symlink_to(elsewhere)
    assert scratch.run_folder(None, tmp_path / "default", entries=10).parent == (tmp_path / "default").resolve()
