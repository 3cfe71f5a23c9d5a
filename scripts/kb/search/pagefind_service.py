"""Pagefind's service mode, fed the entry articles in batches as soon as they are rendered.

Pagefind's work is in two halves: reading each page (its "fossicking") and then building and writing the
index. Its service (`pagefind --service`) reads pages the moment it is told of them, so the first half runs
while the build is still rendering pages, and the second while mkdocs renders: only what is left of it is
waited for after mkdocs.

Each article is written as a page into a scratch folder, one folder a batch of pages, by whichever process
rendered it; once a batch is whole, Pagefind is asked to read its folder (`AddDir`). Batches, not pages:
Pagefind's one-page request (`AddFile`) looks through every page it already holds for the same address,
which at 10,000 pages cost 8 s more than its command took over the same pages (30.6 s against 22.9 s).
Pages are written in the model's order whatever process rendered them (a process holds a page back until
the pages before it are written), so the batches, and the pages in each, are read in the same order at
every build, and Pagefind numbers them alike.

The service reads requests on its standard input and answers on its standard output, each message JSON in
base64 followed by a comma (the messages are those of `pagefind.service.types`). Pagefind's own Python client
awaits each answer before the next request, checking for answers every 0.1 s. Here the requests go out
without waiting, and the answers are read once, at the end: Pagefind queues them meanwhile.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..site.hooks import ArticleFeed

# The page around an article, as Pagefind would read it from the built site: only <html lang> and the article count.
PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{}</body></html>'
MESSAGES = "messages.txt"  # Pagefind's standard error, beside the batches
BATCH = 200  # pages a folder: Pagefind reads a batch in about 0.2 s, so the last one leaves it little to catch up
STOPPED = -1  # next_position once a request could not be written: Pagefind has gone, and its error is reported at the end


class PagefindError(RuntimeError):
    pass


@dataclass
class PagefindFeed(ArticleFeed):
    """One Pagefind service building one index into `output` from pages added by any process of the build."""

    process: subprocess.Popen[bytes]
    output: Path
    pages_folder: Path  # scratch: a folder a batch, each page at its site path, and Pagefind's standard error
    index_id: int
    lock: Any  # a multiprocessing lock, shared with forked processes: pages are written in turn
    next_position: Any  # a multiprocessing value under `lock`: the position of the next page to write
    batch: int = BATCH
    pages: int = 0  # pages added, once all are (`added_all`)
    held: dict[int, tuple[str, str]] = field(default_factory=dict)  # this process's pages waiting for earlier ones
    unread: bytes = b""  # the start of an answer not yet read whole

    @classmethod
    def start(cls, output: Path, pages_folder: Path, exclude_selectors: str, batch: int = BATCH) -> PagefindFeed:
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise PagefindError("Pagefind's program was not found: run `make install` again")
        shutil.rmtree(pages_folder, ignore_errors=True)
        pages_folder.mkdir(parents=True)
        with (pages_folder / MESSAGES).open("wb") as errors:
            process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env={**os.environ, "RAYON_NUM_THREADS": "1"},  # one core: the build renders on the other
            )
        context = multiprocessing.get_context("fork")
        lock, position = context.Lock(), context.RawValue("q", 0)
        feed = cls(process, output, pages_folder, 0, lock, position, batch)
        feed._write_or_stop({"type": "NewIndex", "config": {"exclude_selectors": [exclude_selectors]}})
        answer = next(feed._answers(), None)
        if answer is None or answer["payload"].get("type") != "NewIndex":
            feed.abandon()
            raise PagefindError(f"Pagefind's service did not start: {answer or feed._said()}")
        feed.index_id = answer["payload"]["index_id"]
        return feed

    def add(self, position: int, url: str, article: str) -> None:
        self.held[position] = (url, article)
        with self.lock:
            while self.next_position.value in self.held:
                self._write_page(self.next_position.value, *self.held.pop(self.next_position.value))

    def added_all(self, articles: Sequence[tuple[str, str]]) -> None:
        """Write what no process has written (pages held back by processes that have ended), ask Pagefind to
        read the last batch, then to write the index."""
        self.held.clear()
        self.pages = len(articles)
        with self.lock:
            while self.next_position.value not in (STOPPED, len(articles)):
                self._write_page(self.next_position.value, *articles[self.next_position.value])
            if len(articles) % self.batch:
                self._read_batch(len(articles) // self.batch)
            self._write_or_stop({"type": "WriteFiles", "index_id": self.index_id, "output_path": str(self.output)})

    def finish(self) -> Path:
        """Wait for the index; its folder, or PagefindError with Pagefind's words."""
        read, errors, written = 0, [], False
        for answer in self._answers():
            payload = answer["payload"]
            read += payload.get("page_count", 0) if payload.get("type") == "IndexedDir" else 0
            written = payload.get("type") == "WriteFiles"
            if payload.get("type") == "Error":
                errors.append(payload.get("message", "no message"))
            if written or len(errors) > 10:
                break
        self._stop()
        if not written or errors or read != self.pages:
            shutil.rmtree(self.output, ignore_errors=True)
            said = "; ".join(errors) or self._said() or f"{read} of {self.pages} pages read"
            raise PagefindError(f"pagefind failed: {said}")
        return self.output

    def abandon(self) -> None:
        self._stop()
        shutil.rmtree(self.output, ignore_errors=True)  # a failed build's index (none once moved into the site)

    def _write_page(self, position: int, url: str, article: str) -> None:
        if self.next_position.value == STOPPED:
            return
        page = self.pages_folder / str(position // self.batch) / url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(article), encoding="utf-8")
        self.next_position.value += 1
        if self.next_position.value % self.batch == 0:
            self._read_batch(position // self.batch)

    def _read_batch(self, number: int) -> None:
        # Pagefind takes each page's address from its path in the folder, as its command does from the site's.
        self._write_or_stop({"type": "AddDir", "index_id": self.index_id, "path": str(self.pages_folder / str(number))})

    def _write_or_stop(self, payload: dict[str, Any]) -> None:
        if self.next_position.value == STOPPED:
            return
        # Straight to the pipe, never through a buffer that a forked process could have inherited half full.
        assert self.process.stdin is not None
        message = base64.b64encode(json.dumps({"message_id": 0, "payload": payload}).encode("utf-8")) + b","
        try:
            os.write(self.process.stdin.fileno(), message)  # small enough (PIPE_BUF) to be written whole
        except OSError:  # Pagefind has ended: `finish` reports what it said
            self.next_position.value = STOPPED

    def _answers(self) -> Iterator[dict[str, Any]]:
        """Pagefind's answers, decoded, as they come."""
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 1 << 16):
            *complete, self.unread = (self.unread + chunk).split(b",")
            for message in complete:
                yield json.loads(base64.b64decode(message))

    def _stop(self) -> None:
        # Pagefind's service ends when its input closes, but forked processes of the build hold that pipe too:
        # once its last answer is read (or the build gives up), it is stopped instead.
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def _said(self) -> str:
        messages = self.pages_folder / MESSAGES
        return messages.read_text(encoding="utf-8", errors="replace").strip() if messages.exists() else ""
