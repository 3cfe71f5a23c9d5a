"""`kb serve` regenerates only what a saved entry changes, and keeps the pages when the entry is invalid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.site.build import BuildOptions, generate_docs
from kb.site.incremental import sort_saved
from kb.site.serve import Preview, Regenerator, SourceFiles, _context

from .conftest import FIXTURE_KB, REPO, TODAY

SERVICE = "services/fixture-service.yaml"
SERVICE_PAGE = "services/fixture-service/index.md"
ENTRY_FOLDERS = ("practice-examples/", "protocols/", "case-reviews/", "services/", "resources/", "topics/")


@pytest.fixture
def served(tmp_path: Path) -> Regenerator:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    options = BuildOptions(root=root, today=TODAY, project_dir=REPO, scratch=tmp_path / "scratch")
    context = _context(options, tmp_path / "scratch")
    generate_docs(context, REPO)
    return Regenerator(options, context)


def edit(served: Regenerator, relative: str, old: str, new: str) -> Path:
    path = served.context.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def entry_page_times(served: Regenerator) -> dict[str, int]:
    docs = served.context.docs_dir
    return {
        page.relative_to(docs).as_posix(): page.stat().st_mtime_ns
        for folder in ENTRY_FOLDERS
        for page in (docs / folder).glob("*/index.md")
    }


def test_a_saved_entry_rewrites_its_page_first_and_no_other_entry_page(served: Regenerator) -> None:
    before = entry_page_times(served)
    saved = edit(served, SERVICE, 'summary: "A service to refer to."', 'summary: "A service to refer young people to."')
    assert served.saved([saved]) == [SERVICE_PAGE]
    assert "refer young people to" in (served.context.docs_dir / SERVICE_PAGE).read_text(encoding="utf-8")
    listings = served.refresh_listings()
    assert "services/index.md" in listings  # the kind's page lists each service with its summary
    assert "api/entries.json" in listings
    after = entry_page_times(served)
    assert [page for page in before if before[page] != after[page]] == [SERVICE_PAGE]
    assert served.refresh_listings() == []  # nothing owed any more


def test_saving_an_unchanged_entry_writes_nothing(served: Regenerator) -> None:
    assert served.saved([served.context.root / SERVICE]) == []


def test_a_hub_that_lists_a_saved_entry_is_refreshed_with_the_listings(served: Regenerator) -> None:
    saved = edit(served, "case_reviews/fixture-review.yaml", "summary: ", "summary: Revised. ")
    assert served.saved([saved]) == ["case-reviews/fixture-review/index.md"]
    listings = served.refresh_listings()
    assert "topics/fixture-topic/index.md" in listings
    assert "Revised." in (served.context.docs_dir / "topics/fixture-topic/index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ('what_it_offers: "Advice."', "what_it_offers: [broken\n", "yaml-syntax"),
        ("themes: [multi-agency-working]", "themes: [no-such-theme]", "taxonomy-unknown"),
        ("themes: [multi-agency-working]", "themes: [multi-agency-working]\nrelated: [no-such-entry]", "reference-unknown"),
        ("themes: [multi-agency-working]", "themes: [multi-agency-working]\naliases: [fixture-review]", "id-duplicate"),
    ],
)
def test_a_bad_edit_prints_the_problem_and_leaves_the_page(
    served: Regenerator, capsys: pytest.CaptureFixture[str], old: str, new: str, rule: str
) -> None:
    page = (served.context.docs_dir / SERVICE_PAGE).read_text(encoding="utf-8")
    model = served.context.knowledge_base
    saved = edit(served, SERVICE, old, new)
    assert served.saved([saved]) == []
    printed = capsys.readouterr().out
    assert f"{SERVICE}:" in printed and ": error: " in printed
    assert f"[{rule}]" in printed
    assert "the pages stay as they were" in printed
    assert (served.context.docs_dir / SERVICE_PAGE).read_text(encoding="utf-8") == page
    assert served.context.knowledge_base is model
    assert served.refresh_listings() == []


def test_a_new_entry_and_a_deleted_one_regenerate_everything(served: Regenerator) -> None:
    root = served.context.root
    copy = root / "services/fixture-service-two.yaml"
    copy.write_text((root / SERVICE).read_text(encoding="utf-8").replace("id: fixture-service", "id: fixture-service-two"))
    assert "services/fixture-service-two/index.md" in served.saved([copy])
    assert "fixture-service-two" in served.context.knowledge_base.entries
    copy.unlink()
    served.saved([copy])
    assert "fixture-service-two" not in served.context.knowledge_base.entries
    assert not (served.context.docs_dir / "services/fixture-service-two/index.md").exists()


def test_what_a_save_asks_for(served: Regenerator) -> None:
    root, model = served.context.root, served.context.knowledge_base
    hand_written = served.hand_written
    sort = lambda *paths: sort_saved(paths, root, hand_written, model)  # noqa: E731
    assert [entry.id for entry in sort(root / SERVICE).entries] == ["fixture-service"]
    assert not sort(root / "services/.fixture-service.yaml.swp", root / "services/gone-already.yaml").entries
    assert not sort(root / "services/gone-already.yaml").everything  # an editor's temporary file
    assert sort(root / "taxonomy/themes.yaml").everything
    assert sort(hand_written / "index.md").hand_written


def test_source_files_say_what_changed_created_and_deleted(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a")
    (tmp_path / "b.yaml").write_text("b")
    sources = SourceFiles([tmp_path, tmp_path / "missing"])
    assert sources.changed() == set()
    (tmp_path / "a.yaml").write_text("a, longer")
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "c.yaml").write_text("c")
    assert sources.changed() == {tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"}
    assert sources.changed() == set()


def test_a_round_shows_the_saved_page_then_asks_for_a_second_that_refreshes_the_listings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kb.plugins import default_plugins

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    options = BuildOptions(root=root, today=TODAY, project_dir=REPO, scratch=tmp_path / "scratch", plugins=default_plugins())
    preview = Preview(options, _context(options, tmp_path / "scratch"))
    preview.first_build()
    site = preview.context.site_dir
    assert preview.post_build.idle.wait(60)
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "go" / "fixture-service" / "index.html").is_file()
    edit(preview.regenerator, SERVICE, 'summary: "A service to refer to."', 'summary: "A service to refer young people to."')
    owed_before = preview.owed_file.stat().st_mtime_ns if preview.owed_file.exists() else 0
    preview.build_round()
    assert "refer young people to" in (site / "services/fixture-service/index.html").read_text(encoding="utf-8")
    assert "refer young people to" not in (site / "services/index.html").read_text(encoding="utf-8")
    assert preview.owed_file.stat().st_mtime_ns != owed_before  # the server sees it and calls the builder again
    preview.build_round()
    assert "refer young people to" in (site / "services/index.html").read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert "kb serve: regenerated 1 page(s)" in printed and "that list the saved entries" in printed
    assert preview.post_build.idle.wait(60)
    index = b"".join(path.read_bytes() for path in (site / "pagefind").rglob("*.pf_fragment"))
    assert index  # re-indexed after the rounds (the fragments are compressed: their words are not checked here)


def test_a_taken_port_is_said_before_anything_is_built(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from kb.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        assert main(["serve", "--root", str(FIXTURE_KB), "--address", address]) == 1
    printed = capsys.readouterr().err
    assert f"{address} is already in use" in printed and "Traceback" not in printed
