"""Every rule's example, written into a copy of the real knowledge base, draws that rule's code from `kb validate PATH`.

The copy is made once per session and the examples are checked together: every entry example in one call of
`validate_files` (what `kb validate PATH ...` runs), and each taxonomy example on its own, since a broken vocabulary
touches every entry.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kb.content_model import COLLECTIONS_FOLDER, KINDS, TAXONOMY_FOLDER
from kb.plugins import default_plugins
from kb.rules import MAX_WITHOUT_EXAMPLE, Rule, all_rules, rules_json
from kb.validation import validate_files
from tests.conftest import REPO

RULES = all_rules(module for plugin in default_plugins() for module in plugin.rule_modules)
FOLDERS = [kind.folder for kind in KINDS] + [COLLECTIONS_FOLDER, TAXONOMY_FOLDER]


def _write(root: Path, path: str, text: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return target


@pytest.fixture(scope="session")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Rule code -> the codes `kb validate PATH` reported for its example's file."""
    root = tmp_path_factory.mktemp("rule-examples")
    for folder in FOLDERS:
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    today = dt.date.today()
    examples = [each for each in RULES if each.example]
    found: dict[str, set[str]] = {}
    together = [each for each in examples if not each.example.path.startswith(f"{TAXONOMY_FOLDER}/")]  # type: ignore[union-attr]
    paths = {each.code: _write(root, each.example.path, each.example.text) for each in together}  # type: ignore[union-attr]
    result = validate_files(root, list(paths.values()), today=today)
    for each in together:
        found[each.code] = {problem.rule for problem in result.problems if problem.path == each.example.path}  # type: ignore[union-attr]
    for path in paths.values():
        path.unlink()
    for each in (each for each in examples if each not in together):
        assert each.example is not None
        original = (root / each.example.path).read_bytes()
        target = _write(root, each.example.path, each.example.text)
        result = validate_files(root, [target], today=today)
        found[each.code] = {problem.rule for problem in result.problems if problem.path == each.example.path}
        target.write_bytes(original)
    return found


@pytest.mark.parametrize("rule", [each for each in RULES if each.example], ids=lambda each: each.code)
def test_each_example_draws_its_rule(rule: Rule, reported: dict[str, set[str]]) -> None:
    assert rule.code in reported[rule.code], f"{rule.example.path} drew {sorted(reported[rule.code])}"  # type: ignore[union-attr]


def test_at_most_three_rules_have_no_example_and_each_says_why() -> None:
    without = [each for each in RULES if each.example is None]
    assert len(without) <= MAX_WITHOUT_EXAMPLE, [each.code for each in without]
    assert all(len(each.no_example) > 20 for each in without)


def test_the_json_lists_every_rule_in_the_documented_shape() -> None:
    listed = json.loads(json.dumps(rules_json(RULES)))["rules"]
    assert len(listed) >= 40
    assert [each["code"] for each in listed] == sorted(each.code for each in RULES)
    for each in listed:
        assert {"code", "severity", "summary", "example"} <= set(each)
        assert each["severity"] in ("error", "warning")
        assert each["example"] is None or set(each["example"]) == {"path", "text"}


def test_every_schema_keyword_the_content_model_uses_has_teaching_words() -> None:
    from kb.content_model import all_schemas
    from kb.validation.schema_rules import EXPLAINED_KEYWORDS

    # Keywords that only shape or wrap others: jsonschema reports the inner keyword's error.
    structural = {
        "$schema",
        "$id",
        "$ref",
        "title",
        "description",
        "definitions",
        "properties",
        "items",
        "allOf",
        "if",
        "then",
        "const",
    }
    used: set[str] = set()

    def walk(node: object, in_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties:
                    used.add(key)
                walk(value, in_properties=key in ("properties", "definitions") and not in_properties)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in all_schemas().values():
        walk(schema)
    assert used - structural - EXPLAINED_KEYWORDS - {"additionalProperties", "required"} == set()


# The rules without an example, each tested here instead.


def test_taxonomy_missing(tmp_path: Path) -> None:
    shutil.copytree(REPO / TAXONOMY_FOLDER, tmp_path / TAXONOMY_FOLDER)
    (tmp_path / TAXONOMY_FOLDER / "themes.yaml").unlink()
    from kb.validation import validate

    problems = validate(tmp_path).problems
    assert [(p.path, p.rule) for p in problems if p.rule == "taxonomy-missing"] == [("taxonomy/themes.yaml", "taxonomy-missing")]


def test_file_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.loader import load_file

    path = _write(tmp_path, "practice_examples/locked.yaml", "id: locked\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (problem,) = load_file(path, "practice_examples/locked.yaml").problems
    assert (problem.rule, problem.message) == ("file-unreadable", "cannot read the file: Permission denied")


def test_likely_duplicate_has_its_own_tests() -> None:
    assert (REPO / "tests/search/test_build_hooks.py").read_text(encoding="utf-8").count("likely-duplicate") >= 1


def test_every_problem_is_reported_through_a_declared_rule() -> None:
    """A `Problem(..., "some-code")` written by hand would be a code no list shows and no example tests."""
    import ast

    literal = []
    for path in (REPO / "scripts/kb").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                code = node.args[4] if len(node.args) > 4 else next((k.value for k in node.keywords if k.arg == "rule"), None)
                if isinstance(code, ast.Constant):
                    literal.append(f"{path.relative_to(REPO)}:{node.lineno}: {code.value}")
    assert literal == [], "declare each rule with kb.rules.rule(...) and report with RULE.problem(...)"
