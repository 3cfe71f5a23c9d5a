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


_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9]*")


def is_acronym(term: str) -> bool:
    """CCE, MoJ, Y2A: one word with at least two capitals. Phrases in the glossary are not abbreviations."""
    return bool(_ACRONYM.fullmatch(term)) and sum(letter.isupper() for letter in term) >= 2


def acronyms(terms: Mapping[str, str]) -> dict[str, str]:
    return {term: expansion for term, expansion in terms.items() if is_acronym(term)}


def expand_abbreviations(page_html: str, terms: Mapping[str, str]) -> str:
    """Wrap each glossary acronym (see `acronyms`) found in the page's text; other terms are ignored."""
    if not terms:
        return page_html
    seen: set[str] = set()
    skipping: list[str] = []

    def wrap(match: re.Match[str]) -> str:
        term = match.group(1)
        expansion = terms.get(term)
        if expansion is None:
            return term
        focus = "" if term in seen else ' tabindex="0"'
        seen.add(term)
        return f'<abbr title="{html.escape(expansion)}"{focus}>{term}</abbr>'

    parts = _TAG.split(page_html)
    for index, part in enumerate(parts):
        if index % 2:
            if _SKIP_TAG.match(part):
                _track(part, skipping)
        elif part and not skipping:
            parts[index] = _CANDIDATE.sub(wrap, part)
    return "".join(parts)


# Every acronym (`is_acronym`) is a word of letters and digits with a second capital: a page's text is scanned
# for such words in one pass and each is looked up, instead of trying every glossary term at every position.
# A match must be the whole word: not preceded by a word character, an entity's & or #, a slash or a hyphen.
_CANDIDATE = re.compile(r"(?<![\w&#/-])([A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w-])")
_SKIP_TAG = re.compile(r"<\s*/?\s*(?:" + "|".join(sorted(_SKIP)) + r")(?![A-Za-z0-9-])", re.IGNORECASE)


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
