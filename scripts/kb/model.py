"""Plain typed objects the rest of the code reads. Nothing downstream touches raw YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .content_model import KINDS_BY_NAME, Kind


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str | None = None
    locator: str | None = None


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
