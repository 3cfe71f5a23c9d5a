"""mkdocs hooks (listed under `hooks:` in the generated config): finished HTML, acronyms, contents, progress,
and the entry pages `kb build` writes straight into the theme (`kb.site.theme_pages`).

Generated pages mark the HTML kb rendered itself (`kb.site.finished_html`); it is set aside before
Python-Markdown converts the page and put back after. An entry page is one such block, with its
acronyms already expanded on every core while it was rendered; other pages get them expanded here.
Entry pages' h2 headings are read back so the "On this page" sidebar lists an entry's sections too.

`kb build` sets `extra.kb_progress_every`; mkdocs then says how many pages it has written
every that many pages, so a long build of thousands of entries is visibly moving.
"""

from __future__ import annotations

from typing import Any

from kb.site import finished_html, theme_pages
from kb.site.abbreviations import expand_abbreviations
from kb.site.template_cache import keep_compiled

_written = {"pages": 0}
_set_aside: dict[str, list[str]] = {}  # page source path -> its finished HTML blocks, between the two hooks below


def on_pre_build(config: Any) -> None:
    _written["pages"] = 0
    _set_aside.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    markdown, blocks = finished_html.set_aside(markdown)
    if blocks:
        _set_aside[page.file.src_uri] = blocks
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    blocks = _set_aside.pop(page.file.src_uri, [])
    if len(blocks) == 1 and blocks[0].startswith("<article"):  # an entry page, acronyms expanded already
        page.toc = theme_pages.section_toc(blocks[0])
        return blocks[0]
    html = finished_html.put_back(html, blocks)
    return expand_abbreviations(html, config.extra.get("kb_abbreviations") or {})


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    theme_pages.Pending.nav = nav
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.auto_reload = False  # mkdocs makes a new environment for every build; no need to stat a template at each use
    keep_compiled(env, "theme")
    env.globals["kb_once"] = theme_pages.once_per_build()  # main.html's parts that differ only by a page's depth
    written = theme_pages.write_pages(env, config, files)
    if written and written >= (config.extra.get("kb_progress_every") or written + 1):
        print(f"    {written} entry pages written into the theme", flush=True)
    return env


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    if template_name == "sitemap.xml" and theme_pages.Pending.pages:
        context["pages"] = theme_pages.sitemap_pages(context["pages"], config)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    every = 0 if theme_pages.Pending.writing else config.extra.get("kb_progress_every") or 0  # workers do not count
    _written["pages"] += 1
    if every and _written["pages"] % every == 0:
        print(f"    {_written['pages']} pages written", flush=True)
    return output
