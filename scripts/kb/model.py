"""Plain typed objects the rest of the code reads. Nothing downstream touches raw YAML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from .content_model import KINDS_BY_NAME, Kind
from .dates import human_date, on_date


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str | None = None
    locator: str | None = None


@dataclass(frozen=True)
class PublicPage:
    """A public page or document cited by real title, publisher, date and the https address read."""

    title: str
    publisher: str
    date: str
    url: str


def earliest_day(partial: str) -> dt.date:
    """The first day a partial ISO date can mean: '2025' -> 1 January 2025, '2025-07' -> 1 July 2025."""
    parts = [int(part) for part in partial.split("-")]
    return dt.date(*(parts + [1] * (3 - len(parts))))


@dataclass(frozen=True)
class Term:
    """One item of a taxonomy: a theme, area, agency, age band or category."""

    id: str
    label: str
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    expansion: str
    definition: str


@dataclass
class Taxonomy:
    themes: dict[str, Term] = field(default_factory=dict)
    areas: dict[str, Term] = field(default_factory=dict)
    agencies: dict[str, Term] = field(default_factory=dict)
    age_bands: dict[str, Term] = field(default_factory=dict)
    categories: dict[str, Term] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)

    def vocabulary(self, name: str) -> dict[str, Term]:
        return getattr(self, name)


@dataclass
class Entry:
    id: str
    kind: Kind
    path: str  # relative to the knowledge base root, e.g. protocols/philomena-protocol.yaml
    title: str
    summary: str
    themes: list[str]
    areas: list[str]
    audiences: list[str]
    sources: list[Source]
    last_reviewed: dt.date
    age_bands: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    added: dt.date | None = None
    owner: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # the kind's own fields, as validated

    @property
    def url(self) -> str:
        """Site-relative URL of the entry's page, stable by kind and id."""
        return f"{self.kind.folder.replace('_', '-')}/{self.id}/"

    @property
    def status(self) -> str | None:
        return self.fields.get("status")

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    @property
    def newest_source(self) -> Source:
        """The most recent of the entry's sources (partial dates compared by their first day; the first listed wins a tie)."""
        return max(self.sources, key=lambda source: _sortable_day(source.date))

    @property
    def as_of(self) -> str:
        """When the entry's facts that can change were last described: its newest source's date, as precise as it is."""
        return self.newest_source.date

    @property
    def as_of_source(self) -> str:
        """The newest source, named with its date: '<title>, <Month Year>' (the date once, if the title has it)."""
        source = self.newest_source
        when = human_date(source.date)
        return source.title + ("" if when in source.title else f", {when}")

    @property
    def as_described_in(self) -> str:
        """Where a present-tense fact that can change comes from: 'as described in <newest source>, <its date>'."""
        return f"as described in {self.as_of_source}"


# What `last_reviewed` means, in the words every page and search result uses: the day someone last checked
# the entry against its sources (not a confirmation that a protocol's status still holds: see `status_claim`).
CHECKED_PHRASE = "Checked against its sources on"


def _sortable_day(partial: str) -> dt.date:
    try:
        return earliest_day(partial)
    except (ValueError, TypeError):
        return dt.date.min


@dataclass(frozen=True)
class CollectionItem:
    id: str
    why: str


