"""`kb serve`: the site on loopback with live reload.

The Markdown is generated once into the scratch folder, then mkdocs serves it. A watcher on the
entries, the taxonomy and docs/ regenerates on save, in two steps: first the saved entries' pages
(checked and reloaded on their own, see `incremental`), so mkdocs' dirty rebuild shows them soon;
then, once mkdocs has rebuilt, the pages that list them (index pages, hubs, open data, what the page
generators write). Only files whose text changed are written, so mkdocs redraws only those pages.
Taxonomy and session-pack changes, new and deleted files check and regenerate everything.
Post-build hooks (the search index, short links) are not run while serving: they need `kb build`.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from ..content_model import KINDS
from ..loader import Problem
from ..model import Entry, KnowledgeBase
from . import hooks
from .build import BuildFailed, BuildOptions, generate_docs, generated_files, mkdocs_config_file, write_files
from .incremental import (
    changed_files,
    copy_files,
    current_view,
    entry_pages,
    generated_by_hooks,
    gone_pages,
    listing_pages,
    reloaded,
    sort_saved,
)
from .links import repo_url

WATCHED = [kind.folder for kind in KINDS] + ["collections", "taxonomy", "docs"]
WRITES = {"created", "modified", "moved", "deleted", "closed"}  # not "opened": reading an entry is no save
NOISE = ("The following pages exist in the docs directory", "[macros]", "A 'dirty' build")  # expected, by design
QUIET_SECONDS = 0.3  # wait for an editor to finish writing before regenerating
BUILD_STARTS = "Building documentation"
BUILD_ENDS = ("Documentation built in", "An error happened during the rebuild")
LONGEST_WAIT = 900.0  # seconds: however mkdocs' log reads, neither side waits for the other longer than this


def serve(root: Path, address: str, plugins: Sequence[hooks.Plugin] = ()) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    options = BuildOptions(root=root, plugins=plugins)
    scratch = options.scratch_dir.resolve()
    context = _context(options, scratch)
    generate_docs(context, options.project)
    for generator in context.hooks.page_generators:
        generator(context)
    config_file = mkdocs_config_file(context, options.project, scratch / "serve.yml")
    builds = MkdocsBuilds()
    _show_mkdocs_messages(builds)
    saves = SavedPaths()
    watcher = _start_watcher(options, saves)
    _start_worker(Regenerator(options, context, builds), saves)
    if context.hooks.post_build:
        print("kb serve: the search index and short links are made by `kb build`; here search finds nothing", flush=True)
    try:
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=address, strict=False)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BuildFailed(f"{address} is already in use; choose another with --address 127.0.0.1:8001") from None
        raise
    finally:
        watcher.stop()
    return 0


def _show_mkdocs_messages(builds: logging.Filter) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("mkdocs: %(message)s"))
    handler.addFilter(builds)  # first: it must see every message, noise included
    handler.addFilter(lambda record: not record.getMessage().startswith(NOISE))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _context(options: BuildOptions, scratch: Path) -> hooks.BuildContext:
    return hooks.BuildContext(
        root=options.root.resolve(),
        knowledge_base=checked_model(options),
        docs_dir=scratch / "serve-docs",
        site_dir=scratch / "serve-site",
        today=options.today or dt.date.today(),
        site_url="",
        repo_url=repo_url(options.root),
        hooks=hooks.combine(list(options.plugins)),
    )


def checked_model(options: BuildOptions) -> KnowledgeBase:
    """Every file checked as `kb validate` does, less the whole-model checks: they only warn, and take long."""
    from ..validation import validate

    result = validate(options.root, today=options.today)
    if result.errors:
        raise BuildFailed(f"{result.errors} error(s) in the entries; fix them, then serve again", result.problems)
    return result.knowledge_base


class MkdocsBuilds(logging.Filter):
    """Keeps our writes out of mkdocs' builds, following mkdocs' own log lines.

    A dirty build looks at each page's time twice, when it reads the pages and when it writes them; a
    page written in between is written unread, and the build fails ("argument of type 'NoneType' is not
    iterable" in the theme's template). So a build waits for our writes, and our writes for a build.
    """

    def __init__(self) -> None:
        super().__init__()
        self._state = threading.Condition()
        self._building = False
        self._writing = False
        self._finished = 0  # builds ended so far
        self._finished_at_write = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(BUILD_STARTS):
            with self._state:
                self._state.wait_for(lambda: not self._writing, LONGEST_WAIT)
                self._building = True
        elif message.startswith(BUILD_ENDS):
            with self._state:
                self._building = False
                self._finished += 1
                self._state.notify_all()
        return True

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._state:
            self._state.wait_for(lambda: not self._building, LONGEST_WAIT)
            self._writing = True
            self._finished_at_write = self._finished
        try:
            yield
        finally:
            with self._state:
                self._writing = False
                self._state.notify_all()

    def wait_for_build(self) -> None:
        """Until a build that started after our last write has ended, so the pages written are served."""
        with self._state:
            self._state.wait_for(lambda: self._finished > self._finished_at_write and not self._building, LONGEST_WAIT)


class Regenerator:
    """What saves change in the served docs folder: the saved entries' pages first, the pages listing them next."""

    def __init__(self, options: BuildOptions, context: hooks.BuildContext, builds: MkdocsBuilds | None = None) -> None:
        self.options = options
        self.context = context
        self.builds = builds or MkdocsBuilds()
        self.hand_written = (options.project / "docs").resolve()
        self.shadow = context.docs_dir.parent / "serve-generated"  # where the page generators write
        self.owed: list[Entry] = []  # saved entries (before and after) whose listing pages are still to refresh

    def saved(self, paths: Iterable[Path]) -> list[str]:
        """Regenerate for saved files (absolute paths); return the docs files written."""
        saved = sort_saved(paths, self.context.root, self.hand_written, self.context.knowledge_base)
        written = self._copy(changed_files(self.hand_written, self.context.docs_dir)) if saved.hand_written else []
        if saved.everything:
            return written + self.regenerate_all()
        if saved.entries:
            written += self._saved_entries(saved.entries)
        return written

    def _saved_entries(self, entries: list[Entry]) -> list[str]:
        knowledge_base, problems = reloaded(entries, self.context)
        _print_problems(problems, kept=knowledge_base is None)
        if knowledge_base is None:
            return []
        self.context.knowledge_base = knowledge_base
        fresh = [knowledge_base.entries[entry.id] for entry in entries]
        self.owed += [*entries, *fresh]  # both: a hub listed it under its old themes
        return self._write(entry_pages(fresh, current_view(self.context)))

    def refresh_listings(self) -> list[str]:
        """The pages that list or name the entries saved since the last refresh."""
        owed, self.owed = self.owed, []
        files = listing_pages(owed, self.context)
        generated = changed_files(generated_by_hooks(self.context, self.shadow), self.context.docs_dir)
        with self.builds.writing():  # all at once: one rebuild by mkdocs, not one per batch
            return write_files(self.context.docs_dir, files) + copy_files(generated, self.context.docs_dir)

    def regenerate_all(self) -> list[str]:
        """Check every file again and regenerate every page; on errors print them and keep the pages."""
        try:
            knowledge_base = checked_model(self.options)
        except BuildFailed as failure:
            _print_problems(failure.problems, kept=True)
            return []
        before, self.context.knowledge_base, self.owed = self.context.knowledge_base, knowledge_base, []
        files = generated_files(self.context, workers=1)  # no fork beside the server's threads
        generated = changed_files(generated_by_hooks(self.context, self.shadow), self.context.docs_dir)
        with self.builds.writing():
            for gone in gone_pages(before, knowledge_base):
                (self.context.docs_dir / gone).unlink(missing_ok=True)
            return write_files(self.context.docs_dir, files) + copy_files(generated, self.context.docs_dir)

    def _write(self, files: dict[str, str]) -> list[str]:
        with self.builds.writing():
            return write_files(self.context.docs_dir, files)

    def _copy(self, files: dict[Path, str]) -> list[str]:
        with self.builds.writing():
            return copy_files(files, self.context.docs_dir)


def _print_problems(problems: list[Problem], kept: bool) -> None:
    for problem in problems:
        print(problem.format(), flush=True)
    if kept:
        print("kb serve: fix the problems above; the pages stay as they were until then", flush=True)


class SavedPaths:
    """Paths the watcher saw written, gathered until the editor has finished writing."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._added = threading.Condition()

    def add(self, paths: Iterable[Path]) -> None:
        with self._added:
            self._paths.update(paths)
            self._added.notify_all()

    def take(self, wait: bool) -> set[Path]:
        """The paths saved since the last take, once QUIET_SECONDS pass without another; waits for one if told to."""
        with self._added:
            if wait:
                self._added.wait_for(lambda: self._paths)
            while self._paths and self._added.wait(QUIET_SECONDS):
                pass
            paths, self._paths = self._paths, set()
            return paths


def _start_watcher(options: BuildOptions, saves: SavedPaths):  # type: ignore[no-untyped-def]
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Written(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # type: ignore[no-untyped-def]
            if not event.is_directory and event.event_type in WRITES:
                saves.add(Path(str(path)) for path in (event.src_path, getattr(event, "dest_path", "")) if path)

    observer = Observer()
    for folder in WATCHED:
        path = options.project / folder if folder == "docs" else options.root / folder
        if path.is_dir():
            observer.schedule(Written(), str(path.resolve()), recursive=True)
    observer.start()
    return observer


def _start_worker(regenerator: Regenerator, saves: SavedPaths) -> None:
    def regenerate_forever() -> None:
        while True:
            paths = saves.take(wait=not regenerator.owed)
            if paths:
                if _timed("regenerated {} page(s)", partial(regenerator.saved, paths)):
                    regenerator.builds.wait_for_build()  # the saved page is served before the listings are worked out
            else:
                _timed("refreshed {} page(s) that list the saved entries", regenerator.refresh_listings)

    threading.Thread(target=regenerate_forever, daemon=True).start()


def _timed(what: str, work: Callable[[], list[str]]) -> list[str]:
    """Run one regeneration and say what it wrote and how long it took; a failure is said, and serving goes on."""
    started = time.perf_counter()
    try:
        written = work()
    except Exception as error:  # the server must outlive one bad regeneration
        print(f"kb serve: could not regenerate the pages: {type(error).__name__}: {error}", flush=True)
        return []
    print(f"kb serve: {what.format(len(written))} in {time.perf_counter() - started:.2f} s", flush=True)
    return written
