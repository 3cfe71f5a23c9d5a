"""A watched page on any other site (a conditional GET and its main text's digest), and a cited address (still there?).

A redirect counts as a move only when it is permanent (301, 308) and leads to another page: a temporary
redirect (302, 303, 307) is how many sites serve a page (legislation.gov.uk's /id/ addresses, say) and is
followed, and so is a move that only adds https, `www.` or a trailing slash.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from urllib.parse import urljoin, urlsplit

from .fetching import Answer, Fetcher, FetchFailed
from .states import CHANGED, FAILED, GONE, MOVED, UNCHANGED, Finding, one_line
from .text_digest import digest_of_page

MAX_HOPS = 5
PERMANENT = (301, 308)


class Moved(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def follow(fetcher: Fetcher, url: str, headers: dict[str, str] | None = None, body: bool = True) -> Answer:
    """GET, following temporary redirects and trivial permanent ones; `Moved` for a permanent move elsewhere."""
    address = url
    for _ in range(MAX_HOPS):
        response = fetcher.get(address, headers, body)
        location = response.headers.get("Location")
        if response.status_code not in (301, 302, 303, 307, 308) or not location:
            return response
        target = urljoin(address, location)
        if response.status_code in PERMANENT and not same_page(address, target):
            raise Moved(target)
        address = target
    raise FetchFailed(f"more than {MAX_HOPS} redirects")


def same_page(first: str, second: str) -> bool:
    """Scheme, `www.` and a trailing slash aside."""
    one, other = urlsplit(first), urlsplit(second)
    host = (one.hostname or "").removeprefix("www."), (other.hostname or "").removeprefix("www.")
    return host[0] == host[1] and one.path.rstrip("/") == other.path.rstrip("/") and one.query == other.query


def check_page(fetcher: Fetcher, entry_id: str, url: str, digest: str | None, confirmed: dt.date | None) -> Finding:
    headers = {"If-Modified-Since": email.utils.format_datetime(_midnight(confirmed), usegmt=True)} if confirmed else {}
    try:
        response = follow(fetcher, url, headers)
    except Moved as moved:
        return Finding(entry_id, url, MOVED, note=one_line(f"now at {moved.location}"))
    except FetchFailed as error:
        return Finding(entry_id, url, FAILED, note=one_line(str(error)))
    updated = _last_modified(response)
    if response.status_code == 304:
        return Finding(entry_id, url, UNCHANGED, updated, f"not modified since {confirmed.isoformat() if confirmed else ''}")
    if response.status_code in (404, 410):
        return Finding(entry_id, url, GONE, note=f"the site answered HTTP {response.status_code}")
    if response.status_code != 200:
        return Finding(entry_id, url, FAILED, note=f"the site answered HTTP {response.status_code}")
    found = digest_of_page(response.content, response.headers.get("Content-Type", ""))
    if not digest:
        note = f"no text_digest recorded to compare with: confirm the status against this page and record {found}"
        return Finding(entry_id, url, CHANGED, updated, one_line(note))
    if found != digest:
        return Finding(entry_id, url, CHANGED, updated, one_line(f"its main text differs from the digest recorded; now {found}"))
    return Finding(entry_id, url, UNCHANGED, updated)


def check_link(fetcher: Fetcher, url: str, cited_by: tuple[str, ...]) -> Finding:
    """Is a cited address still there? Only gone and moved matter here; its text is not compared."""

    def found(state: str, note: str = "") -> Finding:
        return Finding(cited_by[0], url, state, note=one_line(note), check="link", cited_by=cited_by)

    try:
        response = follow(fetcher, url, body=False)  # only whether it is there: a cited PDF is not downloaded
    except Moved as moved:
        return found(MOVED, f"now at {moved.location}")
    except FetchFailed as error:
        return found(FAILED, str(error))
    if response.status_code in (404, 410):
        return found(GONE, f"the site answered HTTP {response.status_code}")
    if response.status_code >= 400:
        return found(FAILED, f"the site answered HTTP {response.status_code}")
    return found(UNCHANGED)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _last_modified(response: Answer) -> dt.date | None:
    value = response.headers.get("Last-Modified")
    try:
        return email.utils.parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError):
        return None