@dataclass
class Collection:
    id: str
    path: str
    title: str
    audience: str
    trainer_notes: str
    items: list[CollectionItem]


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry]
    taxonomy: Taxonomy
    collections: dict[str, Collection] = field(default_factory=dict)
    # Figures computed from the model once and shared by the checks and pages that need them (e.g. term vectors).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def by_kind(self, kind_name: str) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.kind.name == kind_name), key=lambda e: e.title.lower())

    @cached_property
    def _by_former_id(self) -> dict[str, Entry]:
        return {alias: entry for entry in self.entries.values() for alias in entry.aliases}

    @cached_property
    def by_theme(self) -> dict[str, list[Entry]]:
        """Theme id -> the entries tagged with it, in the model's order (each entry once a theme)."""
        tagged: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            for theme in dict.fromkeys(entry.themes):
                tagged.setdefault(theme, []).append(entry)
        return tagged

    def resolve(self, entry_id: str) -> Entry | None:
        """An entry by id or by one of its former ids (a lookup, not a scan: pages call it per link)."""
        return self.entries.get(entry_id) or self._by_former_id.get(entry_id)

    def replaced_references(self, entry: Entry) -> list[ReplacedReference]:
        """Guidance this entry points at, in `related` or by a source's address, that was superseded or withdrawn:
        the page says "refers to X, replaced by Y on DATE", `kb validate` warns and `kb report stale` lists it."""
        if entry.kind.name == "protocol" and entry.status in REPLACED:
            return []  # a replaced protocol's own page already says it is replaced
        found = [
            ReplacedReference(target, "related", index, self._successor_title(target))
            for index, target_id in enumerate(entry.related)
            if (target := self.resolve(target_id)) is not None and self._replaced_for(target, entry)
        ]
        watched = self._watched_pages
        for index, source in enumerate(entry.sources):
            target = watched.get(page_key(source.url)) if source.url else None
            if target is not None and self._replaced_for(target, entry) and target not in [item.target for item in found]:
                found.append(ReplacedReference(target, "sources", index, self._successor_title(target)))
        return found

    def _replaced_for(self, target: Entry, referrer: Entry) -> bool:
        """Replaced guidance, unless the referrer is one of the editions that replaced it (a new edition may name
        those before it)."""
        if target.kind.name != "protocol" or target.status not in REPLACED:
            return False
        later, seen = target, {target.id}
        while (later := self.resolve(later.get("superseded_by") or "")) is not None and later.id not in seen:
            if later.id == referrer.id:
                return False
            seen.add(later.id)
        return True

    def _successor_title(self, replaced: Entry) -> str:
        successor = self.resolve(replaced.get("superseded_by") or "")
        return successor.title if successor else str((replaced.get("successor") or {}).get("title") or "")

    @cached_property
    def _watched_pages(self) -> dict[str, Entry]:
        """Each page watched only by replaced guidance -> that guidance (a page an in-force protocol watches is current)."""
        protocols = [entry for entry in self.entries.values() if entry.kind.name == "protocol" and entry.get("watch")]
        in_force = {page_key(entry.get("watch")["url"]) for entry in protocols if entry.status in IN_FORCE}
        pages = {page_key(entry.get("watch")["url"]): entry for entry in protocols if entry.status in REPLACED}
        return {key: entry for key, entry in pages.items() if key not in in_force}

    def status_claim(self, entry: Entry, today: dt.date) -> StatusClaim | None:
        """What the entry claims about its status, and whether that claim is confirmed on `today` (None: it has no status)."""
        if not entry.status:
            return None
        checked, source, page = entry.get("status_checked"), entry.get("status_source"), entry.get("successor")
        return StatusClaim(
            status=entry.status,
            checked=dt.date.fromisoformat(checked) if checked else None,
            source=Source(**source) if source else None,
            interval_days=entry.kind.review_interval_days,
            today=today,
            status_date=entry.get("status_date"),
            successor_entry=self.resolve(entry.get("superseded_by")) if entry.get("superseded_by") else None,
            successor_page=PublicPage(**page) if page else None,
            watch_url=(entry.get("watch") or {}).get("url"),
        )


