"""The search page's <head>: preloads of what every search needs, and the index chunk a query needs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest

from kb.search.search_head import APPLY_ON_LOAD, HOLD_ON_LOAD, META_SIGNATURE, add_preloads, index_chunks, stop_words

TAG = "en_0123456789"
CHUNKS = [["0", "coc", "en_aaa"], ["cod", "j", "en_bbb"], ["k", "zz", "en_ccc"]]
FILTERS = [["kind", "en_ddd"], ["theme", "en_eee"]]
THEME_SCRIPT = '<script defer src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'  # mkdocs-material's


def fake_site(tmp_path: Path, meta: bytes) -> Path:
    (tmp_path / "pagefind").mkdir()
    entry = {"version": "1.5.2", "languages": {"en": {"hash": TAG, "wasm": "en", "page_count": 3}}}
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    (tmp_path / "pagefind" / f"pagefind.{TAG}.pf_meta").write_bytes(gzip.compress(meta))
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "lexicon.json").write_text(
        json.dumps({"pairs": [], "leads": [], "common": ["child"]}), encoding="utf-8"
    )
    deferred = f'<link rel="stylesheet" media="print" {APPLY_ON_LOAD} href="../assets/stylesheets/main.css">'
    (tmp_path / "search" / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><title>Search</title>{deferred}</head><body>{THEME_SCRIPT}</body></html>'
    )
    return tmp_path


def test_preloads_follow_the_charset_and_name_the_cache_tag_and_chunks(tmp_path: Path) -> None:
    site = fake_site(tmp_path, META_SIGNATURE + cbor2.dumps(["1.5.2", [], CHUNKS, FILTERS, []]))
    add_preloads(site, site / "search" / "index.html")
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert html.index('<meta charset="utf-8">') < html.index('src="search.js"') < html.index("<title>")
    assert f'href="../pagefind/pagefind-entry.json?ts={TAG}"' in html and f'content="{TAG}"' in html
    assert f"pagefind.{TAG}.pf_meta" in html and "wasm.en.pagefind" in html
    assert json.dumps(CHUNKS, separators=(",", ":")) in html and '["child"]' in html
    assert f"new Map({json.dumps(FILTERS, separators=(',', ':'))})" in html
    assert f"new Set({json.dumps(stop_words(), separators=(',', ':'))})" in html


def test_the_theme_stylesheets_wait_for_the_page_s_hold_which_comes_before_them(tmp_path: Path) -> None:
    site = fake_site(tmp_path, META_SIGNATURE + cbor2.dumps(["1.5.2", [], CHUNKS, FILTERS, []]))
    add_preloads(site, site / "search" / "index.html")
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert APPLY_ON_LOAD not in html
    assert html.index("window.kbStylesheetArrived =") < html.index(f"{HOLD_ON_LOAD} href=")


def test_the_theme_script_is_asked_for_through_the_page_s_hold(tmp_path: Path) -> None:
    site = fake_site(tmp_path, META_SIGNATURE + cbor2.dumps(["1.5.2", [], CHUNKS, FILTERS, []]))
    add_preloads(site, site / "search" / "index.html")
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert THEME_SCRIPT not in html
    held = '<script>kbThemeScript("../assets/javascripts/bundle.a5f9d56c.min.js")</script>'
    assert html.index("window.kbThemeScript =") < html.index(held)
    assert "// Inlined into" not in html  # the inlined scripts' comment lines are left out: bytes a first search counts


def test_the_head_skips_the_stop_words_search_js_skips() -> None:
    assert {"the", "what", "of"} <= set(stop_words())  # read from search.js's STOP_WORDS: one list


def test_metadata_in_an_unknown_format_is_refused_clearly(tmp_path: Path) -> None:
    site = fake_site(tmp_path, b"something else")
    with pytest.raises(ValueError, match="not in the format"):
        index_chunks(site, TAG)
