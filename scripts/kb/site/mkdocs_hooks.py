"""mkdocs hooks (listed under `hooks:` in the generated config): acronyms, an entry's contents, progress.

Entry pages arrive as finished HTML (`kb.site.pages.entry_page`: rendered, sanitised and with
acronyms expanded on every core). Python-Markdown would only re-read that HTML to pass it through
unchanged, which was the largest single cost of a build (its HTML parser: about half of mkdocs'
time at 3,000 entries), so the page's Markdown is set aside before conversion and put back after.
Their h2 headings are read back here so the "On this page" sidebar lists an entry's sections too.

`kb build` sets `extra.kb_progress_every`; mkdocs then says how many pages it has written
every that many pages, so a long build of thousands of entries is visibly moving.
"""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from mkdocs.structure.toc import get_toc

from kb.site.abbreviations import expand_abbreviations
from kb.site.pages import is_finished_html

_SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')

_written = {"pages": 0}
_finished_html: dict[str, str] = {}  # page source path -> its HTML, between the two hooks below


def on_pre_build(config: Any) -> None:
    _written["pages"] = 0
    _finished_html.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if is_finished_html(markdown):
        _finished_html[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    finished = _finished_html.pop(page.file.src_uri, None)
    if finished is not None:
        page.toc = get_toc([_token(anchor, name) for anchor, name in _SECTION.findall(finished)])
        return finished
    return expand_abbreviations(html, config.extra.get("kb_abbreviations") or {})


def _token(anchor: str, name: str) -> Any:
    return {"level": 2, "id": anchor, "name": html_text.unescape(re.sub(r"<[^>]+>", "", name)), "children": []}


def on_post_page(output: str, page: Any, config: Any) -> str:
    every = config.extra.get("kb_progress_every") or 0
    _written["pages"] += 1
    if every and _written["pages"] % every == 0:
        print(f"    {_written['pages']} pages written", flush=True)
    return output
