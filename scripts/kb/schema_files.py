"""The JSON Schema files under schemas/, written from the content model."""

from __future__ import annotations

import json
from pathlib import Path

from .content_model import all_schemas


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema_files(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        (directory / name).write_text(render(schema), encoding="utf-8")
        written.append(name)
    return written


def stale_schema_files(directory: Path) -> list[str]:
    stale = []
    for name, schema in all_schemas().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != render(schema):
            stale.append(name)
    return stale
