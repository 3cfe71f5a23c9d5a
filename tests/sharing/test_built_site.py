"""End to end through `kb build`: every id ever published resolves in the built site, and the sharing pages are there."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from kb.plugins import default_plugins
from kb.sharing.register import read_register
from kb.site.build import BuildOptions, build_site
from tests.conftest import once_per_run

from .fixture_base import REPO, TODAY, copy_fixture

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def _build(root: Path, scratch: Path) -> Path:
    output = scratch / "site"
    build_site(
        BuildOptions(
            root=root, output=output, today=TODAY, project_dir=REPO, scratch=scratch / "build", plugins=default_plugins()
        ),
        say=lambda _: None,
    )
    return output


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, Path]:
    scratch = once_per_run(
        tmp_path_factory, worker_id, "sharing-fixture-site", lambda folder: _build(copy_fixture(folder / "kb"), folder)
    )
    return scratch / "kb", scratch / "site"


@pytest.fixture
def real(real_site: Path) -> tuple[Path, Path]:
    return REPO, real_site


def _assert_register_resolves(root: Path, site: Path) -> int:
    registered = read_register(root)
    assert registered, "the register is empty"
    for item in registered:
        page = site / "go" / item.id / "index.html"
        assert page.exists(), f"/go/{item.id}/ is missing from the built site"
        text = page.read_text(encoding="utf-8")
        match = REFRESH.search(text)
        if match:
            target = (page.parent / match.group(1)).resolve() / "index.html"
            assert target.exists(), f"/go/{item.id}/ redirects to {match.group(1)}, which is not in the built site"
        else:
            assert "This entry has been withdrawn" in text, f"/go/{item.id}/ neither redirects nor says it was withdrawn"
    return len(registered)


def test_every_registered_id_resolves_in_the_real_site(real: tuple[Path, Path]) -> None:
    root, site = real
    assert _assert_register_resolves(root, site) >= 90


def test_every_registered_id_resolves_in_the_fixture_site(fixture_site: tuple[Path, Path]) -> None:
    root, site = fixture_site
    assert _assert_register_resolves(root, site) == 7
    assert "withdrawn" in (site / "go" / "withdrawn-guidance" / "index.html").read_text()


def test_sharing_pages_are_built(fixture_site: tuple[Path, Path]) -> None:
    _, site = fixture_site
    assert ElementTree.parse(site / "feed.xml").getroot().tag == "{http://www.w3.org/2005/Atom}feed"
    assert ElementTree.parse(site / "rss.xml").getroot().tag == "rss"
    assert "Example thematic review of exploitation" in (site / "whats-new" / "index.html").read_text()
    assert "Example briefing on exploitation" in (site / "packs" / "index.html").read_text()
    assert (site / "packs" / "example-briefing" / "handout" / "index.html").exists()


def test_entry_pages_carry_the_banner_and_footer(fixture_site: tuple[Path, Path]) -> None:
    _, site = fixture_site
    overdue = (site / "resources" / "example-newsletter" / "index.html").read_text()
    assert "kb-review-overdue" in overdue and "Review overdue" in overdue
    current = (site / "practice-examples" / "example-mentoring" / "index.html").read_text()
    assert "kb-review-overdue" not in current
    assert 'class="kb-short-link" href="../../go/example-mentoring/"' in current
