"""`kb sources check`: every protocol's watched page, and with `--links` every address cited as a source.

It reads the entries as they are on disk (a protocol with other problems is still watched) and never
writes to them: what it finds is for a maintainer to confirm.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..loader import Document
from ..model import GOV_UK, IN_FORCE, site_of
from .fetching import Fetcher, Limits, run_all
from .govuk import check_govuk
from .pages import check_link, check_page
from .states import STATES, Finding

NOT_SOURCES = ("watch", "contact")  # addresses that are not a cited source: the watched page itself, a contact route


@dataclass(frozen=True)
class Watched:
    id: str
    url: str
    text_digest: str | None
    confirmed: dt.date | None  # status_checked: a change after this day is news


def watched_pages(documents: list[Document]) -> list[Watched]:
    """The watched page of every protocol in force (a replaced one's page has nothing left to confirm)."""
    found = []
    for document in documents:
        data = document.data or {}
        watch = data.get("watch")
        in_force = data.get("status") in IN_FORCE
        if in_force and isinstance(watch, dict) and isinstance(watch.get("url"), str) and isinstance(data.get("id"), str):
            digest = watch.get("text_digest") if isinstance(watch.get("text_digest"), str) else None
            found.append(Watched(data["id"], watch["url"], digest, _day(data.get("status_checked"))))
    return sorted(found, key=lambda page: page.id)


def cited_addresses(documents: list[Document]) -> dict[str, tuple[str, ...]]:
    """Every http(s) address cited anywhere (sources, status sources, successors, recommendations' sources) ->
    the ids of the entries citing it; watched pages are checked on their own."""
    citing: dict[str, set[str]] = defaultdict(set)
    watched = {page.url for page in watched_pages(documents)}
    for document in documents:
        data = document.data or {}
        owner = data.get("id") if isinstance(data.get("id"), str) else document.path
        for url in _addresses(data):
            if url.startswith(("https://", "http://")) and url not in watched:
                citing[url].add(owner)
    return {url: tuple(sorted(ids)) for url, ids in sorted(citing.items())}


def _addresses(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, item in value.items():
            if name == "url" and isinstance(item, str) and key not in NOT_SOURCES:
                yield item
            elif name not in NOT_SOURCES:
                yield from _addresses(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _addresses(item, key)


def check_sources(documents: list[Document], api_base: str, limits: Limits, links: bool = False) -> list[Finding]:
    """Every watched page (and cited address), a few at once, the ones to act on first."""
    fetcher = Fetcher(limits)

    def watch(page: Watched) -> Finding:
        if site_of(page.url) == GOV_UK:
            return check_govuk(fetcher, api_base, page.id, page.url, page.confirmed)
        return check_page(fetcher, page.id, page.url, page.text_digest, page.confirmed)

    findings = run_all(watch, watched_pages(documents), limits.workers)
    if links:
        cited = cited_addresses(documents)
        findings += run_all(lambda url: check_link(fetcher, url, cited[url]), list(cited), limits.workers)
    return sorted(findings, key=lambda finding: (STATES.index(finding.state), finding.check != "watch", finding.id, finding.url))


def load_documents(root: Path) -> list[Document]:
    """The entries as they are on disk, each loaded strictly (what fails to load is left to `kb validate`)."""
    from ..content_model import KINDS
    from ..loader import load_file

    documents = []
    for kind in KINDS:
        folder = root / kind.folder
        if folder.is_dir():
            documents += [load_file(path, f"{kind.folder}/{path.name}") for path in sorted(folder.glob("*.yaml"))]
    return [document for document in documents if document.data is not None]


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
