"""mkdocs hooks (listed under `hooks:` in the generated config): glossary abbreviations on every page."""

from __future__ import annotations

from functools import cache
from typing import Any

from kb.site.abbreviations import expand_abbreviations, term_pattern


@cache
def _pattern(terms: tuple[tuple[str, str], ...]):  # type: ignore[no-untyped-def]
    return term_pattern(dict(terms))


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    terms = dict(config.extra.get("kb_abbreviations") or {})
    return expand_abbreviations(html, terms, _pattern(tuple(sorted(terms.items()))))
