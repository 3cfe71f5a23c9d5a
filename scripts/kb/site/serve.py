"""`kb serve`: the site on loopback, rebuilt in this process when a source file is saved.

The design: mkdocs' own development server, `mkdocs.livereload.LiveReloadServer`, driven by our
builder. The server watches folders, calls one builder function, in one thread, whenever a file
under them changes, holds page requests while it runs, then tells open pages to reload. Our
builder (`Preview.build_round`) decides what is rebuilt: it compares the source files' times with
those it saw last (it reads no mkdocs log line), regenerates the Markdown the saved entries change,
then runs mkdocs' dirty build over it, in that order, in that one thread. Nothing else writes the
docs folder, so nothing has to wait for mkdocs or be waited for.

Why not the other design, an MkDocs plugin that owns page generation: mkdocs' plugin events do not
say which file was saved, so a plugin would regenerate every page on every save (7 s at 3,000
entries, over the 3 s a save may take) or keep its own record of file times anyway; and `kb build`
would then run a different pipeline from the preview's, where now both share `generate_docs`, the
plugins and their post-build steps.

A save is two rounds. The first regenerates the saved entries' pages only (checked on their own, see
`incremental`), so mkdocs' dirty build shows them within a second or two; the second, which the first
asks for by touching a file the server watches, refreshes the pages that list them (index pages,
hubs, open data, what the page generators write). After each build the plugins' post-build steps
(the Pagefind search index, the `/go/<id>/` short links) run again in a background thread, so search
and short links stay current without holding up the pages. Taxonomy and session-pack changes, new
and deleted files check and regenerate everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import logging
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..content_model import COLLECTIONS_FOLDER, KINDS, TAXONOMY_FOLDER
from ..loader import Problem
from ..model import Entry, KnowledgeBase
from . import hooks
from .address import SiteAddress
from .build import BuildFailed, BuildOptions, generate_docs, generated_files, mkdocs_config_file, write_files
from .incremental import current_view, entry_pages, gone_pages, listing_pages, reloaded, sort_saved
from .links import repo_url

WATCHED = [kind.folder for kind in KINDS] + [COLLECTIONS_FOLDER, TAXONOMY_FOLDER, "docs"]
POLL_SECONDS = 0.25  # how often the server looks for saved files
NOISE = ("The following pages exist in the docs directory", "[macros]", "A 'dirty' build")  # expected, by design


def serve(root: Path, address: str, plugins: Sequence[hooks.Plugin] = (), site: SiteAddress | None = None) -> int:
    """Serve on `address` (host:port); `site` is the address the site is published at, if known (QR codes, feeds)."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise BuildFailed(f"`{address}` is not host:port; write e.g. 127.0.0.1:8000")
    _check_free(host, int(port), address)
    options = BuildOptions(root=root, plugins=plugins, address=site or SiteAddress())
    print(f"kb serve: {options.address.announcement()}", flush=True)
    context = _context(options, options.scratch_dir.resolve())
    _show_mkdocs_warnings()
    preview = Preview(options, context)
    server = LiveReloadServer(
        builder=preview.build_round, host=host, port=int(port), root=str(context.site_dir), polling_interval=POLL_SECONDS
    )
    server.error_handler = preview.error_page
    preview.serve_url = server.url
    preview.first_build()
    for folder in [*preview.sources.folders, preview.owed_file.parent]:
        server.watch(str(folder))
    print(f"kb serve: serving on {server.url} (Ctrl+C stops)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def _check_free(host: str, port: int, address: str) -> None:
    """Say a taken port before the first build, not after it (the server binds it only when it starts serving)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise BuildFailed(f"{address} is already in use; choose another with --address 127.0.0.1:8001") from None
            raise


def _show_mkdocs_warnings() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("mkdocs: %(message)s"))
    handler.addFilter(lambda record: not record.getMessage().startswith(NOISE))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _context(options: BuildOptions, scratch: Path) -> hooks.BuildContext:
    return hooks.BuildContext(
        root=options.root.resolve(),
        knowledge_base=checked_model(options),
        docs_dir=scratch / "serve-docs",
        site_dir=scratch / "serve-site",
        today=options.today or dt.date.today(),
        address=options.address,
        repo_url=repo_url(options.root),
        hooks=options.hooks,
    )


def checked_model(options: BuildOptions) -> KnowledgeBase:
    """Every file checked as `kb validate` does, less the whole-model checks: they only warn, and take long."""
    from ..validation import KnowledgeBaseHasErrors, load

    try:
        return load(options.root, strict=True, today=options.today).knowledge_base
    except KnowledgeBaseHasErrors as failed:
        raise BuildFailed(
            f"{failed.result.errors} error(s) in the entries; fix them, then serve again", failed.result.problems
        ) from None


class SourceFiles:
    """The files a save can change, with the times and sizes seen last: what changed since is what was saved."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [folder for folder in folders if folder.is_dir()]
        self.seen = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for folder in self.folders:
            for path in folder.rglob("*"):
                try:
                    status = path.stat()
                except OSError:
                    continue  # gone between listing and looking
                if path.is_file():
                    found[path] = (status.st_mtime_ns, status.st_size)
        return found

    def changed(self) -> set[Path]:
        now = self._scan()
        changed = {path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)}
        self.seen = now
        return changed


