"""Local stand-ins for the servers the watcher talks to: GOV.UK's Content API and issuers' sites, and GitHub's
REST API. Each is a small http.server on 127.0.0.1 that replays answers set per path; nothing leaves the machine."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: a slow server


Route = Answer | list[Answer] | Callable[["Request"], Answer]  # one answer, answers in turn (the last repeats), or a function


@dataclass
class Request:
    method: str
    path: str  # with its query
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)


class FakeServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.base = ""

    def answer(self, request: Request) -> Answer:
        self.requests.append(request)
        route = self.routes.get(f"{request.method} {request.path}") or self.routes.get(
            f"{request.method} {urlsplit(request.path).path}"
        )
        if route is None:
            return Answer(404, {"message": "Not Found"})
        if callable(route):
            return route(request)
        if isinstance(route, list):
            served = sum(1 for seen in self.requests if seen.path == request.path and seen.method == request.method)
            return route[min(served, len(route)) - 1]
        return route

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if urlsplit(request.path).path == path)


@contextmanager
def serving() -> Iterator[FakeServer]:
    fake = FakeServer()

    class Handler(BaseHTTPRequestHandler):
        def _respond(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, self.path, dict(self.headers.items()), self.rfile.read(length) if length else b"")
            answer = fake.answer(request)
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.body
            if isinstance(body, dict | list):
                body, content_type = json.dumps(body).encode(), "application/json"
            else:
                body, content_type = (body.encode() if isinstance(body, str) else body), "text/html; charset=utf-8"
            try:
                self.send_response(answer.status)
                headers = {"Content-Type": content_type, **answer.headers, "Content-Length": str(len(body))}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout under test)

        do_GET = do_POST = do_PATCH = _respond

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
