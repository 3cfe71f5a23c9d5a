"""`kb build`: validate, generate pages, run mkdocs, add what plug-ins add, swap the site in.

Entry pages (most of the site) are rendered from the model on every core and written into the theme
by the build itself (`kb.site.theme_pages`), inside the mkdocs run; mkdocs renders the Markdown pages
(hand-written and generated) into the same theme. Plug-ins may be fed each entry article as it is rendered
(`article_feeds`: Pagefind reads them meanwhile, and builds the search index while mkdocs renders).

Every stage works in scratch or staging folders; only the last step touches the output
folder, with two renames. A build that fails at any stage leaves the previous site as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..loader import Problem
from ..model import Entry, KnowledgeBase
from . import hooks, theme_pages
from .address import SiteAddress
from .config import final_config, write_config
from .link_check import LinkCheck
from .links import branch, repo_url
from .open_data import open_data_files
from .pages import SiteView, entry_article, entry_meta, entry_page, glossary_acronyms, index_pages, page_path
from .parallel import pages_parallel
from .scratch import run_folder
from .swap import Removal, discard, discard_later, staging_folder, swap_in

Printer = Callable[[str], None]
# The one hook for whoever wants to time or watch the build (the benchmark): called with the name of each
# stage, and of each plug-in function ("post-build: kb.search.pagefind_index.run_pagefind"), around its work.
StageWatch = Callable[[str], AbstractContextManager[object]]


class BuildFailed(Exception):
    """A build stopped; the message says why in words a contributor can act on."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BuildOptions:
    root: Path = Path(".")  # the knowledge base: entries and taxonomy
    output: Path = Path("site")
    today: dt.date | None = None
    address: SiteAddress = field(default_factory=SiteAddress)  # resolved by the command line (kb.site.address)
    project_dir: Path | None = None  # mkdocs.yml and docs/; the root unless said
    scratch: Path | None = None  # generated Markdown and config; in memory or <root>/.build unless said (kb.site.scratch)
    plugins: Sequence[hooks.Plugin] = ()  # what search, sharing... add (kb.plugins.default_plugins()); none unless given

    @property
    def project(self) -> Path:
        return self.project_dir or self.root

    @property
    def scratch_dir(self) -> Path:
        return self.scratch or self.root / ".build"

    @property
    def hooks(self) -> hooks.Plugin:
        """The plugins given, as one (what the build and `kb serve` call)."""
        return hooks.combine(list(self.plugins))


def _no_watch(name: str) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass
class Stages:
    """Prints a line per stage with its time, and lets a StageWatch see each stage."""

    say: Printer
    watch: StageWatch = _no_watch
    count: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.count += 1
        self.say(f"[{self.count}] {name}…")
        started = time.perf_counter()
        try:
            with self.watch(name):
                yield
        except BuildFailed:
            raise
        except Exception as error:
            raise BuildFailed(f"the {name} stage failed: {type(error).__name__}: {error}") from error
        note = f" ({self.notes.pop(name)})" if name in self.notes else ""
        self.say(f"    done in {time.perf_counter() - started:.2f} s{note}")


def build_site(options: BuildOptions, say: Printer = print, watch: StageWatch = _no_watch) -> hooks.BuildContext:
    """Build the site into options.output; raise BuildFailed (output untouched) if anything fails.
    `watch` is entered around each stage and each plug-in function (the benchmark times them with it)."""
    stages = Stages(say, watch)
    say(options.address.announcement())
    with stages.stage("validate"):
        knowledge_base, files, warnings = validated(options)
        stages.notes["validate"] = f"{files} files, {len(knowledge_base.entries)} entries{_warnings_note(warnings)}"
    output = options.output.resolve()
    staging = staging_folder(output)
    run_dir = run_folder(options.scratch, options.scratch_dir, len(knowledge_base.entries))
    docs_dir = run_dir / "docs"
    context = hooks.BuildContext(
        root=options.root.resolve(),
        knowledge_base=knowledge_base,
        docs_dir=docs_dir,
        site_dir=staging,
        today=options.today or dt.date.today(),
        address=options.address,
        repo_url=repo_url(options.root),
        hooks=options.hooks,
    )
    beside: list[hooks.Background] = []  # work started beside the build's stages, waited for or stopped at its end
    try:
        with stages.stage("generate pages"):
            written = generate_docs(context, options.project, entry_markdown=False)
            stages.notes["generate pages"] = f"{written} files"
        _run_hooks(stages, "page generators", context.hooks.page_generators, context)
        with stages.stage("mkdocs"):
            run_mkdocs(context, options.project, run_dir / "mkdocs.yml")
        # Beside the post-build steps (one core): the link check, and clearing the generated Markdown away.
        links = LinkCheck(staging)
        beside += [links, Removal(docs_dir)]
        _run_hooks(stages, "post-build", context.hooks.post_build, context)
        with stages.stage("check links"):
            _check_links(links)
        with stages.stage("swap in"):
            old_site = swap_in(staging, output)
        discard_later(output, old_site)
    finally:
        for work in [*context.data.values(), *beside]:
            if isinstance(work, hooks.Background):
                work.abandon()  # a stage failed before its plugin collected it, or it is finished and only waited for
        discard(staging)
        discard(run_dir)
    return context


