"""Hostile and broken files: none may crash the validator or make it slow, each gets a clear error."""

from __future__ import annotations

import time

import pytest

from tests.conftest import ScratchBase, entry_data, entry_yaml

VALID = entry_yaml("practice_example", entry_data("practice_example", "hostile"))
HEADER = "# yaml-language-server: $schema=../schemas/practice_example.schema.json\n"
ALIAS_BOMB = HEADER + "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
)

HOSTILE = [
    ("yaml-syntax", HEADER + "id: hostile\ntitle: [unclosed\n", "yaml-syntax"),
    ("tab-indent", HEADER + "id: hostile\nsources:\n\t- title: x\n", "yaml-tab"),
    ("duplicate-key", VALID + "title: A second title\n", "yaml-duplicate-key"),
    ("python-tag", HEADER + "id: !!python/object/apply:os.system ['echo owned']\n", "yaml-tag"),
    ("custom-tag", HEADER + "id: !secret hostile\n", "yaml-tag"),
    ("anchor", VALID.replace("title: ", "title: &t ", 1), "yaml-anchor"),
    ("alias-bomb", ALIAS_BOMB, "yaml-anchor"),
    ("multiple-documents", VALID + "---\nid: second\n", "yaml-multiple-documents"),
    ("top-level-list", HEADER + "- id: hostile\n", "yaml-not-mapping"),
    ("top-level-scalar", HEADER + "just a sentence\n", "yaml-not-mapping"),
    ("empty-file", "", "yaml-empty"),
    ("only-comments", HEADER, "yaml-empty"),
    ("latin-1", VALID.encode("utf-8") + "details: caf\xe9\n".encode("latin-1"), "encoding"),
    ("utf-16", VALID.encode("utf-16"), "encoding"),
    ("nul-byte", VALID + "details: a\x00b\n", "control-character"),
    ("bidi-control", VALID + "details: safe \u202etxet desrever\n", "bidi-character"),
    ("deep-nesting", HEADER + "details: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-too-deep"),
    ("oversize", VALID + "details: " + "x" * 300_000 + "\n", "file-too-large"),
    ("implicit-boolean", VALID.replace("organisation: London Borough of Example", "organisation: no"), "yaml-implicit-type"),
    ("implicit-number", VALID.replace("organisation: London Borough of Example", "organisation: 1.10"), "yaml-implicit-type"),
    ("complex-key", HEADER + "? [a, b]\n: value\n", "yaml-complex-key"),
]


@pytest.mark.parametrize(("name", "content", "rule"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_file_gets_a_clear_error(scratch: ScratchBase, name: str, content: str | bytes, rule: str) -> None:
    scratch.write_text("practice_example", "hostile", content)
    started = time.perf_counter()
    result = scratch.validate()
    elapsed = time.perf_counter() - started
    rules = [problem.rule for problem in result.problems if problem.path.endswith("hostile.yaml")]
    assert rule in rules, [problem.format() for problem in result.problems]
    assert all(problem.line >= 1 for problem in result.problems)
    assert elapsed < 5, "a hostile file must not make validation slow"


NESTED_256_KB = {
    "brackets": "[" * 130_000 + "]" * 130_000,
    "braces": "{a: " * 65_000,
    "mixed": "[{a: " * 52_000,
    "unclosed": "[" * 260_000,
}


@pytest.mark.parametrize("nesting", NESTED_256_KB.values(), ids=NESTED_256_KB.keys())
def test_a_256_kb_nested_file_is_refused_in_linear_time(scratch: ScratchBase, nesting: str) -> None:
    content = (HEADER + "details: " + nesting)[: 256 * 1024 - 1] + "\n"
    scratch.write_text("practice_example", "hostile", content)
    started = time.perf_counter()
    result = scratch.validate()
    elapsed = time.perf_counter() - started
    assert "yaml-too-deep" in [problem.rule for problem in result.problems]
    assert elapsed < 3, f"{elapsed:.1f} s: refusing a nested file must take time linear in its size (31 s before)"


def test_python_tag_never_runs(scratch: ScratchBase, tmp_path) -> None:
    marker = tmp_path / "owned"
    scratch.write_text("practice_example", "hostile", HEADER + f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    scratch.validate()
    assert not marker.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + VALID.encode("utf-8"),  # UTF-8 byte order mark
        VALID.replace("\n", "\r\n").encode("utf-8"),  # Windows line endings
    ],
    ids=["utf-8-bom", "crlf"],
)
def test_harmless_variants_pass(scratch: ScratchBase, content: bytes) -> None:
    scratch.write_text("practice_example", "hostile", content)
    result = scratch.validate()
    assert result.errors == 0, [problem.format() for problem in result.problems]


def test_every_broken_file_is_reported_in_one_run(scratch: ScratchBase) -> None:
    scratch.write_text("practice_example", "broken-one", HEADER + "title: [unclosed\n")
    scratch.write_text("practice_example", "broken-two", "")
    scratch.write("practice_example", "fine-one")
    paths = {problem.path for problem in scratch.validate().problems}
    assert paths == {"practice_examples/broken-one.yaml", "practice_examples/broken-two.yaml"}
