"""Entry pages written straight into the theme, on every core, in the same mkdocs build as the other pages.

An entry page is finished HTML (`kb.site.pages.entry_article`): nothing in it is Markdown. Passing it
through mkdocs' own page pipeline meant writing it as a Markdown file, reading it back, running
Python-Markdown over a placeholder and rendering the theme one page at a time on one core. Instead
`kb build` hands the articles to the mkdocs hooks (`kb.site.mkdocs_hooks`), and once mkdocs has its
navigation and theme environment (`on_env`) the entry pages are written in forked workers: each is
filled into a frame of the theme (`kb.site.theme_frame`: mkdocs' own page pipeline, Material's `main.html`
and this project's override of it, rendered once for each shape of page and checked against mkdocs'
render of a real page), or, where no frame reproduces that render, rendered by mkdocs' own page builder
(`_build_page`) as every other page is. The sitemap lists them as it lists every page.

`kb serve` keeps entry pages as Markdown files, so mkdocs' live reload sees each one change.
"""

from __future__ import annotations

import html as html_text
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from ..forking import fork_map
from . import theme_frame

_SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')


@dataclass(frozen=True)
class ThemePage:
    """A page whose content is finished HTML: its docs-relative source path (as if it were Markdown), title,
    front matter and content."""

    src_uri: str
    title: str
    meta: dict[str, str]
    content: str


class Pending:
    """The theme pages of the build under way, set by `kb build` around its mkdocs run."""

    pages: ClassVar[list[ThemePage]] = []
    nav: Any = None  # mkdocs' navigation, kept by the `on_nav` hook
    writing = False  # true while they are written (the progress hook then stays quiet)


def set_pages(pages: list[ThemePage]) -> None:
    Pending.pages, Pending.nav = pages, None


def clear() -> None:
    set_pages([])


def section_toc(content: str) -> Any:
    """The page's h2 headings as mkdocs' table of contents, so the "On this page" sidebar lists them."""
    return _toc(_sections(content))


def _toc(sections: list[tuple[str, str]]) -> Any:
    from mkdocs.structure.toc import get_toc

    return get_toc([{"level": 2, "id": anchor, "name": name, "children": []} for anchor, name in sections])


def _sections(content: str) -> list[tuple[str, str]]:
    """The article's h2 sections as its table of contents holds them: (anchor, name as text)."""
    return [(anchor, html_text.unescape(re.sub(r"<[^>]+>", "", name))) for anchor, name in _SECTION.findall(content)]


def theme_page(config: Any, item: ThemePage) -> Any:
    """A mkdocs Page (with its File) for one theme page, ready for the theme."""
    page = _page(config, item)
    page.meta = dict(item.meta)
    page.content = item.content
    page.toc = section_toc(item.content)
    return page