@dataclass(frozen=True)
class ReplacedReference:
    """An entry's pointer, in `related` or a source's address, at guidance that was superseded or withdrawn."""

    target: Entry
    via: str  # "related" or "sources"
    index: int  # the place in that list, for the validator's line
    successor_title: str  # what replaced it, or "" (withdrawn, or superseded without a named successor)

    @property
    def words(self) -> str:
        """'refers to X, replaced by Y on 15 December 2023' (or 'withdrawn in 2024'), as the page and report say it."""
        return f"refers to {self.target.title}{self.change}"

    @property
    def change(self) -> str:
        """What became of it: ', replaced by Y on 15 December 2023', ', superseded in 2025', ', withdrawn'."""
        when = on_date(self.target.get("status_date"))
        if self.target.status == "withdrawn":
            what = ", withdrawn"
        else:
            what = f", replaced by {self.successor_title}" if self.successor_title else ", superseded"
        return what + (f" {when}" if when else "")


# The status facet's values, in the order a reader weighs them.
CONFIRMED_CURRENT = "Current, confirmed"
NOT_CONFIRMED = "Not confirmed recently"
UNDER_REVIEW = "Under review"
SUPERSEDED = "Superseded"
WITHDRAWN = "Withdrawn"
STATUS_FACETS = (CONFIRMED_CURRENT, UNDER_REVIEW, NOT_CONFIRMED, SUPERSEDED, WITHDRAWN)
STATUS_WORDS = {"current": "Current", "under-review": "Under review", "superseded": "Superseded", "withdrawn": "Withdrawn"}
IN_FORCE = ("current", "under-review")
REPLACED = ("superseded", "withdrawn")


@dataclass(frozen=True)
class StatusClaim:
    """A protocol's status as a dated claim: what it is, when and against what it was last confirmed,
    and what replaced it. The site, both searches, the open data and the reports all read this."""

    status: str
    checked: dt.date | None  # status_checked: the day the status was last confirmed
    source: Source | None  # status_source: what confirmed it
    interval_days: int  # a confirmation older than this is no longer trusted
    today: dt.date
    status_date: str | None = None  # when it took this status (partial date)
    successor_entry: Entry | None = None
    successor_page: PublicPage | None = None
    watch_url: str | None = None  # the issuer's page `kb sources check` watches every week

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def confirmed(self) -> bool:
        """In force and confirmed within the interval (a day in the future counts as not confirmed)."""
        if not self.in_force or self.checked is None:
            return False
        return 0 <= (self.today - self.checked).days <= self.interval_days

    @property
    def unconfirmed(self) -> bool:
        return self.in_force and not self.confirmed

    @property
    def on_watched_page(self) -> bool:
        """The status was confirmed against the watched page's own site (the issuer's), not a third party's."""
        url = self.source.url if self.source else None
        return bool(url and self.watch_url and same_site(url, self.watch_url))

    @property
    def secondary(self) -> bool:
        """Confirmed against a page on another site than the issuer's watched page: a secondary source, which the
        page, the searches and the open data say in so many words (never a plain "confirmed")."""
        url = self.source.url if self.source else None
        return bool(self.in_force and url and self.watch_url and not same_site(url, self.watch_url))

    @property
    def word(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)

    @property
    def facet(self) -> str:
        if self.unconfirmed:
            return NOT_CONFIRMED
        return CONFIRMED_CURRENT if self.status == "current" else self.word

    @property
    def label(self) -> str:
        """One line, the same on the page, in both searches and in the open data: 'Current: confirmed on 28 November
        2026 against the Home Office's page; watched weekly', 'Current: confirmed on 28 November 2026 against a
        secondary source (Solicitors Journal, 25 September 2025)', 'Current: not confirmed since 1 July 2025', 'Superseded'."""
        if not self.in_force:
            return self.word
        if self.checked is None:
            return f"{self.word}: not confirmed"
        if not self.confirmed:
            return f"{self.word}: not confirmed since {human_date(self.checked)}"
        return f"{self.word}: confirmed on {human_date(self.checked)}{self.against}"

    @property
    def against(self) -> str:
        """What a confirmation was made against, as the label ends: '' when the claim does not say."""
        if self.source is None:
            return ""
        if self.secondary:
            return f" against {secondary_source(self.source.publisher, self.source.date)}"
        if self.on_watched_page:
            return f" against {self.source_owner}'s page; watched weekly"
        return ""

    @property
    def source_owner(self) -> str:
        """Whose page confirmed the status, as the status line names it ("the Home Office")."""
        return page_owner(self.source.publisher) if self.source else ""

    @property
    def successor_title(self) -> str:
        if self.successor_entry is not None:
            return self.successor_entry.title
        return self.successor_page.title if self.successor_page else ""

    @property
    def successor_url(self) -> str:
        """The successor's site-relative URL (an entry) or its https address (an external page), or ""."""
        if self.successor_entry is not None:
            return self.successor_entry.url
        return self.successor_page.url if self.successor_page else ""

    @property
    def replaced(self) -> bool:
        return self.status in ("superseded", "withdrawn")

    @property
    def rank_weight(self) -> float:
        """How much a search counts this entry's score against other guidance: confirmed guidance fully, the rest
        less. Replaced guidance counts it against every result; guidance not confirmed recently only against other
        guidance, so a practice example or topic that ranked above it still does, and the rest keep their places. A status
        confirmed only against a secondary source counts as guidance not confirmed recently does."""
        if self.replaced:
            return SUPERSEDED_WEIGHT
        return UNCONFIRMED_WEIGHT if self.unconfirmed or self.secondary else 1.0


