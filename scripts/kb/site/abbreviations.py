"""Acronyms from the glossary, expanded on hover and on keyboard focus on every page.

Works on a page's rendered HTML, so hand-written pages and generated ones get the same
treatment. Text inside links, code, existing abbreviations and form controls is left
alone. The first use of a term on a page can take focus (tabindex) and shows its expansion
with CSS; later uses show it on hover only, so the keyboard is not made to stop at each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "abbr", "code", "pre", "script", "style", "button", "label", "textarea", "select", "option", "svg", "title", "kbd"}
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source", "base"}


def term_pattern(terms: Mapping[str, str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w&#/-])({alternatives})(?![\w-])")


def expand_abbreviations(page_html: str, terms: Mapping[str, str], pattern: re.Pattern[str] | None = None) -> str:
    pattern = pattern or term_pattern(terms)
    if pattern is None:
        return page_html
    seen: set[str] = set()
    skipping: list[str] = []
    parts = _TAG.split(page_html)
    for index, part in enumerate(parts):
        if index % 2:
            _track(part, skipping)
        elif part and not skipping:
            parts[index] = pattern.sub(lambda match: _abbr(match.group(1), terms, seen), part)
    return "".join(parts)


def _track(tag: str, skipping: list[str]) -> None:
    match = _NAME.match(tag)
    if not match:
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name not in _SKIP or name in _VOID or tag.endswith("/>"):
        return
    if closing:
        if name in skipping:
            del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
    else:
        skipping.append(name)


def _abbr(term: str, terms: Mapping[str, str], seen: set[str]) -> str:
    focusable = term not in seen
    seen.add(term)
    focus = ' tabindex="0"' if focusable else ""
    return f'<abbr title="{html.escape(terms[term])}"{focus}>{term}</abbr>'
