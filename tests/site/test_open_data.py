"""Open data: entries.json and entries.csv from the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from kb.model import KnowledgeBase
from kb.site.open_data import COLUMNS, open_data_files

from .conftest import TODAY

REQUIRED = {"id", "kind", "title", "url", "themes", "areas", "last_reviewed", "summary", "status", "audiences", "age_bands"}


def test_json_has_every_entry_with_the_required_fields(knowledge_base: KnowledgeBase) -> None:
    data = json.loads(open_data_files(knowledge_base)["api/entries.json"])
    assert data["count"] == len(knowledge_base.entries) == len(data["entries"])
    for row in data["entries"]:
        assert set(row) >= REQUIRED
        assert row["url"] == knowledge_base.entries[row["id"]].url
    hub = next(row for row in data["entries"] if row["id"] == "fixture-hub")
    assert hub["themes"] == ["child-criminal-exploitation"] and hub["last_reviewed"] == "2026-11-01"


def test_csv_has_the_same_rows_with_lists_joined(knowledge_base: KnowledgeBase) -> None:
    files = open_data_files(knowledge_base, "https://example.org/kb/")
    rows = list(csv.DictReader(io.StringIO(files["api/entries.csv"])))
    table = json.loads(files["api/entries.json"])["entries"]
    assert [row["id"] for row in rows] == [row["id"] for row in table]
    old = next(row for row in rows if row["id"] == "fixture-protocol-old")
    assert old["status"] == "superseded" and old["audiences"] == "police; childrens-social-care"
    assert old["url"] == "https://example.org/kb/protocols/fixture-protocol-old/"


def test_protocols_carry_their_status_claim_successor_and_as_of_date(knowledge_base: KnowledgeBase) -> None:
    files = open_data_files(knowledge_base, "https://example.org/kb/", TODAY)
    table = {row["id"]: row for row in json.loads(files["api/entries.json"])["entries"]}
    new, old = table["fixture-protocol-new"], table["fixture-protocol-old"]
    assert new["status_label"] == "Current: confirmed on 20 November 2026 against the Fixture Board's page; watched weekly"
    assert new["status_checked"] == "2026-11-20" and new["watch_url"] == "https://www.example.org/fixture-protocol"
    assert new["status_source_url"] == "https://www.example.org/fixture-protocol" and new["status_source_date"] == "2026-11"
    assert (old["successor_id"], old["successor_title"]) == ("fixture-protocol-new", "New fixture protocol")
    assert old["successor_url"] == "https://example.org/kb/protocols/fixture-protocol-new/"
    assert table["fixture-hub"]["as_of"] == "2025-07" and table["fixture-hub"]["status_checked"] == ""
    later = json.loads(open_data_files(knowledge_base, "", dt.date(2028, 1, 1))["api/entries.json"])["entries"]
    assert next(row for row in later if row["id"] == "fixture-protocol-new")["status_label"].startswith(
        "Current: not confirmed since"
    )
    header = files["api/entries.csv"].splitlines()[0].split(",")
    assert header == list(COLUMNS) and {"status_checked", "status_source_url", "successor_url", "as_of"} <= set(header)


def test_csv_cells_cannot_run_as_spreadsheet_formulas(knowledge_base: KnowledgeBase) -> None:
    from kb.site.open_data import to_csv

    text = to_csv([{"id": "x", "title": "=HYPERLINK(1)", "themes": []}])
    assert "'=HYPERLINK(1)" in text
