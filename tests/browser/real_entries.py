"""Addresses of real entries the browser tests visit, read from one validation of the knowledge base at collection
(imported by several test modules under this one name, so the knowledge base is validated once per process: the tests
that only read the real entries take them from KNOWLEDGE_BASE)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.model import KnowledgeBase
from kb.validation import validate

REPO = Path(__file__).resolve().parents[2]


def one_entry_url_per_kind(knowledge_base: KnowledgeBase) -> dict[str, str]:
    first: dict[str, str] = {}
    for entry in sorted(knowledge_base.entries.values(), key=lambda e: e.id):
        first.setdefault(entry.kind.name, entry.url)
    return first


def protocols_with_a_status_box(knowledge_base: KnowledgeBase) -> list[str]:
    """One superseded protocol and one whose status is not confirmed recently, if the knowledge base has them."""
    claims = [(entry, knowledge_base.status_claim(entry, dt.date.today())) for entry in knowledge_base.by_kind("protocol")]
    boxed = [
        next((e.url for e, c in claims if c and c.replaced), None),
        next((e.url for e, c in claims if c and c.unconfirmed), None),
    ]
    return [url for url in boxed if url]


KNOWLEDGE_BASE = validate(REPO).knowledge_base
ENTRY_URLS = one_entry_url_per_kind(KNOWLEDGE_BASE)
STATUS_BOX_URLS = protocols_with_a_status_box(KNOWLEDGE_BASE)