class Preview:
    """The builder LiveReloadServer calls: one round per batch of saves, all in the server's build thread."""

    def __init__(self, options: BuildOptions, context: hooks.BuildContext) -> None:
        self.options = options
        self.context = context
        self.regenerator = Regenerator(options, context)
        self.sources = SourceFiles(
            (options.project if folder == "docs" else options.root).resolve() / folder for folder in WATCHED
        )
        self.owed_file = options.scratch_dir.resolve() / "serve-owed" / "listings"  # touched to ask for a second round
        self.owed_file.parent.mkdir(parents=True, exist_ok=True)
        self.post_build = PostBuild(lambda: dataclasses.replace(self.regenerator.context))
        self.serve_url = "/"

    def first_build(self) -> None:
        started = time.perf_counter()
        generate_docs(self.context, self.options.project)
        for generator in self.context.hooks.page_generators:
            generator(self.context)
        self._mkdocs(dirty=False)
        print(
            f"kb serve: built {len(self.context.knowledge_base.entries)} entries in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        self.post_build.request()

    def build_round(self) -> None:
        """Regenerate what the saves since the last round change, and rebuild it; a failure is said, and serving goes on."""
        started = time.perf_counter()
        try:
            changed = self.sources.changed()
            listings = not changed and bool(self.regenerator.owed)
            if changed:
                what, written = "regenerated {} page(s)", self.regenerator.saved(changed)
            elif listings:
                print("kb serve: refreshing the pages that list the saved entries…", flush=True)
                what, written = "refreshed {} page(s) that list the saved entries", self.regenerator.refresh_listings()
            else:
                return
            regenerated = time.perf_counter() - started
            built = self._mkdocs(dirty=True) if written or listings else 0.0  # listings: the page generators wrote too
        except Exception as error:  # the server must outlive one bad round
            print(f"kb serve: could not regenerate the pages: {type(error).__name__}: {error}", flush=True)
            return
        print(f"kb serve: {what.format(len(written))} in {regenerated:.2f} s; mkdocs rebuilt them in {built:.2f} s", flush=True)
        if built:
            self.post_build.request()
        if self.regenerator.owed:
            self.owed_file.write_text(str(time.time_ns()), encoding="utf-8")

    def _mkdocs(self, dirty: bool) -> float:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        started = time.perf_counter()
        config_file = mkdocs_config_file(self.context, self.options.project, self.options.scratch_dir.resolve() / "serve.yml")
        config = load_config(config_file=str(config_file), strict=False)
        config.site_url = self.serve_url
        build(config, serve_url=self.serve_url, dirty=dirty)
        return time.perf_counter() - started

    def error_page(self, code: int) -> bytes | None:
        page = self.context.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


class PostBuild:
    """The plugins' post-build steps (search index, short links), run in a background thread after a build.

    A request while they run makes them run once more when they finish, over the model as it is then."""

    def __init__(self, current_context: Callable[[], hooks.BuildContext]) -> None:
        self.current_context = current_context
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        threading.Thread(target=self._run_forever, daemon=True).start()

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def _run_forever(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            context = self.current_context()
            started = time.perf_counter()
            try:
                for step in context.hooks.post_build:
                    step(context)
            except Exception as error:  # the server must outlive one failed re-index
                print(f"kb serve: the post-build steps failed: {type(error).__name__}: {error}", flush=True)
            else:
                if context.hooks.post_build:
                    print(
                        f"kb serve: search index and short links up to date in {time.perf_counter() - started:.2f} s", flush=True
                    )
            if not self.wanted.is_set():
                self.idle.set()


class Regenerator:
    """What saves change in the served docs folder: the saved entries' pages first, the pages listing them next."""

    def __init__(self, options: BuildOptions, context: hooks.BuildContext) -> None:
        self.options = options
        self.context = context
        self.hand_written = (options.project / "docs").resolve()
        self.owed: list[Entry] = []  # saved entries (before and after) whose listing pages are still to refresh

    def saved(self, paths: Iterable[Path]) -> list[str]:
        """Regenerate for saved files (absolute paths); return the docs files written."""
        saved = sort_saved(paths, self.context.root, self.hand_written, self.context.knowledge_base)
        written = self._copy_hand_written(saved.hand_written)
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
        return write_files(self.context.docs_dir, entry_pages(fresh, current_view(self.context)))

    def refresh_listings(self) -> list[str]:
        """The pages that list or name the entries saved since the last refresh, and what the page generators write."""
        if not self.owed:
            return []
        owed, self.owed = self.owed, []
        written = write_files(self.context.docs_dir, listing_pages(owed, self.context))
        self._run_page_generators()
        return written

    def regenerate_all(self) -> list[str]:
        """Check every file again and regenerate every page; on errors print them and keep the pages."""
        try:
            knowledge_base = checked_model(self.options)
        except BuildFailed as failure:
            _print_problems(failure.problems, kept=True)
            return []
        before, self.context.knowledge_base, self.owed = self.context.knowledge_base, knowledge_base, []
        for gone in gone_pages(before, knowledge_base):
            (self.context.docs_dir / gone).unlink(missing_ok=True)
        files = generated_files(self.context, workers=1)  # no fork beside the server's threads
        written = write_files(self.context.docs_dir, files)
        self._run_page_generators()
        return written

    def _run_page_generators(self) -> None:
        """They write straight into the docs folder: a few pages, which mkdocs then rebuilds whether changed or not."""
        for generator in self.context.hooks.page_generators:
            generator(self.context)

    def _copy_hand_written(self, paths: list[Path]) -> list[str]:
        written = []
        for path in paths:
            relative = path.relative_to(self.hand_written).as_posix()
            target = self.context.docs_dir / relative
            if path.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)  # a new time: an older one could be older than the built page
            else:
                target.unlink(missing_ok=True)
            written.append(relative)
        return written


def _print_problems(problems: list[Problem], kept: bool) -> None:
    for problem in problems:
        print(problem.format(), flush=True)
    if kept:
        print("kb serve: fix the problems above; the pages stay as they were until then", flush=True)
