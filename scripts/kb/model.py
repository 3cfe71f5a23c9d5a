"""Plain typed objects the rest of the code reads. Nothing downstream touches raw YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .content_model import KINDS_BY_NAME, Kind
from .dates import human_date


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

    def resolve(self, entry_id: str) -> Entry | None:
        """An entry by id or by one of its former ids (a lookup, not a scan: pages call it per link)."""
        return self.entries.get(entry_id) or self._by_former_id.get(entry_id)

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
        )


# The status facet's values, in the order a reader weighs them.
CONFIRMED_CURRENT = "Current, confirmed"
NOT_CONFIRMED = "Not confirmed recently"
UNDER_REVIEW = "Under review"
SUPERSEDED = "Superseded"
WITHDRAWN = "Withdrawn"
STATUS_FACETS = (CONFIRMED_CURRENT, UNDER_REVIEW, NOT_CONFIRMED, SUPERSEDED, WITHDRAWN)
STATUS_WORDS = {"current": "Current", "under-review": "Under review", "superseded": "Superseded", "withdrawn": "Withdrawn"}
IN_FORCE = ("current", "under-review")


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
    def word(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)

    @property
    def facet(self) -> str:
        if self.unconfirmed:
            return NOT_CONFIRMED
        return CONFIRMED_CURRENT if self.status == "current" else self.word

    @property
    def label(self) -> str:
        """One line, the same on the page and in search results: 'Current: confirmed 28 November 2026',
        'Current: not confirmed since 1 July 2025', 'Superseded'."""
        if not self.in_force:
            return self.word
        if self.checked is None:
            return f"{self.word}: not confirmed"
        verb = "confirmed" if self.confirmed else "not confirmed since"
        return f"{self.word}: {verb} {human_date(self.checked)}"

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
        guidance, so a practice example or topic that ranked above it still does, and the rest keep their places."""
        if self.replaced:
            return SUPERSEDED_WEIGHT
        return UNCONFIRMED_WEIGHT if self.unconfirmed else 1.0


SUPERSEDED_WEIGHT = 0.5
UNCONFIRMED_WEIGHT = 0.9


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
