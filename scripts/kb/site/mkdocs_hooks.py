"""mkdocs hooks (listed under `hooks:` in the generated config): glossary acronyms on every page, and progress.

`kb build` sets `extra.kb_progress_every`; mkdocs then says how many pages it has written
every that many pages, so a long build of thousands of entries is visibly moving.
"""

from __future__ import annotations

from typing import Any

from kb.site.abbreviations import expand_abbreviations

_written = {"pages": 0}


def on_pre_build(config: Any) -> None:
    _written["pages"] = 0


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return expand_abbreviations(html, config.extra.get("kb_abbreviations") or {})


def on_post_page(output: str, page: Any, config: Any) -> str:
    every = config.extra.get("kb_progress_every") or 0
    _written["pages"] += 1
    if every and _written["pages"] % every == 0:
        print(f"    {_written['pages']} pages written", flush=True)
    return output
