"""What of an entry is searchable, split into weighted fields (title > summary > body)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..model import Entry, Taxonomy

# Kind fields that are metadata, not prose a reader would search for.
_NOT_TEXT = {
    "status",
    "superseded_by",
    "status_date",
    "status_checked",
    "status_source",
    "successor",
    "watch",
    "effective_date",
    "review_date",
    "evidence_level",
    "stage",
    "category",
}


@dataclass(frozen=True)
class SearchDocument:
    id: str
    kind: str
    title: str
    summary: str
    body: str
    tags: str  # theme, area, audience and kind labels, so "Newham" or "youth justice" finds tagged entries
    themes: list[str]
    areas: list[str]
    url: str
    status: str
    status_checked: str  # YYYY-MM-DD or "": with the status, what the status claim is read from at query time
    status_source: str  # the status_source mapping as JSON, or "": whether it was the issuer's page or a secondary source
    watch_url: str  # the issuer's page that is watched, or ""
    last_reviewed: str
    superseded_by: str


def search_document(entry: Entry, taxonomy: Taxonomy) -> SearchDocument:
    return SearchDocument(
        id=entry.id,
        kind=entry.kind.name,
        title=entry.title,
        summary=entry.summary,
        body=body_text(entry),
        tags=" ".join(tag_labels(entry, taxonomy)),
        themes=list(entry.themes),
        areas=list(entry.areas),
        url=entry.url,
        status=entry.status or "",
        status_checked=str(entry.get("status_checked") or ""),
        status_source=json.dumps(entry.get("status_source"), ensure_ascii=False) if entry.get("status_source") else "",
        watch_url=str((entry.get("watch") or {}).get("url") or ""),
        last_reviewed=entry.last_reviewed.isoformat(),
        superseded_by=str(entry.get("superseded_by") or ""),
    )


def body_text(entry: Entry) -> str:
    """Every prose value of the kind's own fields, and the sources' titles."""
    parts = [value for key, value in entry.fields.items() if key not in _NOT_TEXT for value in _strings(value)]
    parts += [source.title for source in entry.sources]
    return "\n".join(parts)


def tag_labels(entry: Entry, taxonomy: Taxonomy) -> list[str]:
    labels = [entry.kind.label]
    for ids, vocabulary in (
        (entry.themes, taxonomy.themes),
        (entry.areas, taxonomy.areas),
        (entry.audiences, taxonomy.agencies),
        (entry.age_bands, taxonomy.age_bands),
    ):
        labels += [vocabulary[item].label if item in vocabulary else item.replace("-", " ") for item in ids]
    for theme in entry.themes:  # the words practitioners use for a theme ("gangs", "going missing")
        if theme in taxonomy.themes:
            labels += [str(word) for word in taxonomy.themes[theme].extra.get("synonyms", [])]
    return labels


_APOSTROPHES = re.compile(r"['’‘]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def title_key(text: str) -> str:
    """A title or query as compared for an exact-title match: case, accents, punctuation and spacing aside,
    "&" read as "and" ("It was hard to escape" == "it was hard to escape!")."""
    plain = _APOSTROPHES.sub("", text.casefold().replace("&", " and "))
    plain = "".join(char for char in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def full_text(entry: Entry) -> str:
    return "\n".join((entry.title, entry.summary, body_text(entry)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
