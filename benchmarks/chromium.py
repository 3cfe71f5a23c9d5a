"""Debian's Chromium, as every browser step here launches it (tests, search measurements, the benchmark),
and the loopback server that shows it a built site.

Never a browser download: the project installs Debian's `chromium` package. The flags keep a
headless Chromium from reaching out to the network, which this machine's sandbox refuses.
"""

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# The browser tests' Chromium: Debian's build of the old headless shell (package chromium-headless-shell), the same
# version of Blink and V8 as CHROMIUM without the browser's window, tabs and address bar behind each page, as
# Playwright's own headless mode runs it. A new profile and its first pages cost about half the CPU; over the whole
# test suite, Chromium's processes took about a fifth less (128 s to 99 s of CPU), nearly all in the browser process.
# The benchmark and the phone measurements keep CHROMIUM, the browser people use.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Network:
    """The link between the browser and `serve_folder`: cut, the server answers nothing; `crossed` lists
    (time.time(), path with query) of every request it received, the service worker's included.

    Playwright's offline mode (`context.set_offline(True)`) does not reach a service worker's own requests in
    Chromium (microsoft/playwright#2311), so a test of offline reading cuts this too: the worker's requests then
    fail as they would with no signal."""

    cut: bool = False
    crossed: list[tuple[float, str]] = field(default_factory=list)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    network = Network()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.network.crossed.append((time.time(), self.path))
        if self.network.cut:
            self.close_connection = True  # no answer at all: the browser sees a failed request
            return
        super().do_GET()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser closing a connection early is not an error of the site


@contextmanager
def serve_folder(folder: Path, network: Network | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port for as long as the block runs; yields the base URL (ending in /).
    With `network`, setting `network.cut` makes the server answer nothing until it is set back."""
    handler = functools.partial(type("_Handler", (_QuietHandler,), {"network": network or Network()}), directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
