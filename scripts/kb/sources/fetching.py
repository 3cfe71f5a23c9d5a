"""Bounded HTTP for the watcher: a timeout on every request, a few retries with backoff, `Retry-After` respected
up to a cap, a few requests at once, and every way a request can fail turned into one line of words.

requests with urllib3's `Retry` does the retrying (backoff, Retry-After, which statuses to retry) rather than a
loop of our own; a thread pool runs a few look-ups at once (the work waits on the network, not the CPU).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from .. import __version__

USER_AGENT = f"london-safeguarding-kb/{__version__} (kb sources check; a weekly check of the pages its guidance cites)"
RETRIED_STATUSES = (429, 500, 502, 503, 504)
MAX_BODY = 10_000_000  # bytes: a watched page is a web page; a larger answer is not read


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds to connect, and again to wait for each read
    retries: int = 2  # after the first try
    backoff: float = 1.0  # seconds; doubled before each further retry
    retry_after_max: int = 60  # the longest `Retry-After` obeyed, in seconds
    workers: int = 4  # requests at once


@dataclass(frozen=True)
class Answer:
    """What a server answered: its status, headers (looked up in any case) and body."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


class FetchFailed(Exception):
    """A request that could not be answered: the message is one line a maintainer reads."""


class Fetcher:
    """GET with the limits; redirects are not followed (a moved page is what the watcher looks for)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            retry = Retry(
                total=self.limits.retries,
                connect=self.limits.retries,
                read=self.limits.retries,
                status=self.limits.retries,
                redirect=False,
                status_forcelist=RETRIED_STATUSES,
                allowed_methods=frozenset({"GET"}),
                backoff_factor=self.limits.backoff,
                respect_retry_after_header=True,
                retry_after_max=self.limits.retry_after_max,
                raise_on_status=False,
                raise_on_redirect=False,
            )
            session = requests.Session()
            session.mount("http://", HTTPAdapter(max_retries=retry))
            session.mount("https://", HTTPAdapter(max_retries=retry))
            session.headers["User-Agent"] = USER_AGENT
            self._local.session = session
        return session

    def get(self, url: str, headers: dict[str, str] | None = None, body: bool = True) -> Answer:
        """The answer, its body read (up to MAX_BODY) inside the timeout; `body=False` reads only the status and headers."""
        options = {"headers": headers or {}, "timeout": self.limits.timeout, "allow_redirects": False, "stream": True}
        try:
            with self._session().get(url, **options) as response:
                return Answer(response.status_code, response.headers, self._read(response) if body else b"")
        except requests.RequestException as error:
            raise FetchFailed(self.why(error)) from error
        except ValueError as error:  # e.g. a Retry-After header that is not a number nor a date
            raise FetchFailed(f"the answer could not be read ({error})") from error

    @staticmethod
    def _read(response: requests.Response) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY:
                raise FetchFailed(f"the page is larger than {MAX_BODY // 1_000_000} MB; watch its HTML page instead")
            chunks.append(chunk)
        return b"".join(chunks)

    def why(self, error: BaseException) -> str:
        tries = f"{self.limits.retries + 1} tr{'y' if self.limits.retries == 0 else 'ies'}"
        reason = error.args[0].reason if error.args and isinstance(error.args[0], MaxRetryError) else error
        text = str(reason).lower()
        if isinstance(error, requests.Timeout) or "timed out" in text or "timeout" in text:
            return f"no answer within {self.limits.timeout:g} s ({tries})"
        if "name or service not known" in text or "nodename" in text or "resolve" in text:
            return "the site's name could not be found (DNS)"
        if "refused" in text:
            return f"the connection was refused ({tries})"
        if isinstance(error, requests.exceptions.SSLError) or "certificate" in text or "ssl" in text:
            return "the secure connection failed (TLS)"
        return f"the request failed ({type(reason).__name__}; {tries})"


Item = TypeVar("Item")
Result = TypeVar("Result")


def run_all(function: Callable[[Item], Result], items: Iterable[Item], workers: int) -> list[Result]:
    """`function` over `items`, a few at once, results in the order given."""
    items = list(items)
    if len(items) <= 1 or workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kb-sources") as pool:
        return list(pool.map(function, items))
