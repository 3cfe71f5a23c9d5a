"""Shared fixtures: a scratch knowledge base with the real taxonomy and valid entries of each kind."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)

SOURCE = {
    "title": "Rapid Document Review",
    "publisher": "PraxisCollab for The Children's Society",
    "date": "2021-11",
    "locator": "Section 4",
}
COMMON = {
    "summary": "A fictional entry used by the tests. It exists only to exercise the validator.",
    "themes": ["child-criminal-exploitation"],
    "areas": ["pan-london"],
    "audiences": ["childrens-social-care"],
    "sources": [SOURCE],
    "last_reviewed": "2026-01-15",
}
KIND_FIELDS: dict[str, dict[str, Any]] = {
    "practice_example": {
        "organisation": "London Borough of Example",
        "category": "building-safety-for-young-londoners",
        "what_was_done": "Practitioners met weekly to plan together.",
        "impact": "The source does not report outcomes.",
        "evidence_level": "not-evaluated",
    },
    "protocol": {
        "document_type": "protocol",
        "issuing_body": "An example partnership",
        "applies_to": "All partner agencies.",
        "status": "current",
        "status_checked": "2021-11-01",  # a current protocol's status is a dated claim
    },
    "case_review": {
        "review_type": "thematic-review",
        "partnership": "An example partnership",
        "year_published": 2021,
        "harm_types": ["child-criminal-exploitation"],
        "content_note": "This fictional review discusses exploitation.",
        "learning_themes": ["Information sharing"],
        "learning_points": ["Agencies should share information early."],
    },
    "service": {"provider": "An example charity", "what_it_offers": "Support for young people."},
    "resource": {"resource_type": "research", "key_findings": ["A finding."]},
    "topic": {"section": "practice", "introduction": "An introduction.", "key_messages": ["A message."]},
}
FOLDERS = {
    "practice_example": "practice_examples",
    "protocol": "protocols",
    "case_review": "case_reviews",
    "service": "services",
    "resource": "resources",
    "topic": "topics",
    "collection": "collections",
}


def entry_data(kind: str, entry_id: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry_id, "title": f"Example {kind.replace('_', ' ')} {entry_id}", **COMMON}
    data.update(KIND_FIELDS[kind])
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def entry_yaml(kind: str, data: dict[str, Any]) -> str:
    header = f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


class ScratchBase:
    """A knowledge base in a temporary folder, with the real taxonomy."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "taxonomy", root / "taxonomy")

    def write(self, kind: str, entry_id: str, **overrides: Any) -> Path:
        return self.write_text(kind, entry_id, entry_yaml(kind, entry_data(kind, entry_id, **overrides)))

    def write_text(self, kind: str, name: str, text: str | bytes) -> Path:
        folder = self.root / FOLDERS[kind]
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def validate(self, today: dt.date = TODAY) -> Any:
        from kb.validation import validate

        return validate(self.root, today=today)

    def rules(self) -> set[str]:
        return {problem.rule for problem in self.validate().problems}


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchBase:
    return ScratchBase(tmp_path)


@pytest.fixture
def write_entry(scratch: ScratchBase) -> Callable[..., Path]:
    return scratch.write
