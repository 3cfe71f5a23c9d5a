"""The compiled schema validators kept in the user's cache: the same checks, remade when unreadable."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from kb.validation import schema_rules

SCHEMA = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}}, "required": ["id"]}


def _kept(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "kb" / "validators").iterdir())


def _assert_checks_ids(validate: object) -> None:
    assert callable(validate)
    validate({"id": "abc"})
    for wrong in ({"id": "ABC"}, {}):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            validate(wrong)


def _not_generated(*_: object, **__: object) -> str:
    raise AssertionError("the validator was generated again instead of read from the cache")


def test_a_validator_is_kept_and_remade_when_its_file_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _assert_checks_ids(schema_rules._compiled(SCHEMA, "example"))
    [kept] = _kept(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(fastjsonschema, "compile_to_code", _not_generated)
        _assert_checks_ids(schema_rules._compiled(SCHEMA, "example"))  # read from the file: nothing generated
    kept.write_bytes(b"not a compiled validator")
    _assert_checks_ids(schema_rules._compiled(SCHEMA, "example"))
    assert _kept(tmp_path) == [kept] and kept.read_bytes() != b"not a compiled validator"


def test_another_schema_gets_a_validator_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schema_rules._compiled(SCHEMA, "example")
    lenient = schema_rules._compiled({**SCHEMA, "required": []}, "other")
    lenient({})  # the first schema's validator would refuse this
    assert len(_kept(tmp_path)) == 2


def test_a_new_validator_replaces_the_older_ones_of_its_schema_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schema_rules._compiled(SCHEMA, "example-entry")  # another name that begins with the next one: kept
    schema_rules._compiled(SCHEMA, "example")
    [before] = [
        path for path in _kept(tmp_path) if path.name.startswith("example-") and not path.name.startswith("example-entry")
    ]
    lenient = schema_rules._compiled({**SCHEMA, "required": []}, "example")  # the schema changed: a new file
    lenient({})
    names = [path.name for path in _kept(tmp_path)]
    assert before.name not in names and len(names) == 2
    assert sum(name.startswith("example-entry-") for name in names) == 1


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _assert_checks_ids(schema_rules._compiled(SCHEMA, "example"))
