"""Entry pages filled into a frame of the theme (kb.site.theme_frame) are byte for byte mkdocs' own render."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kb.site import theme_pages
from kb.site.build import BuildOptions, build_site
from kb.site.theme_frame import TRICKY, Frame, frame_of, marked

from .conftest import FIXTURE_KB, REPO, TODAY

TRICKY_TITLE = 'Second review: "quoted" & 1 < 2 > 0, it\'s'


def _knowledge_base_with_a_second_review(tmp_path: Path) -> Path:
    """The fixture knowledge base with a second case review of the same shape, its title holding `&<>"'`."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    first = (root / "case_reviews/fixture-review.yaml").read_text(encoding="utf-8")
    second = first.replace("id: fixture-review", "id: fixture-review-two").replace('"Fixture review"', json.dumps(TRICKY_TITLE))
    (root / "case_reviews/fixture-review-two.yaml").write_text(second.replace("Child F", "Child G"), encoding="utf-8")
    return root


def _build(root: Path, output: Path) -> dict[str, bytes]:
    options = BuildOptions(root=root, output=output, today=TODAY, project_dir=REPO, scratch=output.parent / "scratch")
    build_site(options, say=lambda line: None)
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


def test_pages_filled_from_frames_are_those_mkdocs_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _knowledge_base_with_a_second_review(tmp_path)
    made: list[dict[Any, Frame]] = []
    frames = theme_pages._frames

    def recorded(*args: Any) -> dict[Any, Frame]:
        made.append(frames(*args))
        return made[-1]

    monkeypatch.setattr(theme_pages, "_frames", recorded)
    filled = _build(root, tmp_path / "filled")
    monkeypatch.setattr(theme_pages, "_frames", lambda *args: {})
    rendered = _build(root, tmp_path / "rendered")

    assert any(key[0] == "case-reviews" for key in made[0]), "no frame for the case reviews: nothing was filled"
    assert filled.keys() == rendered.keys()
    assert [name for name in filled if filled[name] != rendered[name]] == []
    page = filled["case-reviews/fixture-review-two/index.html"].decode()
    assert "Second review: &quot;quoted&quot; &amp; 1 &lt; 2 &gt; 0, it&#x27;s - " in page  # <title>, escaped once


def test_a_place_that_changes_its_value_other_than_by_escaping_gives_no_frame() -> None:
    payloads = ["", TRICKY]
    plain = f"<title>{marked(1, '')}</title>"
    assert frame_of(plain, f"<title>{marked(1, TRICKY)}</title>", payloads) == Frame(["<title>", "</title>"], [(1, False)])
    assert frame_of(plain, f"<title>{marked(1, '&amp;&lt;&gt;&#34;&#39;')}</title>", payloads) == Frame(
        ["<title>", "</title>"], [(1, True)]
    )
    assert frame_of(plain, f"<title>{marked(1, '&')}</title>", payloads) is None  # truncated
    assert frame_of(plain, f"<title>{marked(1, TRICKY)}</title>!", payloads) is None  # the rest differs


def test_a_frame_fills_each_place_as_the_theme_prints_it() -> None:
    frame = Frame(["<title>", "</title><h1>", "</h1>"], [(1, True), (0, False)])
    assert frame.fill(["<b>a</b>", "A & B"]) == "<title>A &amp; B</title><h1><b>a</b></h1>"
