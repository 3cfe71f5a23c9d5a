"""The whole build over the fixture knowledge base, and the promise that a failed build changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kb.site import hooks
from kb.site.address import SiteAddress
from kb.site.build import BuildFailed, BuildOptions, build_site

from .conftest import FIXTURE_KB, REPO, TODAY


def options(tmp_path: Path, root: Path = FIXTURE_KB) -> BuildOptions:
    return BuildOptions(root=root, output=tmp_path / "site", today=TODAY, project_dir=REPO, scratch=tmp_path / "scratch")


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildOptions, list[str]]:
    """The fixture knowledge base built once for the module's tests, which only read it; with what the build said."""
    lines: list[str] = []
    build_options = options(tmp_path_factory.mktemp("built"))
    build_site(build_options, say=lines.append)
    return build_options, lines


@pytest.fixture
def built(built_once: tuple[BuildOptions, list[str]]) -> BuildOptions:
    return built_once[0]


@pytest.fixture
def built_here(built_once: tuple[BuildOptions, list[str]], tmp_path: Path) -> BuildOptions:
    """A test's own copy of the built site, byte for byte, where a build of its own may try to replace it."""
    shutil.copytree(built_once[0].output, tmp_path / "site")
    return options(tmp_path)


def test_build_writes_entry_pages_indexes_open_data_and_says_each_stage(built_once: tuple[BuildOptions, list[str]]) -> None:
    build_options, lines = built_once
    site, tmp_path = build_options.output, build_options.output.parent
    for page in ("index.html", "practice-examples/fixture-hub/index.html", "case-reviews/fixture-review/index.html",
                 "contents/index.html", "useful-links/index.html", "spotlight/building-safety/index.html",
                 "glossary/index.html", "about/accessibility/index.html", "contribute/index.html"):  # fmt: skip
        assert (site / page).is_file(), page
    assert json.loads((site / "api/entries.json").read_text())["count"] == 7
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


def test_without_the_offline_plugin_no_page_links_a_manifest_or_a_service_worker(built: BuildOptions) -> None:
    home = (built.output / "index.html").read_text()
    assert 'rel="manifest"' not in home and "offline.js" not in home
    assert not (built.output / "sw.js").exists()


def test_contributor_jinja_is_shown_not_run(built: BuildOptions) -> None:
    entry = (built.output / "practice-examples/fixture-hub/index.html").read_text()
    assert "{% if true %}Jinja{% endif %}" in entry and "{% raw %}" in entry


@pytest.mark.parametrize("failure", ["invalid entry", "mkdocs warning", "page generator", "post-build", "broken link"])
def test_a_failed_build_leaves_the_site_byte_for_byte_as_it_was(built_here: BuildOptions, tmp_path: Path, failure: str) -> None:
    built = built_here
    before = fingerprint(built.output)
    root = FIXTURE_KB
    if failure == "invalid entry":
        root = tmp_path / "kb"
        shutil.copytree(FIXTURE_KB, root)
        (root / "services/fixture-service.yaml").write_text("id: [not valid\n")
    elif failure == "mkdocs warning":
        plugin = hooks.Plugin("bad", page_generators=(lambda c: (c.docs_dir / "x.md").write_text("[bad](missing.md)"),))
    elif failure == "page generator":
        plugin = hooks.Plugin("bad", page_generators=(lambda c: 1 / 0,))
    elif failure == "post-build":
        plugin = hooks.Plugin("bad", post_build=(lambda c: (c.site_dir / "half.html").write_text("x") and 1 / 0,))
    else:
        plugin = hooks.Plugin("bad", post_build=(lambda c: (c.site_dir / "b.html").write_text('<a href="nowhere/">x</a>'),))
    failing = options(tmp_path, root)
    failing.plugins = () if failure == "invalid entry" else (plugin,)
    with pytest.raises(BuildFailed):
        build_site(failing, say=lambda line: None)
    assert fingerprint(built.output) == before
    assert not list(tmp_path.glob(".site.*"))