SUPERSEDED_WEIGHT = 0.5
UNCONFIRMED_WEIGHT = 0.9


def secondary_source(publisher: str, date: str) -> str:
    """How a status line names a third party's page it was confirmed against: 'a secondary source (Solicitors
    Journal, 25 September 2025)'."""
    return f"a secondary source ({publisher}, {human_date(date)})"


def site_of(url: str) -> str:
    """The site an address belongs to, as a reader means it: its host, without `www.` (gov.uk = www.gov.uk)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


GOV_UK = "gov.uk"  # a page here is watched through GOV.UK's Content API; a page on any other site by its text's digest


def same_site(first: str, second: str) -> bool:
    return site_of(first) == site_of(second)


def page_key(url: str) -> str:
    """An address as a page is compared: site, path without a trailing slash; scheme, query and fragment aside."""
    return site_of(url) + urlsplit(url).path.rstrip("/")


def page_owner(publisher: str) -> str:
    """Who a page belongs to, as a status line names it: the publisher's name before any aside ("Youth Justice
    Board for England and Wales, on GOV.UK" -> "the Youth Justice Board for England and Wales"); "the" before a
    name, not before a site's own address ("legislation.gov.uk") nor a name with its own article."""
    name = re.split(r" \(|,|;| / ", publisher, maxsplit=1)[0].strip() or publisher
    return name if name[:1].islower() or name.startswith(("The ", "A ", "An ")) else f"the {name}"


COMMON_KEYS = {
    "id",
    "title",
    "summary",
    "themes",
    "areas",
    "audiences",
    "age_bands",
    "sources",
    "last_reviewed",
    "added",
    "owner",
    "related",
    "aliases",
}


def entry_from_data(data: dict[str, Any], kind_name: str, path: str) -> Entry:
    """Build an Entry from data that has passed validation."""
    return Entry(
        id=data["id"],
        kind=KINDS_BY_NAME[kind_name],
        path=path,
        title=data["title"],
        summary=data["summary"],
        themes=list(data["themes"]),
        areas=list(data["areas"]),
        audiences=list(data["audiences"]),
        sources=[Source(**source) for source in data["sources"]],
        last_reviewed=dt.date.fromisoformat(data["last_reviewed"]),
        age_bands=list(data.get("age_bands", [])),
        related=list(data.get("related", [])),
        aliases=list(data.get("aliases", [])),
        added=dt.date.fromisoformat(data["added"]) if data.get("added") else None,
        owner=data.get("owner"),
        fields={key: value for key, value in data.items() if key not in COMMON_KEYS},
    )