def _page(config: Any, item: ThemePage) -> Any:
    """The page as the sitemap needs it: its address (no content, no table of contents to read)."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    return Page(item.title, File.generated(config, item.src_uri, content=""), config)


def write_pages(env: Any, config: Any, files: Any) -> int:
    """Render every pending page into the theme and write it, on every core; returns how many. Pages are filled
    into a frame of their shape where one reproduces mkdocs' render (`kb.site.theme_frame`), rendered by mkdocs
    one by one where none does."""
    from mkdocs.commands.build import _build_page
    from mkdocs.utils import write_file

    if not Pending.pages:
        return 0
    doc_files = files.documentation_pages()
    nav, pages, theme = Pending.nav, Pending.pages, nav_once(env)
    frames: dict[tuple[object, ...], Any] = {}

    def build(number: int) -> None:
        item = pages[number]
        sections = _sections(item.content)
        frame = frames.get(theme_frame.shape(item, sections)) if item.src_uri.endswith(theme_frame.PAGE_FILE) else None
        if frame is None:
            _build_page(theme_page(config, item), config, doc_files, nav, theme)
        else:
            html = frame.fill(theme_frame.page_values(item, sections))
            write_file(html.encode("utf-8", errors="xmlcharrefreplace"), _destination(config, item))

    Pending.writing = True  # the probes and the pages written here are not counted in mkdocs' progress lines
    try:
        frames.update(_frames(pages, config, lambda page: _rendered(page, config, doc_files, nav, theme)))
        build(0)  # before forking: the workers inherit the compiled templates
        fork_map(build, range(1, len(pages)))
    finally:
        Pending.writing = False
    return len(pages)


def _frames(pages: list[ThemePage], config: Any, render: theme_frame.Render) -> dict[tuple[object, ...], Any]:
    """A frame for each shape of page whose first page it reproduces byte for byte (see `kb.site.theme_frame`)."""
    from .config import HOOKS_FILE

    if not config.use_directory_urls or not theme_frame.only_own_page_events(config, str(HOOKS_FILE)):
        return {}
    firsts: dict[tuple[object, ...], ThemePage] = {}
    for item in pages:
        if item.src_uri.endswith(theme_frame.PAGE_FILE):
            firsts.setdefault(theme_frame.shape(item, _sections(item.content)), item)
    frames = {}
    for key, item in firsts.items():
        sections = _sections(item.content)
        probes = [theme_frame.probe(item, sections, tricky) for tricky in ("", theme_frame.TRICKY)]
        plain, tricky = (render(_probe_page(config, page, marked)) for page, marked, _ in probes)
        frame = theme_frame.frame_of(plain, tricky, probes[1][2])
        if frame is not None and frame.fill(theme_frame.page_values(item, sections)) == render(theme_page(config, item)):
            frames[key] = frame
    return frames


def _probe_page(config: Any, item: ThemePage, sections: list[tuple[str, str]]) -> Any:
    page = _page(config, item)
    page.meta = dict(item.meta)
    page.content = item.content
    page.toc = _toc(sections)
    return page


def _rendered(page: Any, config: Any, doc_files: Any, nav: Any, env: Any) -> str:
    """The page's HTML as mkdocs' `_build_page` makes it (context, page events, template), not written."""
    from mkdocs.commands.build import get_context

    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


def _destination(config: Any, item: ThemePage) -> str:
    return os.path.join(config.site_dir, item.src_uri[: -len(theme_frame.PAGE_FILE)], "index.html")


NAV = "partials/nav.html"
_NAV_ONCE = '{% call kb_once("nav", page.url.rsplit("/", 2)[0]) %}{% include "kb/theme-nav.html" %}{% endcall %}'


def nav_once(env: Any) -> Any:
    """The theme's environment, but the site navigation rendered once for all pages in one folder.

    The navigation was half the time of rendering an entry page. It reads the page only to mark the
    page's own item in it, and to make its links relative to the page; no theme page is in the
    navigation, nor under one, so for the pages of one folder (`practice-examples/a/`,
    `practice-examples/b/`...) it is the same HTML. The theme's own nav template (Material's, or this
    project's override of it) renders it, the first time, through `kb_once` (`once_per_build`)."""
    from jinja2 import ChoiceLoader, DictLoader

    source, _, _ = env.loader.get_source(env, NAV)
    # No reload checks: a build's templates do not change under it, and the check is a file stat at every include.
    loader = ChoiceLoader([DictLoader({NAV: _NAV_ONCE, "kb/theme-nav.html": source}), env.loader])
    return env.overlay(loader=loader, auto_reload=False)


def once_per_build() -> Callable[..., str]:
    """`kb_once(name, key)` for the theme's templates (`{% call kb_once("styles", base_url) %}...{% endcall %}`):
    the HTML inside is rendered the first time a name and key are seen in this build, and reused after. The
    key must hold everything the HTML depends on: `base_url` for what differs only by a page's depth."""
    rendered: dict[tuple[str, str], str] = {}

    def once(name: str, key: str, caller: Callable[[], str]) -> str:
        if (name, key) not in rendered:
            rendered[(name, key)] = caller()
        return rendered[(name, key)]

    return once


def sitemap_pages(documentation_files: list[Any], config: Any) -> list[Any]:
    """The sitemap's pages with the theme pages in mkdocs' own order (a folder's files, index first, then its folders)."""
    pages = list(documentation_files) + [_page(config, item).file for item in Pending.pages]
    return sorted(pages, key=lambda file: walk_order(file.src_uri))


def walk_order(src_uri: str) -> list[tuple[int, bool, str]]:
    *folders, name = src_uri.split("/")
    stem = os.path.splitext(name)[0]
    return [(1, False, folder) for folder in folders] + [(0, stem not in ("index", "README"), name)]
