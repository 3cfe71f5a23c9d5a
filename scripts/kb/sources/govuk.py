"""A watched page on GOV.UK, read through GOV.UK's Content API (`{api-base}/api/content/<path>`).

What the API answers, as alphagov/content-store's openapi.yaml and publishing-api's content schemas
describe it: 200 with a content item (`public_updated_at`, `details.change_history` as notes with their
`public_timestamp`, and `withdrawn_notice` with `explanation` and `withdrawn_at` once withdrawn, `{}` or
absent before); 200 with `schema_name: redirect` and `redirects[].destination` for a page moved elsewhere;
303 to the item a path belongs to (a part of a guide, say), which is followed; 404, or 410 with a `gone`
item, for a page no longer published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

from .fetching import Fetcher, FetchFailed
from .states import CHANGED, FAILED, GONE, MOVED, UNCHANGED, WITHDRAWN, Finding, one_line

DEFAULT_API_BASE = "https://www.gov.uk"


def api_url(api_base: str, page_url: str) -> str:
    """The Content API's address for a GOV.UK page: https://www.gov.uk/x/y -> {api_base}/api/content/x/y."""
    path = urlsplit(page_url).path.rstrip("/") or "/"
    return f"{api_base.rstrip('/')}/api/content{path}"


def check_govuk(fetcher: Fetcher, api_base: str, entry_id: str, page_url: str, confirmed: dt.date | None) -> Finding:
    def found(state: str, note: str = "", updated: dt.date | None = None) -> Finding:
        return Finding(entry_id, page_url, state, updated, one_line(note))

    address = api_url(api_base, page_url)
    try:
        response = fetcher.get(address, {"Accept": "application/json"})
        if response.status_code == 303 and response.headers.get("Location"):  # a path inside another item
            response = fetcher.get(urljoin(address, response.headers["Location"]), {"Accept": "application/json"})
    except FetchFailed as error:
        return found(FAILED, f"GOV.UK's Content API: {error}")
    status = response.status_code
    if status in (404, 410):
        return found(GONE, _gone_note(status, _json(response.content)))
    if status in (301, 302, 307, 308):
        return found(MOVED, f"now at {_www(response.headers.get('Location', ''))}")
    if status != 200:
        return found(FAILED, f"GOV.UK's Content API answered HTTP {status}")
    item = _json(response.content)
    if not isinstance(item, dict):
        return found(FAILED, "GOV.UK's Content API answered with something that is not a content item (bad JSON)")
    return _state_of(item, page_url, confirmed, found)


def _state_of(item: dict[str, Any], page_url: str, confirmed: dt.date | None, found: Any) -> Finding:
    schema = item.get("schema_name")
    if schema == "redirect":
        return found(MOVED, f"now at {_www(_destination(item, page_url))}")
    if schema in ("gone", "vanish"):
        return found(GONE, _gone_note(410, item))
    notice = item.get("withdrawn_notice") or {}
    if isinstance(notice, dict) and (notice.get("withdrawn_at") or notice.get("explanation")):
        return found(WITHDRAWN, _plain(str(notice.get("explanation") or "withdrawn")), _day(notice.get("withdrawn_at")))
    updated = _day(item.get("public_updated_at"))
    if updated is None:
        return found(FAILED, "GOV.UK's content item has no readable public_updated_at")
    note = newest_change_note(item)
    if confirmed is None or updated > confirmed:
        return found(CHANGED, note or "updated (no change note)", updated)
    return found(UNCHANGED, note, updated)


def newest_change_note(item: dict[str, Any]) -> str:
    """The note of the latest `details.change_history` entry ("" if none)."""
    details = item.get("details") if isinstance(item.get("details"), dict) else {}
    history = [entry for entry in details.get("change_history") or [] if isinstance(entry, dict)]
    dated = [(str(entry.get("public_timestamp") or ""), str(entry.get("note") or "")) for entry in history]
    return max(dated)[1] if dated else ""


def _destination(item: dict[str, Any], page_url: str) -> str:
    redirects = [entry for entry in item.get("redirects") or [] if isinstance(entry, dict)]
    path = urlsplit(page_url).path.rstrip("/")
    exact = [entry for entry in redirects if str(entry.get("path", "")).rstrip("/") == path]
    chosen = (exact or redirects or [{}])[0]
    return str(chosen.get("destination") or "another address (GOV.UK gives none)")


def _gone_note(status: int, item: object) -> str:
    details = item.get("details") if isinstance(item, dict) and isinstance(item.get("details"), dict) else {}
    words = (
        "GOV.UK has no page at this address (HTTP 404)"
        if status == 404
        else f"GOV.UK answered HTTP {status}: no longer published"
    )
    if details.get("explanation"):
        words += f"; {_plain(str(details['explanation'])).rstrip('.')}"
    if details.get("alternative_path"):
        words += f"; GOV.UK points to {_www(str(details['alternative_path']))}"
    return words


def _www(location: str) -> str:
    """A GOV.UK path as the address a reader opens."""
    return f"https://www.gov.uk{location}" if location.startswith("/") else location


def _json(body: bytes) -> object:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _day(value: object) -> dt.date | None:
    """The day of an ISO date-time as GOV.UK gives it (in London's offset, so its date is the day people saw)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _plain(html: str) -> str:
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r"\s+([.,;:!?])", r"\1", text)
