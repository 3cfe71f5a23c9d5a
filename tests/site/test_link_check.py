"""The link check beside the post-build steps: what they add may make a link good, and their pages are checked too."""

from __future__ import annotations

from pathlib import Path

from kb.site.link_check import LinkCheck


def page(*links: str, anchor: str = "") -> str:
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    return f'<html><body><div class="md-content"><h1 id="{anchor}">Page</h1>{anchors}</div><footer class="md-footer"></footer>'


def test_links_are_checked_again_after_the_post_build_steps_add_files(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page("later/", "gone/", "#top", "#missing", anchor="top"), encoding="utf-8")
    check = LinkCheck(tmp_path)
    (tmp_path / "later").mkdir()  # a redirect page, say, written by a post-build step meanwhile
    (tmp_path / "later" / "index.html").write_text(page("../index.html#top"), encoding="utf-8")
    (tmp_path / "added.html").write_text(page("missing.html"), encoding="utf-8")
    expected = ["added.html: missing.html", "index.html: gone/", "index.html: #missing"]  # by page, then in page order
    assert check.finish() == expected
    assert LinkCheck(tmp_path).finish() == expected  # a check begun after the additions finds the same
    assert check.process.poll() is not None


def test_an_abandoned_check_stops_its_process(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page("gone/"), encoding="utf-8")
    check = LinkCheck(tmp_path)
    check.abandon()
    assert check.process.poll() is not None


def test_links_are_read_as_a_browser_reads_them(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(page(anchor="café"), encoding="utf-8")
    good = [" guide/ ", "/guide/", "guide/?q=1", "guide/#caf%C3%A9", "./guide/index.html", "guide/../index.html#top"]
    off_site = ["https://example.org/x", "HTTP://x/", "//cdn.example/x", "mailto:a@b.example", "java\tscript:alert(1)"]
    bad = ["guide/#cafe", "../../outside/", "guid%65s/", "1a:b"]
    (tmp_path / "index.html").write_text(page(*good, *off_site, *bad, anchor="top"), encoding="utf-8")
    assert LinkCheck(tmp_path).finish() == [f"index.html: {link}" for link in bad]
