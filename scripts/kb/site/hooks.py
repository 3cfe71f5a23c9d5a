"""Extension points of the site build, so search and sharing plug in without editing the build.

A part of kb that adds to the build, the validator or the command line says what it adds in one
`Plugin` value, and the plugins are passed explicitly: `BuildOptions(plugins=...)`,
`validate(extra_checks=combine(plugins).every_check)`, `kb.cli.build_parser(plugins)`. `kb.plugins.default_plugins()`
lists the ones kb ships with. Adding a page generator is one line in its part's plugin, e.g. in
`kb/sharing/commands.py`:

    SHARING = Plugin(
        name="sharing",
        page_generators=(write_whats_new, write_packs, write_my_new_page),  # <- here
        ...
    )

The build calls the plugins' functions in this order (plugin by plugin, in the order given):

1. `article_feeds`: before the entry pages are rendered, each may start work that is fed every
   entry page's finished article as it is rendered (an `ArticleFeed`, kept in `context.data`),
   so that the work runs beside the rendering and mkdocs rather than after them; a `post_build`
   function of the same plugin finishes it. The search plugin indexes the entry pages with
   Pagefind this way. `kb serve`, whose entry pages mkdocs renders, does not call them.
2. `page_generators`: after the entry pages are written, each may write more files
   (Markdown or static) under `context.docs_dir`.
3. `entry_banners` / `entry_footers`: while an entry page is written, each returns HTML
   (already escaped) to place at the top or the bottom of it, or "".
4. `related`: returns the related entries shown on an entry page (the first plugin's that has one).
5. `post_build`: after mkdocs has built into `context.site_dir` (a staging folder), each
   may add to it (a search index, redirect pages), but not change or remove what mkdocs wrote:
   the link check reads mkdocs' pages meanwhile, and afterwards only the pages added and the
   links that led nowhere. Only then is the staging folder swapped in for `site/`. `kb serve` runs them too, after its first build and after each save.

For a large knowledge base (400 entries or more) entry pages are rendered in forked worker
processes, so `entry_banners`, `entry_footers`, `related` and a feed's `add` may run in a worker: what they
write to `context.data` there does not reach later stages (caches filled lazily are fine:
the first page is rendered before forking, so they are built once and shared).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Entry, KnowledgeBase
from .address import SiteAddress

if TYPE_CHECKING:
    from ..arguments import Command
    from ..validation import ModelCheck


@dataclass
class BuildContext:
    root: Path  # the knowledge base (repository) folder
    knowledge_base: KnowledgeBase
    docs_dir: Path  # generated Markdown, in a scratch folder
    site_dir: Path  # mkdocs output, in a staging folder
    today: dt.date
    address: SiteAddress  # where the site is published (kb.site.address), resolved once; unknown for a local build
    repo_url: str  # e.g. https://github.com/org/repo, for "edit this page" links
    hooks: Plugin = field(default_factory=lambda: Plugin("none"))  # every plugin given, combined
    data: dict[str, Any] = field(default_factory=dict)  # shared results between stages
    # entry URL -> the entry page's finished article HTML, when the build writes entry pages into the theme
    # itself (`kb build`); empty under `kb serve`, whose entry pages are Markdown files mkdocs renders
    entry_articles: dict[str, str] = field(default_factory=dict)


class Background:
    """Work a plugin started beside the build (`article_feeds`) and keeps in `context.data`: if the build
    fails before the plugin's post-build step collects it, the build abandons it."""

    def abandon(self) -> None:
        raise NotImplementedError


class ArticleFeed(Background):
    """Work fed the entry articles as they are rendered. `add` may be called in any process of the build (the
    pages are rendered in forked workers for a large knowledge base), for each page once, in any order;
    `added_all` is then called in the build's own process with every page, in order."""

    def add(self, position: int, url: str, article: str) -> None:
        raise NotImplementedError

    def added_all(self, articles: Sequence[tuple[str, str]]) -> None:
        raise NotImplementedError


PageGenerator = Callable[[BuildContext], None]
EntryHtml = Callable[[Entry, BuildContext], str]
RelatedFinder = Callable[[Entry, BuildContext], list[Entry]]
PostBuild = Callable[[BuildContext], None]
FeedStarter = Callable[[BuildContext], ArticleFeed | None]  # keeps what it starts in context.data, and returns it


@dataclass(frozen=True)
class Plugin:
    """What one part of kb adds: each field a tuple of functions (or one related-entries finder)."""

    name: str
    commands: tuple[Command, ...] = ()
    page_generators: tuple[PageGenerator, ...] = ()
    entry_banners: tuple[EntryHtml, ...] = ()
    entry_footers: tuple[EntryHtml, ...] = ()
    related: RelatedFinder | None = None
    article_feeds: tuple[FeedStarter, ...] = ()
    post_build: tuple[PostBuild, ...] = ()
    model_checks: tuple[ModelCheck, ...] = ()  # whole-model checks that may find errors: `kb validate` and `kb build`
    # Whole-model checks whose rules only warn (a reviewer's hint, such as likely duplicates): `kb validate` runs
    # them; `kb build` does not, since a warning cannot stop a build and the build shows no warnings one by one.
    review_checks: tuple[ModelCheck, ...] = ()
    rule_modules: tuple[str, ...] = ()  # modules that declare the plugin's validator rules (kb.rules)

    @property
    def every_check(self) -> tuple[ModelCheck, ...]:
        """The whole-model checks `kb validate` runs: those that may find errors, then the reviewer's hints."""
        return self.model_checks + self.review_checks


def combine(plugins: tuple[Plugin, ...] | list[Plugin]) -> Plugin:
    """The plugins as one: their functions in the order given; the first related-entries finder."""
    return Plugin(
        name="+".join(plugin.name for plugin in plugins) or "none",
        commands=tuple(command for plugin in plugins for command in plugin.commands),
        page_generators=tuple(function for plugin in plugins for function in plugin.page_generators),
        entry_banners=tuple(function for plugin in plugins for function in plugin.entry_banners),
        entry_footers=tuple(function for plugin in plugins for function in plugin.entry_footers),
        related=next((plugin.related for plugin in plugins if plugin.related), None),
        article_feeds=tuple(function for plugin in plugins for function in plugin.article_feeds),
        post_build=tuple(function for plugin in plugins for function in plugin.post_build),
        model_checks=tuple(function for plugin in plugins for function in plugin.model_checks),
        review_checks=tuple(function for plugin in plugins for function in plugin.review_checks),
        rule_modules=tuple(module for plugin in plugins for module in plugin.rule_modules),
    )