def validated(options: BuildOptions) -> tuple[KnowledgeBase, int, int]:
    """The knowledge base, its files and warnings, checked by every rule that can stop a build (the reviewer's
    whole-model hints, `Plugin.review_checks`, are `kb validate`'s: they only warn)."""
    from ..validation import KnowledgeBaseHasErrors, load

    try:
        result = load(options.root, strict=True, today=options.today, extra_checks=list(options.hooks.model_checks))
    except KnowledgeBaseHasErrors as failed:
        raise BuildFailed(
            f"{failed.result.errors} error(s) in the entries; fix them, then build again", failed.result.problems
        ) from None
    return result.knowledge_base, result.files_checked, result.warnings


def _warnings_note(warnings: int) -> str:
    if not warnings:
        return ""
    return f"; {warnings} warning{'s' * (warnings != 1)}, which `kb validate` lists with the reviewer's hints"


def _run_hooks(
    stages: Stages, name: str, functions: Sequence[Callable[[hooks.BuildContext], None]], context: hooks.BuildContext
) -> None:
    if not functions:
        return
    with stages.stage(name):
        for function in functions:
            with stages.watch(f"{name}: {function.__module__}.{function.__name__}"):
                function(context)


def site_view(context: hooks.BuildContext) -> SiteView:
    finder = context.hooks.related
    related = (lambda entry: finder(entry, context)) if finder else None
    return SiteView(
        knowledge_base=context.knowledge_base,
        repo_url=context.repo_url,
        branch=branch(context.root) if context.repo_url else "main",
        related=related,
        banners=lambda entry: "".join(banner(entry, context) for banner in context.hooks.entry_banners),
        footers=lambda entry: "".join(footer(entry, context) for footer in context.hooks.entry_footers),
        today=context.today,
        address=context.address,
    )


def generated_files(context: hooks.BuildContext, workers: int | None = None) -> dict[str, str]:
    """Every generated file under docs_dir, path -> text, entry pages as Markdown (`kb serve`)."""
    files, _ = rendered_site(context, workers, entry_markdown=True)
    return files


def rendered_site(
    context: hooks.BuildContext, workers: int | None = None, entry_markdown: bool = True
) -> tuple[dict[str, str], dict[str, str]]:
    """(generated files, entry articles), rendered on every core: the generated files hold the entry pages as
    Markdown, or with `entry_markdown=False` the entry pages are left out and their finished articles (entry
    URL -> HTML) are given apart, for the build to write into the theme, and fed to the plugins' `article_feeds`
    as they are rendered."""
    knowledge_base = context.knowledge_base
    others = (
        partial(index_pages, knowledge_base),
        partial(open_data_files, knowledge_base, context.address.url, context.today),
    )
    if entry_markdown:
        pages, files = pages_parallel(site_view(context), entry_page, others, workers)
        return {**{page_path(url): text for url, text in pages.items()}, **files}, {}
    feeds = [feed for start in context.hooks.article_feeds if (feed := start(context)) is not None]
    pages, files = pages_parallel(site_view(context), _feeding(entry_article, feeds, knowledge_base), others, workers)
    articles = [(entry.url, pages[entry.url]) for entry in knowledge_base.entries.values()]
    for feed in feeds:
        feed.added_all(articles)
    return files, pages


