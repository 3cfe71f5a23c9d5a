"""Compiled templates kept between builds (`kb.site.template_cache`): used when the template and settings are the
same, made again when they are not, and never a reason for a build to fail."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from kb.site.template_cache import keep_compiled

TEMPLATES = {"page.html": "{% for item in items %}<b>{{ item }}</b>{% endfor %}\n"}


def _environment(templates: dict[str, str] = TEMPLATES, **settings: object) -> Environment:
    environment = Environment(loader=DictLoader(templates), autoescape=True, **settings)  # type: ignore[arg-type]
    keep_compiled(environment, "test")
    return environment


def _not_compiled(environment: Environment) -> Environment:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    environment.compile = refuse  # type: ignore[method-assign]
    return environment


def test_a_fresh_environment_reads_the_compiled_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _environment().get_template("page.html").render(items=["<x>"]) == "<b>&lt;x&gt;</b>"
    assert len(list((tmp_path / "kb" / "jinja-test").iterdir())) == 1

    assert _not_compiled(_environment()).get_template("page.html").render(items=["<x>"]) == "<b>&lt;x&gt;</b>"


def test_other_settings_or_another_source_are_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _environment().get_template("page.html")

    trimmed = _not_compiled(_environment(trim_blocks=True))
    with pytest.raises(AssertionError, match="compiled again"):
        trimmed.get_template("page.html")
    changed = _not_compiled(_environment({"page.html": "<i>{{ items }}</i>"}))
    with pytest.raises(AssertionError, match="compiled again"):
        changed.get_template("page.html")


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert _environment().get_template("page.html").render(items=[1]) == "<b>1</b>"

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", disk_full)  # how Jinja writes a compiled template
    assert _environment().get_template("page.html").render(items=[2]) == "<b>2</b>"


def test_a_crowded_cache_folder_is_emptied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "kb" / "jinja-test"
    folder.mkdir(parents=True)
    for number in range(2001):
        (folder / f"old-{number}.cache").write_bytes(b"")
    _environment().get_template("page.html")
    assert len(list(folder.iterdir())) == 1
