"""Pagefind's service mode, fed each entry article as soon as it is rendered.

Pagefind's work is in two halves: reading each page (its "fossicking") and then building and writing the
index. Its service (`pagefind --service`) reads a page the moment it is sent, so the first half runs while
the build is still rendering pages, in whichever process renders them, and the second while mkdocs renders:
only what is left of it is waited for after mkdocs.

The service reads requests on its standard input and answers on its standard output, each message JSON in
base64 followed by a comma (the messages are those of `pagefind.service.types`). Pagefind's own Python client
awaits each answer before the next request, checking for answers every 0.1 s: 31 s for 300 pages. Here the
requests go out without waiting, and the answers are read once, at the end: Pagefind queues them meanwhile.

Pages are sent in the model's order whichever process rendered them, so Pagefind numbers them the same way at
every build: a process holds a page back until the pages before it have been sent.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..site.hooks import ArticleFeed

# The page around an article, as Pagefind would read it from the built site: only <html lang> and the article count.
PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{}</body></html>'
FIRST_PAGE_ID = 2  # message ids: 1 asks for the index, then one per page (FIRST_PAGE_ID + its position), then the writing
STOPPED = -1  # next_position once a write has failed: Pagefind has gone, and its error is reported at the end


class PagefindError(RuntimeError):
    pass


@dataclass
class PagefindFeed(ArticleFeed):
    """One Pagefind service building one index into `output` from pages added by any process of the build."""

    process: subprocess.Popen[bytes]
    output: Path
    messages: Path  # Pagefind's standard error
    index_id: int
    lock: Any  # a multiprocessing lock, shared with forked processes: one request written at a time
    next_position: Any  # a multiprocessing value under `lock`: the position of the next page to send
    pages: int = 0  # pages sent, once all are (`added_all`)
    held: dict[int, bytes] = field(default_factory=dict)  # this process's pages waiting for earlier ones
    unread: bytes = b""  # the start of an answer not yet read whole

    @classmethod
    def start(cls, output: Path, messages: Path, exclude_selectors: str) -> PagefindFeed:
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise PagefindError("Pagefind's program was not found: run `make install` again")
        with messages.open("wb") as errors:
            process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env={**os.environ, "RAYON_NUM_THREADS": "1"},  # one core: the build renders on the other
            )
        context = multiprocessing.get_context("fork")
        lock, position = context.Lock(), context.RawValue("q", 0)
        feed = cls(process, output, messages, index_id=0, lock=lock, next_position=position)
        feed._write(_request(1, {"type": "NewIndex", "config": {"exclude_selectors": [exclude_selectors]}}))
        answer = next(feed._answers(), None)
        if answer is None or answer["payload"].get("type") != "NewIndex":
            feed.abandon()
            raise PagefindError(f"Pagefind's service did not start: {answer or feed._said()}")
        feed.index_id = answer["payload"]["index_id"]
        return feed

    def add(self, position: int, url: str, article: str) -> None:
        self.held[position] = self._page_request(position, url, article)
        with self.lock:
            while self.next_position.value in self.held:
                self._send_page(self.held.pop(self.next_position.value))

    def added_all(self, articles: Sequence[tuple[str, str]]) -> None:
        """Send what no process has sent yet (pages held back by processes that have ended), then ask for the index."""
        self.held.clear()
        self.pages = len(articles)
        with self.lock:
            while self.next_position.value not in (STOPPED, len(articles)):
                self._send_page(self._page_request(self.next_position.value, *articles[self.next_position.value]))
            if self.next_position.value != STOPPED:
                write = {"type": "WriteFiles", "index_id": self.index_id, "output_path": str(self.output)}
                self._write_or_stop(_request(FIRST_PAGE_ID + len(articles), write))

    def finish(self) -> Path:
        """Wait for the index; its folder, or PagefindError with Pagefind's words."""
        indexed, errors, written = 0, [], False
        for answer in self._answers():
            kind = answer["payload"].get("type")
            indexed += kind == "IndexedFile"
            written = kind == "WriteFiles"
            if kind == "Error":
                errors.append(answer["payload"].get("message", "no message"))
            if written or len(errors) > 10:
                break
        self._stop()
        if not written or errors or indexed != self.pages:
            shutil.rmtree(self.output, ignore_errors=True)
            said = "; ".join(errors) or self._said() or f"{indexed} of {self.pages} pages read"
            raise PagefindError(f"pagefind failed: {said}")
        return self.output

    def abandon(self) -> None:
        self._stop()
        shutil.rmtree(self.output, ignore_errors=True)  # a failed build's index (none once moved into the site)

    def _page_request(self, position: int, url: str, article: str) -> bytes:
        # The URL as Pagefind's command gives a page it reads from the site: from the site's root.
        page = {"type": "AddFile", "index_id": self.index_id, "url": f"/{url}", "file_contents": PAGE.format(article)}
        return _request(FIRST_PAGE_ID + position, page)

    def _send_page(self, request: bytes) -> None:
        if self.next_position.value != STOPPED and self._write_or_stop(request):
            self.next_position.value += 1

    def _write_or_stop(self, request: bytes) -> bool:
        try:
            self._write(request)
        except OSError:  # Pagefind has ended: `finish` reports what it said
            self.next_position.value = STOPPED
            return False
        return True

    def _write(self, request: bytes) -> None:
        # Straight to the pipe, never through a buffer that a forked process could have inherited half full.
        assert self.process.stdin is not None
        view = memoryview(request)
        while view:
            view = view[os.write(self.process.stdin.fileno(), view) :]

    def _answers(self) -> Any:
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
        return self.messages.read_text(encoding="utf-8", errors="replace").strip() if self.messages.exists() else ""


def _request(message_id: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","
