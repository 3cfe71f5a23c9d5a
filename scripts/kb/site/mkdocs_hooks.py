"""mkdocs hooks (listed under `hooks:` in the generated config): glossary acronyms expanded on every page."""

from __future__ import annotations

from typing import Any

from kb.site.abbreviations import expand_abbreviations


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return expand_abbreviations(html, config.extra.get("kb_abbreviations") or {})
