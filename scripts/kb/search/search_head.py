"""The search page's <head> asks for what every search needs, so none of it waits in a chain.

Without it a search fetched, one after another: the page, the theme's bundle, our script, Pagefind's
script, its entry file, then its metadata and WebAssembly, then an index chunk. Written after Pagefind
has run, as the metadata's file name carries a hash of the index. Pagefind asks for its entry file with
a cache tag (`?ts=`): the page names the same tag (`<meta name="kb-pagefind-tag">`, read by search.js)
so the preloaded response is the one Pagefind uses. Which index chunk a query needs depends on the query:
a few lines inlined in the <head> (assets/first-chunk.js) read it from the address and preload the chunk
of each word search.js will search for, from the chunks' word ranges in Pagefind's metadata (gzip-compressed CBOR).
The theme's full stylesheets, which arrive alongside Pagefind's files, apply once the first results are drawn,
and its script is fetched then (assets/hold-theme.js), so neither their style recalculation nor the script's
download and start-up comes before the first result.
"""

from __future__ import annotations

import gzip
import json
import re
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import cbor2

from .site_page import SEARCH_FOLDER

TAG_NAME = "kb-pagefind-tag"
META_SIGNATURE = b"pagefind_dcd"  # what Pagefind's metadata starts with, once decompressed
META_CHUNKS = 2  # the metadata: [version, pages, index chunks [[first word, last word, file]], filters, sorts, ...]
META_FILTERS = 3  # filter chunks: [[filter, file]]
_CHARSET = re.compile(r'<meta charset="[^"]*">', re.IGNORECASE)
# How the theme applies a deferred stylesheet once it has loaded (kb/site/theme/main.html), and how the search page does.
APPLY_ON_LOAD = "onload=\"this.media='all'\""
HOLD_ON_LOAD = 'onload="kbStylesheetArrived(this)"'
# The theme's script, at the end of every page (mkdocs-material's base.html), and how the search page asks for it.
_THEME_SCRIPT = re.compile(r'<script defer src="([^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
HOLD_SCRIPT = "<script>kbThemeScript({src})</script>"
_STOP_WORDS = re.compile(r'const STOP_WORDS = new Set\(\s*"([^"]*)"\.split\(" "\)', re.MULTILINE)


def preload_links(site_dir: Path) -> str:
    """Our script, and <link> elements for Pagefind's script, entry file, metadata and WebAssembly and our lexicon."""
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = next(iter(entry["languages"].values()))  # one language: English
    tag = language["hash"]
    fetched = [
        f"../pagefind/pagefind-entry.json?ts={tag}",
        f"../pagefind/pagefind.{tag}.pf_meta",
        f"../pagefind/wasm.{language['wasm']}.pagefind",
        "lexicon.json",
    ]
    links = [f'<meta name="{TAG_NAME}" content="{escape(tag)}">']
    # Our script itself, not only a preload: it starts the search in the address at once (the copy at the
    # end of the page's content is the same module, run once; it serves `kb serve`, which has no index).
    links += [
        '<script type="module" async src="search.js"></script>',
        '<link rel="modulepreload" href="../pagefind/pagefind.js">',
    ]
    links += [f'<link rel="preload" href="{escape(href)}" as="fetch" crossorigin>' for href in fetched]
    return "".join(links) + first_chunk_script(site_dir, tag) + _inline_asset("hold-theme.js")


def metadata(site_dir: Path, tag: str) -> list[Any]:
    data = gzip.decompress((site_dir / "pagefind" / f"pagefind.{tag}.pf_meta").read_bytes())
    if not data.startswith(META_SIGNATURE):
        raise ValueError("Pagefind's metadata is not in the format this build knows (pagefind_dcd + CBOR)")
    return cbor2.loads(data[len(META_SIGNATURE) :])


def index_chunks(site_dir: Path, tag: str) -> list[list[str]]:
    """[first word, last word, file name] of each of Pagefind's index chunks, in order."""
    return [[str(first), str(last), str(name)] for first, last, name in metadata(site_dir, tag)[META_CHUNKS]]


def filter_chunks(site_dir: Path, tag: str) -> list[list[str]]:
    """[filter, file name] of each of Pagefind's filter chunks (one a filter: kind, theme, area...)."""
    return [[str(name), str(file)] for name, file in metadata(site_dir, tag)[META_FILTERS]]


def stop_words() -> list[str]:
    """search.js's stop words (words it never searches for), read from search.js: one list, not a copy."""
    found = _STOP_WORDS.search((resources.files("kb.search") / "assets" / "search.js").read_text(encoding="utf-8"))
    if not found:
        raise ValueError('search.js no longer declares STOP_WORDS as new Set("...".split(" ")): update search_head.py')
    return found.group(1).split()


def first_chunk_script(site_dir: Path, tag: str) -> str:
    lexicon = json.loads((site_dir / SEARCH_FOLDER / "lexicon.json").read_text(encoding="utf-8"))
    script = _asset("first-chunk.js")
    script = script.replace("= CHUNKS;", f"= {_json(index_chunks(site_dir, tag))};", 1)
    script = script.replace("new Map(FILTERS)", f"new Map({_json(filter_chunks(site_dir, tag))})", 1)
    script = script.replace("new Set(COMMON)", f"new Set({_json(lexicon['common'])})", 1)
    script = script.replace("new Set(STOP)", f"new Set({_json(stop_words())})", 1)
    return f"<script>{script}</script>"


def _asset(name: str) -> str:
    """The script without its comment lines: it is inlined into the page, whose bytes a first search counts."""
    text = (resources.files("kb.search") / "assets" / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("//"))


def _inline_asset(name: str) -> str:
    return f"<script>{_asset(name)}</script>"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def add_preloads(site_dir: Path, page: Path) -> None:
    """Put the links just after the page's charset, ahead of the theme's stylesheets and scripts, which the page then holds."""
    html = page.read_text(encoding="utf-8").replace(APPLY_ON_LOAD, HOLD_ON_LOAD)
    html = _THEME_SCRIPT.sub(lambda found: HOLD_SCRIPT.format(src=_json(found.group(1))), html)
    found = _CHARSET.search(html)
    at = found.end() if found else html.index("<head>") + len("<head>")
    page.write_text(html[:at] + preload_links(site_dir) + html[at:], encoding="utf-8")