def _feeding(
    render: Callable[[Entry, SiteView], str], feeds: list[hooks.ArticleFeed], knowledge_base: KnowledgeBase
) -> Callable[[Entry, SiteView], str]:
    """`render`, which also hands each article to the feeds (in whichever process renders it)."""
    if not feeds:
        return render
    positions = {entry.url: position for position, entry in enumerate(knowledge_base.entries.values())}

    def render_and_feed(entry: Entry, view: SiteView) -> str:
        article = render(entry, view)
        for feed in feeds:
            feed.add(positions[entry.url], entry.url, article)
        return article

    return render_and_feed


def generate_docs(context: hooks.BuildContext, project_dir: Path, entry_markdown: bool = True) -> int:
    """A fresh docs folder: the hand-written docs/ plus the generated pages. Returns pages made. Entry pages
    are Markdown files there, or with `entry_markdown=False` their articles in `context.entry_articles`
    (for the build to write into the theme)."""
    docs_dir = context.docs_dir
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    source = project_dir / "docs"
    if source.is_dir():
        shutil.copytree(source, docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    files, context.entry_articles = rendered_site(context, entry_markdown=entry_markdown)
    write_files(docs_dir, files)
    return len(files) + len(context.entry_articles)


def write_files(docs_dir: Path, files: dict[str, str]) -> list[str]:
    """Write files whose text changed; return the paths written (for live reload, fewer is faster)."""
    changed = []
    for relative_path, text in files.items():
        path = docs_dir / relative_path
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(relative_path)
    return changed


PROGRESS_EVERY = 1000  # pages between progress lines while mkdocs writes


def mkdocs_extra(knowledge_base: KnowledgeBase, progress_every: int = 0) -> dict[str, object]:
    counts = {
        kind: len(knowledge_base.by_kind(kind))
        for kind in ("practice_example", "protocol", "case_review", "service", "resource", "topic")
    }
    return {
        "kb_counts": {**counts, "entries": len(knowledge_base.entries)},
        "kb_abbreviations": glossary_acronyms(knowledge_base),
        "kb_progress_every": progress_every,
    }


def mkdocs_config_file(context: hooks.BuildContext, project_dir: Path, config_path: Path, progress_every: int = 0) -> Path:
    # The theme shows a plugin's parts (the offline plugin's manifest and script) only in a build that has it.
    extra = {**mkdocs_extra(context.knowledge_base, progress_every), "kb_plugins": context.hooks.name.split("+")}
    config = final_config(project_dir, context.docs_dir, context.site_dir, context.address.url, extra)
    return write_config(config, config_path)


def run_mkdocs(context: hooks.BuildContext, project_dir: Path, config_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = mkdocs_config_file(context, project_dir, config_path, PROGRESS_EVERY)
    theme_pages.set_pages(entry_theme_pages(context))
    with _mkdocs_messages() as messages:
        try:
            config = load_config(config_file=str(config_file), strict=True)
            build(config)
        except (MkDocsException, SystemExit) as error:
            details = "\n".join(f"  {message}" for message in messages) or f"  {error}"
            raise BuildFailed(f"mkdocs refused the site:\n{details}") from None
        finally:
            theme_pages.clear()


def entry_theme_pages(context: hooks.BuildContext) -> list[theme_pages.ThemePage]:
    """The entry pages for mkdocs' theme, from the articles the build rendered."""
    entries = context.knowledge_base.entries.values()
    pages = []
    for entry in entries:
        if entry.url in context.entry_articles:
            meta = entry_meta(entry, context.address)
            pages.append(theme_pages.ThemePage(page_path(entry.url), meta["title"], meta, context.entry_articles[entry.url]))
    return pages


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """Collect mkdocs warnings and errors instead of letting them print in mkdocs' own format."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collector(logging.WARNING)
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def _check_links(links: LinkCheck) -> None:
    broken = links.finish()
    if broken:
        listing = "\n".join(f"  {item}" for item in broken)
        raise BuildFailed(f"the built site has links that lead nowhere:\n{listing}")
