"""The command line: output format, exit codes, templates, and no tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kb import cli
from kb.schema_files import stale_schema_files
from tests.conftest import REPO, ScratchBase

LINE = re.compile(r"^[\w./-]+\.yaml:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")


def run_kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m kb` in a process of its own, as a contributor runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def kb(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`kb` run in this process (what `python -m kb` calls), answering as `run_kb` does: each process of its own costs
    about 0.6 s of CPU to start and import kb, so one test (the first below) runs it that way and the rest here."""

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["kb", *args], code, captured.out, captured.err)

    return run


def test_validate_prints_one_line_per_problem_then_a_summary(scratch: ScratchBase) -> None:
    scratch.write("practice_example", "bad-one", evidence_level="strong", themes=["nope"])
    scratch.write("practice_example", "good-one")
    result = run_kb("validate", "--today", "2026-11-22", cwd=scratch.root)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert re.fullmatch(r"2 errors, 0 warnings in \d+ files", lines[-1])
    assert "Traceback" not in result.stderr


def test_validate_exits_zero_when_clean(scratch: ScratchBase, kb: Callable) -> None:
    scratch.write("practice_example", "good-one")
    result = kb("validate", "--today", "2026-11-22", cwd=scratch.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings in 7 files")


def test_github_format_prints_annotations(scratch: ScratchBase, kb: Callable) -> None:
    scratch.write("practice_example", "bad-one", evidence_level="strong")
    result = kb("validate", "--format", "github", "--today", "2026-11-22", cwd=scratch.root)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=practice_examples/bad-one.yaml,line=")
    assert "title=enum::" in result.stdout


@pytest.mark.parametrize("args", [["validate", "--format", "xml"], ["no-such-command"], ["new", "practice_example"], []])
def test_usage_errors_exit_two(tmp_path: Path, args: list[str], kb: Callable) -> None:
    result = kb(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_an_internal_error_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("kb.validation.validate", explode)
    monkeypatch.delenv("KB_DEBUG", raising=False)
    assert cli.main(["validate"]) == cli.EXIT_INTERNAL
    captured = capsys.readouterr()
    assert "internal error: RuntimeError: boom" in captured.err
    assert "Traceback" not in captured.err
    assert "kb --debug" in captured.err


@pytest.mark.parametrize("switch", ["flag", "environment"])
def test_debug_shows_the_traceback_of_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], switch: str
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("kb.validation.validate", explode)
    monkeypatch.delenv("KB_DEBUG", raising=False)
    if switch == "environment":
        monkeypatch.setenv("KB_DEBUG", "1")
    argv = ["--debug", "validate"] if switch == "flag" else ["validate"]
    assert cli.main(argv) == cli.EXIT_INTERNAL
    captured = capsys.readouterr()
    assert "Traceback (most recent call last)" in captured.err
    assert 'raise RuntimeError("boom")' in captured.err
    assert "internal error: RuntimeError: boom" in captured.err


def test_debug_shows_what_caused_a_failed_build_stage(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from kb.site import commands
    from kb.site.build import BuildFailed

    try:
        try:
            raise KeyError("missing-template")
        except KeyError as cause:
            raise BuildFailed("the pages stage failed: KeyError: 'missing-template'") from cause
    except BuildFailed as failure:
        monkeypatch.setenv("KB_DEBUG", "1")
        assert commands._report("kb build", failure, tmp_path) == cli.EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert "Traceback" in err and "KeyError: 'missing-template'" in err


@pytest.mark.parametrize("kind", ["practice_example", "protocol", "case_review", "service", "resource", "topic", "collection"])
def test_new_writes_a_template_that_validates_once_filled(scratch: ScratchBase, kind: str, kb: Callable) -> None:
    result = kb("new", kind, "--title", "Haringey Stop & Search pilot", cwd=scratch.root)
    assert result.returncode == 0, result.stderr
    folder = {"collection": "collections"}.get(kind, kind + "s")
    path = scratch.root / folder / "haringey-stop-search-pilot.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    # kb new dates the entry with the real today, so check it on the same day
    rules = {problem.rule for problem in scratch.validate(today=dt.date.today()).problems}
    assert rules <= {"empty", "required"}, rules  # only "fill this in" messages, nothing confusing


def test_new_refuses_to_overwrite(scratch: ScratchBase, kb: Callable) -> None:
    assert kb("new", "service", "--title", "Same title", cwd=scratch.root).returncode == 0
    again = kb("new", "service", "--title", "Same title", cwd=scratch.root)
    assert again.returncode == 2
    assert "already exists" in again.stderr


def test_committed_schemas_match_the_content_model() -> None:
    assert stale_schema_files(REPO / "schemas") == [], "run `kb schema` and commit schemas/"


def test_rules_lists_every_rule_and_the_page_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rules", "--format", "json"]) == 0
    import json

    listed = json.loads(capsys.readouterr().out)["rules"]
    assert len(listed) >= 40
    assert sum(each["example"] is None for each in listed) <= 3
    assert cli.main(["rules", "--check", "--root", str(REPO)]) == 0, "run `kb rules --write`"


def test_involved_in_cse_draws_a_language_warning_with_the_preferred_words(
    scratch: ScratchBase, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch.write("practice_example", "wording", what_was_done="Workers met girls involved in CSE each week.")
    scratch.write("practice_example", "quoted", what_was_done='The review quotes a note: "she was involved in CSE".')
    assert cli.main(["validate", "--root", str(scratch.root), "--today", "2026-11-22"]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "[language-victim-blaming]" in line]
    assert line.startswith("practice_examples/wording.yaml:")
    assert "“involved in CSE”" in line and "a victim of sexual (or criminal) exploitation" in line and "https://" in line


def test_search_over_a_knowledge_base_with_an_invalid_entry_says_it_skipped_it(
    scratch: ScratchBase, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch.write("practice_example", "good-one")
    scratch.write("practice_example", "bad-one", summary="")
    assert cli.main(["search", "fictional", "--root", str(scratch.root)]) == 0
    err = capsys.readouterr().err
    assert "kb search: skipped 1 file with errors" in err
    assert "practice_examples/bad-one.yaml" in err and "[empty]" in err
