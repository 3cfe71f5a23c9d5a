"""The benchmark's run: what earlier runs left is deleted only once nothing more is measured."""

from pathlib import Path

from benchmarks.runner import SET_ASIDE, remove_set_aside, set_aside


def test_what_an_earlier_run_left_is_set_aside_until_the_run_is_over(tmp_path: Path) -> None:
    (tmp_path / "corpus-300" / "site").mkdir(parents=True)
    set_aside(tmp_path / "corpus-300")
    set_aside(tmp_path / "corpus-300")  # nothing there now: nothing to do
    assert not (tmp_path / "corpus-300").exists()
    assert [path.name.startswith("corpus-300-") for path in (tmp_path / SET_ASIDE).iterdir()] == [True]
    remove_set_aside(tmp_path)
    assert not (tmp_path / SET_ASIDE).exists()
