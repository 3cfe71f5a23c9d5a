"""The whole build over the fixture knowledge base, and the promise that a failed build changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kb.site import hooks
from kb.site.build import BuildFailed, BuildOptions, build_site

from .conftest import FIXTURE_KB, REPO, TODAY


def options(tmp_path: Path, root: Path = FIXTURE_KB) -> BuildOptions:
    return BuildOptions(root=root, output=tmp_path / "site", today=TODAY, project_dir=REPO, scratch=tmp_path / "scratch")


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def built(tmp_path: Path, no_plugins: None) -> BuildOptions:
    build_options = options(tmp_path)
    build_site(build_options, say=lambda line: None)
    return build_options


def test_build_writes_entry_pages_indexes_open_data_and_times_each_stage(tmp_path: Path, no_plugins: None) -> None:
    lines: list[str] = []
    context = build_site(options(tmp_path), say=lines.append)
    site = tmp_path / "site"
    for page in ("index.html", "practice-examples/fixture-hub/index.html", "case-reviews/fixture-review/index.html",
                 "contents/index.html", "useful-links/index.html", "spotlight/building-safety/index.html",
                 "glossary/index.html", "about/accessibility/index.html", "contribute/index.html"):  # fmt: skip
        assert (site / page).is_file(), page
    assert json.loads((site / "api/entries.json").read_text())["count"] == 7
    assert {"validate", "generate pages", "mkdocs", "check links", "swap in", "total"} <= set(context.timings)
    assert any(line.startswith("[1] validate") for line in lines)
    assert not list(tmp_path.glob(".site.*"))  # no staging or old folder left behind


def test_search_plugin_is_off_abbreviations_are_on_and_entries_are_not_in_the_nav(built: BuildOptions) -> None:
    site = built.output
    assert not (site / "search" / "search_index.json").exists()
    home = (site / "index.html").read_text()
    assert "fixture-hub" not in home.split('class="md-content"')[0]  # the nav lists indexes, not entries
    entry = (site / "practice-examples/fixture-hub/index.html").read_text()
    assert '<abbr title="Child criminal exploitation" tabindex="0">CCE</abbr>' in entry
    assert ">7</strong>" in home  # the count, from a macro on the opted-in home page


def test_contributor_jinja_is_shown_not_run(built: BuildOptions) -> None:
    entry = (built.output / "practice-examples/fixture-hub/index.html").read_text()
    assert "{% if true %}Jinja{% endif %}" in entry and "{% raw %}" in entry


@pytest.mark.parametrize("failure", ["invalid entry", "mkdocs warning", "page generator", "post-build", "broken link"])
def test_a_failed_build_leaves_the_site_byte_for_byte_as_it_was(
    built: BuildOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    before = fingerprint(built.output)
    root = FIXTURE_KB
    if failure == "invalid entry":
        root = tmp_path / "kb"
        import shutil

        shutil.copytree(FIXTURE_KB, root)
        (root / "services/fixture-service.yaml").write_text("id: [not valid\n")
    elif failure == "mkdocs warning":
        monkeypatch.setattr(hooks, "PAGE_GENERATORS", [lambda c: (c.docs_dir / "x.md").write_text("[bad](missing.md)")])
    elif failure == "page generator":
        monkeypatch.setattr(hooks, "PAGE_GENERATORS", [lambda c: 1 / 0])
    elif failure == "post-build":
        monkeypatch.setattr(hooks, "POST_BUILD", [lambda c: (c.site_dir / "half.html").write_text("x") and 1 / 0])
    else:
        monkeypatch.setattr(hooks, "POST_BUILD", [lambda c: (c.site_dir / "b.html").write_text('<a href="nowhere/">x</a>')])
    with pytest.raises(BuildFailed):
        build_site(options(tmp_path, root), say=lambda line: None)
    assert fingerprint(built.output) == before
    assert not list(tmp_path.glob(".site.*"))


def test_the_cli_prints_problems_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from kb.cli import main

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    (root / "services/fixture-service.yaml").write_text("# yaml-language-server: $schema=../schemas/service.schema.json\nid: x\n")
    code = main(["build", "--root", str(root), "--output", str(tmp_path / "out"), "--today", "2026-11-22"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    assert "services/fixture-service.yaml" in captured.err and "nothing was changed" in captured.err


def test_entry_pages_on_several_workers_match_one_and_bring_back_hook_timings(knowledge_base) -> None:  # type: ignore[no-untyped-def]
    from kb.site.pages import SiteView
    from kb.site.parallel import entry_pages_parallel

    def slow_related(entry):  # type: ignore[no-untyped-def]
        timings["related entries"] = timings.get("related entries", 0.0) + 1.0
        return []

    timings: dict[str, float] = {}
    view = SiteView(knowledge_base, related=slow_related)
    single = entry_pages_parallel(view, workers=1)
    timings.clear()
    assert entry_pages_parallel(view, workers=2, timings=timings) == single
    assert timings["related entries"] == len(knowledge_base.entries)
