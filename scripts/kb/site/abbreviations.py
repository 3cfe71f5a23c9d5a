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
from functools import lru_cache

_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "abbr", "code", "pre", "script", "style", "button", "label", "textarea", "select", "option", "svg", "title", "kbd"}
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source", "base"}


_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9]*")


def is_acronym(term: str) -> bool:
    """CCE, MoJ, Y2A: one word with at least two capitals. Phrases in the glossary are not abbreviations."""
    return bool(_ACRONYM.fullmatch(term)) and sum(letter.isupper() for letter in term) >= 2


def acronyms(terms: Mapping[str, str]) -> dict[str, str]:
    return {term: expansion for term, expansion in terms.items() if is_acronym(term)}


def expand_abbreviations(page_html: str, terms: Mapping[str, str]) -> str:
    """Wrap each glossary acronym (see `acronyms`) found in the page's text; other terms are ignored."""
    pattern = _pattern(tuple(terms))
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


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the glossary's acronyms, longest first: a page's text is scanned once, not word by word."""
    names = "|".join(re.escape(term) for term in sorted(filter(is_acronym, terms), key=lambda term: (-len(term), term)))
    if not names:
        return None
    return re.compile(rf"(?<![\w&#/-])({names})(?![\w-])")


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
