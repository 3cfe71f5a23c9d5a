"""The site's address (issue 24): resolved once, from --site-url, then KB_SITE_URL, then mkdocs.yml's site_url."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.cli import main
from kb.site.address import BadSiteAddress, SiteAddress, resolve_site_address


def _project(tmp_path: Path, site_url: str | None) -> Path:
    text = "site_name: Test\n" + (f"site_url: {site_url}  # where it is published\n" if site_url else "")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_flag_comes_first_then_the_environment_then_mkdocs_yml(tmp_path: Path) -> None:
    project = _project(tmp_path, "https://from-mkdocs.example.org/kb")
    environ = {"KB_SITE_URL": "https://from-env.example.org/kb/"}
    assert resolve_site_address("https://flag.example.org", project, environ) == SiteAddress(
        "https://flag.example.org/", "--site-url"
    )
    assert resolve_site_address(None, project, environ) == SiteAddress("https://from-env.example.org/kb/", "KB_SITE_URL")
    assert resolve_site_address(None, project, {}) == SiteAddress("https://from-mkdocs.example.org/kb/", "site_url in mkdocs.yml")
    assert resolve_site_address(None, _project(tmp_path, None), {"KB_SITE_URL": "  "}) == SiteAddress()


def test_a_base_path_keeps_one_slash_everywhere() -> None:
    for given in ("https://example.org/kb", "https://example.org/kb/", "https://example.org/kb//"):
        address = resolve_site_address(given, Path("/nonexistent"), {})
        assert address.short_link("child-first-framework") == "https://example.org/kb/go/child-first-framework/"
        assert address.absolute("/feed.xml") == "https://example.org/kb/feed.xml"


def test_without_an_address_links_are_site_paths_and_the_build_says_so() -> None:
    address = SiteAddress()
    assert not address.known
    assert address.short_link("x") == "/go/x/"
    assert address.announcement().startswith("no site address") and "\n" not in address.announcement()


@pytest.mark.parametrize("bad", ["/", "example.org/kb", "ftp://example.org/", "https://example.org/kb/?x=1"])
def test_an_address_a_browser_cannot_open_is_refused_saying_where_it_came_from(bad: str) -> None:
    with pytest.raises(BadSiteAddress, match="KB_SITE_URL is"):
        resolve_site_address(None, Path("/nonexistent"), {"KB_SITE_URL": bad})


def test_kb_build_refuses_a_bad_address_as_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--root", str(tmp_path), "--output", str(tmp_path / "site"), "--site-url", "/"]) == 2
    assert "--site-url is `/`, which is not a web address" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
