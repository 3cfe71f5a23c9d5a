"""The real site is built once per test run, whichever xdist workers ask for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import once_per_run


class _Worker:
    """What once_per_run reads of pytest's TempPathFactory: each worker's own base folder, under one per run."""

    def __init__(self, run: Path, name: str) -> None:
        self.base = run / name
        self.base.mkdir(parents=True, exist_ok=True)

    def getbasetemp(self) -> Path:
        return self.base


def test_two_workers_share_one_build_and_a_failure_is_not_built_twice(tmp_path: Path) -> None:
    built: list[Path] = []

    def build(folder: Path) -> None:
        built.append(folder)
        folder.mkdir()

    first = once_per_run(_Worker(tmp_path, "popen-gw0"), "gw0", "site", build)  # type: ignore[arg-type]
    second = once_per_run(_Worker(tmp_path, "popen-gw1"), "gw1", "site", build)  # type: ignore[arg-type]
    assert first == second == tmp_path / "site" and len(built) == 1

    def broken(folder: Path) -> None:
        built.append(folder)
        raise RuntimeError("no site today")

    with pytest.raises(RuntimeError):
        once_per_run(_Worker(tmp_path, "popen-gw0"), "gw0", "broken", broken)  # type: ignore[arg-type]
    with pytest.raises(pytest.fail.Exception, match="no site today"):
        once_per_run(_Worker(tmp_path, "popen-gw1"), "gw1", "broken", broken)  # type: ignore[arg-type]
    assert len(built) == 2
