"""`kb new`: a new entry from a template that teaches each field.

The template is written from the content model, so its comments are the same words an
editor shows on hover. Required fields are left empty: `kb validate` then lists exactly
what is still to fill in. Optional fields are commented out, ready to uncomment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from .content_model import (
    COLLECTION,
    COLLECTION_SCHEMA,
    COLLECTIONS_FOLDER,
    COMMON_DEFINITIONS,
    ENUM_LABELS,
    KINDS_BY_NAME,
    TITLE_MAX,
    kind_schema,
    schema_modeline,
)

TITLE_TOO_SHORT_FOR_ID = "the title needs at least three letters or digits to make an id"


class NewEntryError(Exception):
    pass


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-")


def write_new_entry(root: Path, kind_name: str, title: str, today: dt.date | None = None) -> Path:
    title = title.strip()
    if not title or len(title) > TITLE_MAX:
        raise NewEntryError(f"the title must be 1 to {TITLE_MAX} characters")
    entry_id = slugify(title)
    if len(entry_id) < 3:
        raise NewEntryError(TITLE_TOO_SHORT_FOR_ID)
    folder = COLLECTIONS_FOLDER if kind_name == COLLECTION else KINDS_BY_NAME[kind_name].folder
    path = root / folder / f"{entry_id}.yaml"
    if path.exists():
        raise NewEntryError(f"{path} already exists; choose another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_template(kind_name, entry_id, title, today or dt.date.today()), encoding="utf-8")
    return path


def render_template(kind_name: str, entry_id: str, title: str, today: dt.date) -> str:
    if kind_name == COLLECTION:
        schema = COLLECTION_SCHEMA
        required: tuple[str, ...] = tuple(COLLECTION_SCHEMA["required"])
    else:
        schema = kind_schema(KINDS_BY_NAME[kind_name])
        required = tuple(schema["required"])
    lines = [schema_modeline(kind_name)]
    lines.append(f"# A new {schema['title'].lower()}. Fill in every field that is not commented out;")
    lines.append("# uncomment optional fields you can fill from the source. Then run `kb validate`.")
    lines.append("# Write in your own words, cite every source by its real title, and never add a")
    lines.append("# detail that could identify a child. See CONTRIBUTING.md.")
    known = {"id": entry_id, "title": title, "last_reviewed": today.isoformat(), "added": today.isoformat()}
    for name, field in schema["properties"].items():
        is_required = name in required or name == "added"
        lines.append("")
        lines.append(f"# {field.get('description', name)}".rstrip())
        lines.extend(_field_lines(name, field, known.get(name), commented=not is_required))
    return "\n".join(lines) + "\n"


def _shared_definition(item: dict[str, Any]) -> dict[str, Any]:
    """A list item that is a shared definition (a recommendation) spelled out, so the template shows its keys.
    A source stays a reference: its template is written by hand below."""
    name = str(item.get("$ref", "")).rpartition("/")[2]
    return COMMON_DEFINITIONS[name] if name in COMMON_DEFINITIONS and name != "source" else item


def _field_lines(name: str, field: dict[str, Any], value: str | None, commented: bool) -> list[str]:
    prefix = "# " if commented else ""
    if value is not None:
        return [f"{prefix}{name}: {json.dumps(value, ensure_ascii=False)}"]
    kind = field.get("type")
    if "enum" in field:
        labels = ENUM_LABELS.get(name, {})
        options = [f"{value} = {labels[value]}" if value in labels else value for value in field["enum"]]
        return [f"{prefix}{name}:  # one of: {('; ' if labels else ', ').join(options)}"]
    if kind == "array":
        item = _shared_definition(field.get("items", {}))
        if item.get("type") == "object" or "source" in str(item.get("$ref", "")):
            keys = list(item.get("properties", {})) or ["title", "publisher", "date"]
            lines = [f"{prefix}{name}:", f"{prefix}  - {keys[0]}:"]
            lines.extend(f"{prefix}    {key}:" for key in keys[1:])
            if not item.get("properties"):  # a source: url and locator only when the document gives them
                lines += [
                    f"{prefix}    # url: only an address the document itself gives",
                    f"{prefix}    # locator: page or section",
                ]
            return lines
        return [f"{prefix}{name}: []"]
    if str(field.get("$ref", "")).endswith(("/source", "/public_page")):  # one cited page: the keys a citation needs
        return [
            f"{prefix}{name}:",
            *(f"{prefix}  {key}:" for key in ("title", "publisher", "date")),
            f"{prefix}  # url: the address you read",
        ]
    if kind == "object" or "contact" in str(field.get("$ref", "")):
        return [f"{prefix}{name}:", f"{prefix}  name:", f"{prefix}  role:", f"{prefix}  email:"]
    if kind == "integer":
        return [f"{prefix}{name}:"]
    if field.get("maxLength", 0) > 300:
        return [f'{prefix}{name}: ""  # for several lines write `{name}: >-` and indent the text below']
    return [f'{prefix}{name}: ""']
