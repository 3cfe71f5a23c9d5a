"""`kb serve`: the site on loopback with live reload.

The Markdown is generated once into the scratch folder, then mkdocs serves it. A watcher
on the entries, the taxonomy and docs/ regenerates on save, writing only the files whose
text changed, so mkdocs' dirty rebuild redraws only those pages. Post-build hooks (the
search index) are not run while serving; `kb build` runs them.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import shutil
import sys
import threading
import time
from pathlib import Path

from ..content_model import KINDS
from ..loader import Problem
from . import hooks
from .build import BuildFailed, BuildOptions, generate_docs, generated_files, mkdocs_config_file, validated, write_files
from .links import repo_url

WATCHED = [kind.folder for kind in KINDS] + ["collections", "taxonomy", "docs"]
NOISE = ("The following pages exist in the docs directory", "[macros]", "A 'dirty' build")  # expected, by design
QUIET_SECONDS = 0.3  # wait for an editor to finish writing before regenerating


def serve(root: Path, address: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    options = BuildOptions(root=root)
    scratch = options.scratch_dir.resolve()
    context = _context(options, scratch)
    generate_docs(context, options.project)
    for generator in hooks.PAGE_GENERATORS:
        generator(context)
    config_file = mkdocs_config_file(context, options.project, scratch / "serve.yml")
    _show_mkdocs_messages()
    watcher = _start_watcher(options, context)
    try:
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=address, strict=False)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BuildFailed(f"{address} is already in use; choose another with --address 127.0.0.1:8001") from None
        raise
    finally:
        if watcher is not None:
            watcher.stop()
    return 0


def _show_mkdocs_messages() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("mkdocs: %(message)s"))
    handler.addFilter(lambda record: not record.getMessage().startswith(NOISE))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _context(options: BuildOptions, scratch: Path) -> hooks.BuildContext:
    knowledge_base, _ = validated(options)
    return hooks.BuildContext(
        root=options.root.resolve(),
        knowledge_base=knowledge_base,
        docs_dir=scratch / "serve-docs",
        site_dir=scratch / "serve-site",
        today=dt.date.today(),
        site_url="",
        repo_url=repo_url(options.root),
    )


def regenerate(options: BuildOptions, context: hooks.BuildContext) -> list[str]:
    """Validate again and rewrite changed pages; on errors print them and keep the pages as they were."""
    try:
        knowledge_base, _ = validated(options)
    except BuildFailed as failure:
        _print_problems(failure.problems)
        return []
    context.knowledge_base = knowledge_base
    _sync_hand_written(options.project / "docs", context.docs_dir)
    changed = write_files(context.docs_dir, generated_files(context, workers=1))  # no fork beside server threads
    for generator in hooks.PAGE_GENERATORS:
        generator(context)
    return changed


def _sync_hand_written(source: Path, docs_dir: Path) -> None:
    """Copy only the hand-written files that changed: touching the rest would make mkdocs rebuild them."""
    for path in source.rglob("*"):
        target = docs_dir / path.relative_to(source)
        if path.is_file() and (not target.is_file() or target.read_bytes() != path.read_bytes()):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), flush=True)
    print("kb serve: fix the problems above; the pages stay as they were until then", flush=True)


def _start_watcher(options: BuildOptions, context: hooks.BuildContext):  # type: ignore[no-untyped-def]
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    pending = threading.Event()

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # type: ignore[no-untyped-def]
            if not event.is_directory and str(event.src_path).endswith((".yaml", ".md", ".css", ".js", ".png", ".svg")):
                pending.set()

    def worker() -> None:
        while True:
            pending.wait()
            time.sleep(QUIET_SECONDS)
            pending.clear()
            started = time.perf_counter()
            changed = regenerate(options, context)
            print(f"kb serve: regenerated {len(changed)} page(s) in {time.perf_counter() - started:.2f} s", flush=True)

    observer = Observer()
    for folder in WATCHED:
        path = options.project / folder if folder == "docs" else options.root / folder
        if path.is_dir():
            observer.schedule(Changed(), str(path), recursive=True)
    observer.start()
    threading.Thread(target=worker, daemon=True).start()
    return observer
