"""Acronyms from the glossary, expanded on hover and on keyboard focus on every page.

Works on a page's rendered HTML, so hand-written pages and generated ones get the same
treatment. Text inside links, code, existing abbreviations and form controls is left
alone. The first use of a term on a page can take focus (tabindex) and shows its expansion
with CSS; later uses show it on hover only, so the keyboard is not made to stop at each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping

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
    # The page is scanned in C for words shaped like acronyms; Python then looks only at the few that are glossary
    # terms, and at the tags that open or close an element whose text is left alone (links, code...).
    uses = [match for match in _CANDIDATE.finditer(page_html) if match.group(1) in terms]
    if not uses:
        return page_html
    parts: list[str] = []
    done = 0
    seen: set[str] = set()
    for use in _in_text(page_html, uses):
        term = use.group(1)
        focus = "" if term in seen else ' tabindex="0"'
        seen.add(term)
        parts += (page_html[done : use.start()], f'<abbr title="{html.escape(terms[term])}"{focus}>{term}</abbr>')
        done = use.end()
    parts.append(page_html[done:])
    return "".join(parts)


def _in_text(page_html: str, uses: list[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The uses that are in the page's text: not inside a tag, nor inside an element whose text is left alone."""
    skipping: list[str] = []
    tags = _SKIP_ELEMENT_TAG.finditer(page_html)
    tag = next(tags, None)
    for use in uses:
        while tag is not None and tag.start() < use.start():
            _track(tag.group(0), skipping)
            tag = next(tags, None)
        if not skipping and not _inside_tag(page_html, use.start()):
            yield use


def _inside_tag(page_html: str, position: int) -> bool:
    """Whether position is between a tag's < and its > (a < with no > after it is text)."""
    return page_html.rfind("<", 0, position) > page_html.rfind(">", 0, position) and page_html.find(">", position) != -1


# Every acronym (`is_acronym`) is a word of letters and digits with a second capital: a page's text is scanned
# for such words in one pass and each is looked up, instead of trying every glossary term at every position.
# A match must be the whole word: not preceded by a word character, an entity's & or #, a slash or a hyphen.
# That test comes after the first capital, not before it: a pattern that starts with a set of letters lets the
# regex engine skip to the next capital, where one that starts with a look-behind tries it at every character.
_CANDIDATE = re.compile(r"([A-Z](?<![\w&#/-].)[a-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w-])")
_SKIP_ELEMENT_TAG = re.compile(r"<\s*/?\s*(?:" + "|".join(sorted(_SKIP)) + r")(?![A-Za-z0-9-])[^>]*>", re.IGNORECASE)


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
