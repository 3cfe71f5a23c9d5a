"""Open data: every entry, and every tracked recommendation, as JSON and CSV, from the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from ..model import Entry, KnowledgeBase, Source, StatusClaim
from ..recommendations import TrackedRecommendation, tracked_recommendations

LIST_FIELDS = ("themes", "areas", "audiences", "age_bands")
CITATION_COLUMNS = (
    "status_checked",
    "status_source_title",
    "status_source_publisher",
    "status_source_date",
    "status_source_url",
)
STATUS_COLUMNS = ("status_label", *CITATION_COLUMNS, "watch_url", "successor_id", "successor_title", "successor_url")
COLUMNS = ("id", "kind", "title", "url", "summary", "status", *STATUS_COLUMNS, *LIST_FIELDS, "last_reviewed", "as_of", "path")
RECOMMENDATION_COLUMNS = (
    "id",
    "number",
    "text",
    "owner",
    "level",
    "by_when",
    "status",
    *CITATION_COLUMNS,
    "review_id",
    "review_title",
    "review_kind",
    "review_url",
    "year",
    "themes",
    "areas",
)


def citation_cells(checked: str, source: Source | None) -> dict[str, str]:
    """When a status was last confirmed and against what (a protocol's or a recommendation's), as flat cells."""
    source = source or Source("", "", "")
    return {
        "status_checked": checked,
        "status_source_title": source.title,
        "status_source_publisher": source.publisher,
        "status_source_date": source.date,
        "status_source_url": source.url or "",
    }


def status_cells(claim: StatusClaim | None, site_url: str = "") -> dict[str, str]:
    """A protocol's status claim as flat cells ("" where it says nothing): the same in JSON and CSV."""
    if claim is None:
        return dict.fromkeys(STATUS_COLUMNS, "")
    entry, page = claim.successor_entry, claim.successor_page
    return {
        "status_label": claim.label,
        **citation_cells(claim.checked.isoformat() if claim.checked else "", claim.source),
        "watch_url": claim.watch_url or "",
        "successor_id": entry.id if entry else "",
        "successor_title": claim.successor_title,
        "successor_url": site_url + entry.url if entry else (page.url if page else ""),
    }


def entry_row(entry: Entry, site_url: str = "", claim: StatusClaim | None = None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.name,
        "title": entry.title,
        "url": site_url + entry.url,
        "summary": entry.summary,
        "status": entry.status or "",
        **status_cells(claim, site_url),
        "themes": list(entry.themes),
        "areas": list(entry.areas),
        "audiences": list(entry.audiences),
        "age_bands": list(entry.age_bands),
        "last_reviewed": entry.last_reviewed.isoformat(),
        "as_of": entry.as_of,
        "path": entry.path,
    }


def rows(knowledge_base: KnowledgeBase, site_url: str = "", today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every entry's row; a status label says whether the status was confirmed recently on `today` (the build's day)."""
    today = today or dt.date.today()
    entries = sorted(knowledge_base.entries.values(), key=lambda entry: (entry.kind.name, entry.id))
    return [entry_row(entry, site_url, knowledge_base.status_claim(entry, today)) for entry in entries]


def recommendation_row(recommendation: TrackedRecommendation, site_url: str = "") -> dict[str, Any]:
    review = recommendation.review
    return {
        "id": recommendation.id,
        "number": recommendation.number,
        "text": recommendation.text.strip(),
        "owner": recommendation.owner,
        "level": recommendation.level,
        "by_when": recommendation.by_when,
        "status": recommendation.status,
        **citation_cells(recommendation.status_checked, recommendation.source),
        "review_id": review.id,
        "review_title": review.title,
        "review_kind": review.kind.name,
        "review_url": site_url + review.url,
        "year": recommendation.year,
        "themes": list(review.themes),
        "areas": list(review.areas),
    }


def recommendation_rows(knowledge_base: KnowledgeBase, site_url: str = "") -> list[dict[str, Any]]:
    return [recommendation_row(item, site_url) for item in tracked_recommendations(knowledge_base)]


def to_json(table: list[dict[str, Any]], key: str = "entries") -> str:
    return json.dumps({"count": len(table), key: table}, ensure_ascii=False, indent=1) + "\n"


def to_csv(table: list[dict[str, Any]], columns: tuple[str, ...] = COLUMNS) -> str:
    """Lists joined with '; '. Cells that a spreadsheet would run as a formula are prefixed with '."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({key: _cell("; ".join(value) if isinstance(value, list) else value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def open_data_files(knowledge_base: KnowledgeBase, site_url: str = "", today: dt.date | None = None) -> dict[str, str]:
    table = rows(knowledge_base, site_url, today)
    recommendations = recommendation_rows(knowledge_base, site_url)
    return {
        "api/entries.json": to_json(table),
        "api/entries.csv": to_csv(table),
        "api/recommendations.json": to_json(recommendations, "recommendations"),
        "api/recommendations.csv": to_csv(recommendations, RECOMMENDATION_COLUMNS),
    }
