"""Open data: every entry as JSON and CSV, from the same rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model import Entry, KnowledgeBase

LIST_FIELDS = ("themes", "areas", "audiences", "age_bands")
COLUMNS = ("id", "kind", "title", "url", "summary", "status", *LIST_FIELDS, "last_reviewed", "path")


def entry_row(entry: Entry, site_url: str = "") -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.name,
        "title": entry.title,
        "url": site_url + entry.url,
        "summary": entry.summary,
        "status": entry.status or "",
        "themes": list(entry.themes),
        "areas": list(entry.areas),
        "audiences": list(entry.audiences),
        "age_bands": list(entry.age_bands),
        "last_reviewed": entry.last_reviewed.isoformat(),
        "path": entry.path,
    }


def rows(knowledge_base: KnowledgeBase, site_url: str = "") -> list[dict[str, Any]]:
    entries = sorted(knowledge_base.entries.values(), key=lambda entry: (entry.kind.name, entry.id))
    return [entry_row(entry, site_url) for entry in entries]


def to_json(table: list[dict[str, Any]]) -> str:
    return json.dumps({"count": len(table), "entries": table}, ensure_ascii=False, indent=1) + "\n"


def to_csv(table: list[dict[str, Any]]) -> str:
    """Lists joined with '; '. Cells that a spreadsheet would run as a formula are prefixed with '."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({key: _cell("; ".join(value) if isinstance(value, list) else value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def open_data_files(knowledge_base: KnowledgeBase, site_url: str = "") -> dict[str, str]:
    table = rows(knowledge_base, site_url)
    return {"api/entries.json": to_json(table), "api/entries.csv": to_csv(table)}
