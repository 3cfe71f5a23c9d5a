"""The site's file listing (used by the link check and the service worker's build digest) lists what os.walk lists."""

from __future__ import annotations

import os
from pathlib import Path

from kb.site.site_files import files_under


def _walked(folder: Path) -> list[str]:
    found = []
    for parent, _, names in os.walk(folder):
        relative = Path(parent).relative_to(folder).as_posix()
        found += [name if relative == "." else f"{relative}/{name}" for name in names]
    return sorted(found)


def test_lists_every_file_as_os_walk_does(tmp_path: Path) -> None:
    for name in ("index.html", "go/abc/index.html", "go/abd/index.html", "assets/app.js", "a/b/c/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    (tmp_path / "empty").mkdir()
    os.symlink(tmp_path / "go", tmp_path / "link-to-folder")  # neither followed nor listed
    os.symlink(tmp_path / "index.html", tmp_path / "a" / "link-to-file")  # listed, as a file
    os.symlink(tmp_path / "nowhere", tmp_path / "a" / "broken-link")  # listed too

    assert files_under(tmp_path) == _walked(tmp_path)
    assert "a/link-to-file" in files_under(tmp_path) and "a/broken-link" in files_under(tmp_path)
    assert not any(name.startswith("link-to-folder") for name in files_under(tmp_path))
    assert files_under(tmp_path)[:2] == ["a/b/c/d.txt", "a/broken-link"]


def test_a_missing_folder_has_no_files(tmp_path: Path) -> None:
    assert files_under(tmp_path / "missing") == []
