"""benchmarks/mobile_profile.py without a browser: its server compresses like a static host and serves the
bare Pagefind UI page, it picks an entry page, and its table reads right."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

from benchmarks import mobile_profile


def _site(tmp_path: Path) -> Path:
    for path in ("index.html", "protocols/a/index.html", "practice-examples/b/index.html", "practice-examples/c/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<p>" + "words " * 200 + "</p>", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "wasm.en.pagefind").write_bytes(b"\x1f\x8balready compressed")
    return tmp_path


def _get(url: str) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_text_is_served_gzip_and_pagefind_files_as_they_are(tmp_path: Path) -> None:
    site = _site(tmp_path)
    with mobile_profile.serve_site(site) as base:
        encoding, body = _get(base)
        assert encoding == "gzip" and gzip.decompress(body).startswith(b"<p>words")
        assert _get(base + "pagefind/wasm.en.pagefind") == (None, b"\x1f\x8balready compressed")
        assert b"new PagefindUI" in gzip.decompress(_get(base + "_pagefind-ui/?q=x")[1])
    with mobile_profile.serve_site(site, compress=False) as base:
        assert _get(base)[0] is None


def test_an_entry_page_of_the_biggest_kind(tmp_path: Path) -> None:
    assert mobile_profile.an_entry_page(_site(tmp_path)) == "practice-examples/b/"


def test_markdown_shows_a_column_per_size_and_serving() -> None:
    served = {
        "lcp_seconds": {"home": 1.0, "entry": 1.1, "search": 1.2},
        "first_result_seconds": {"ours": 2.0, "pagefind-ui": None},
    }
    table = mobile_profile.markdown({300: {"queries": ["county lines"], "gzip": served, "as files": served}})
    assert "| Measure | 300 entries, gzip | 300 entries, as files |" in table
    assert "| first search result, Pagefind's default UI (median) | no result | no result |" in table