def test_a_rebuild_removes_the_old_site_and_what_killed_builds_left_in_the_background(
    built_here: BuildOptions, tmp_path: Path
) -> None:
    dead = _dead_pid()  # the number of a process that no longer runs: a killed build's
    left = [tmp_path / f".site.staging-{dead}", tmp_path / f".site.staging-{dead}.pagefind", tmp_path / f".site.old-{dead}"]
    running = tmp_path / f".site.staging-{os.getppid()}"  # a build still running (this test's parent process)
    for folder in [*left, running]:
        (folder / "page").mkdir(parents=True)
    (built_here.output / "stale.html").write_text("from the old site")

    build_site(built_here, say=lambda line: None)

    assert (built_here.output / "index.html").is_file() and not (built_here.output / "stale.html").exists()
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.old-*")) + [folder for folder in left if folder.exists()] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob(".site.old-*")) and not any(folder.exists() for folder in left)
    assert running.is_dir()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_cli_prints_problems_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kb.cli import main

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    (root / "services/fixture-service.yaml").write_text("# yaml-language-server: $schema=../schemas/service.schema.json\nid: x\n")
    code = main(["build", "--root", str(root), "--output", str(tmp_path / "out"), "--today", "2026-11-22"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    assert "services/fixture-service.yaml" in captured.err and "nothing was changed" in captured.err


def test_entry_pages_and_listings_on_several_workers_match_one(knowledge_base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kb.site.build import rendered_site

    context = hooks.BuildContext(FIXTURE_KB, knowledge_base, tmp_path / "docs", tmp_path / "site", TODAY, SiteAddress(), "")
    for entry_markdown in (True, False):
        files, articles = rendered_site(context, workers=1, entry_markdown=entry_markdown)
        for workers in (2, 3):
            assert rendered_site(context, workers=workers, entry_markdown=entry_markdown) == (files, articles)
        assert "contents/index.md" in files and "api/entries.json" in files
        assert ("practice-examples/fixture-hub/index.md" in files) is entry_markdown
        assert bool(articles) is not entry_markdown


def test_plugins_are_passed_not_registered_and_the_watch_hook_sees_each_stage_and_step(tmp_path: Path) -> None:
    from contextlib import contextmanager

    seen: list[str] = []

    @contextmanager
    def watch(name: str):  # type: ignore[no-untyped-def]
        seen.append(name)
        yield

    def write_hello(context: hooks.BuildContext) -> None:
        (context.docs_dir / "hello.md").write_text("# Hello\n", encoding="utf-8")

    checked: list[str] = []

    def model_check(knowledge_base: object) -> list[object]:
        checked.append("model")
        return []

    def review_check(knowledge_base: object) -> list[object]:
        checked.append("review")
        return []

    plugin = hooks.Plugin(
        name="hello", page_generators=(write_hello,), model_checks=(model_check,), review_checks=(review_check,)
    )
    with_plugin = options(tmp_path / "with")
    with_plugin.plugins = (plugin,)
    build_site(with_plugin, say=lambda line: None, watch=watch)
    assert (with_plugin.output / "hello" / "index.html").is_file()
    assert checked == ["model"]  # a reviewer's hint only warns, so the build leaves it to `kb validate`
    assert hooks.combine([plugin]).every_check == (model_check, review_check)
    assert {"validate", "generate pages", "mkdocs", "check links", "swap in"} <= set(seen)
    assert f"page generators: {__name__}.write_hello" in seen
    without = options(tmp_path / "without")  # the same process, nothing carried over from the build before
    build_site(without, say=lambda line: None)
    assert not (without.output / "hello").exists()


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_entry_pages_are_written_into_the_theme_with_their_title_and_contents(built: BuildOptions) -> None:
    site = built.output
    entry = (site / "practice-examples/fixture-hub/index.html").read_text()
    heading = _between(entry, '<h1 data-pagefind-weight="10">', "</h1>").split(">", 1)[1]
    assert f"<title>{heading} - London Adolescent Safeguarding Knowledge Base</title>" in entry  # not "Index - ..."
    assert '<meta name="description" content="' in entry and "Practice examples, protocols and learning" not in entry
    on_this_page = _between(entry, 'data-md-type="toc"', "</nav>")
    assert 'href="#sources"' in on_this_page and 'href="#related"' in on_this_page


def test_an_entry_page_written_into_the_theme_is_the_page_mkdocs_renders_from_its_markdown(
    built: BuildOptions, tmp_path: Path
) -> None:
    """`kb serve` gives mkdocs entry pages as Markdown; `kb build` writes them into the theme itself (its
    navigation rendered once a folder). The pages must be the same, byte for byte."""
    from kb.site.build import generate_docs, run_mkdocs, validated
    from kb.site.links import repo_url

    context = hooks.BuildContext(
        root=FIXTURE_KB,
        knowledge_base=validated(built)[0],
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "from-markdown",
        today=TODAY,
        address=SiteAddress(),
        repo_url=repo_url(FIXTURE_KB),
    )
    generate_docs(context, REPO)  # entry pages as Markdown, as kb serve writes them
    run_mkdocs(context, REPO, tmp_path / "mkdocs.yml")
    for page in ("practice-examples/fixture-hub/index.html", "case-reviews/fixture-review/index.html"):
        assert (context.site_dir / page).read_text() == (built.output / page).read_text(), page


def test_sitemap_order_is_mkdocs_walk_order() -> None:
    from kb.site.theme_pages import walk_order

    paths = ["b/index.md", "a/z/index.md", "index.md", "a/b.md", "a/index.md", "about.md"]
    assert sorted(paths, key=walk_order) == ["index.md", "about.md", "a/index.md", "a/b.md", "a/z/index.md", "b/index.md"]
