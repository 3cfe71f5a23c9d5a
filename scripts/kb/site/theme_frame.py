"""Entry pages into the theme by a frame: the theme rendered once for each shape of page, then filled in.

Two entry pages in one folder differ in the theme's HTML (Material's `main.html` around the article) only where
the page's own values are printed: its title and description, its link preview, its address, its sections in
the "On this page" sidebar, and its article. So `kb build` renders the theme, with mkdocs' own page
pipeline, for a probe page whose values are markers, once for each shape of page (its folder, how many
sections it has, which of its values are empty: what the theme's conditions read), and fills each page's
values into that frame.

The theme prints a value as it is or HTML-escaped; a second probe with `&<>"'` in every value tells which,
at each place. A frame is used only if

- every place prints its value in one of those two ways (not truncated, not with its tags stripped...);
- it gives, byte for byte, what mkdocs' own render gives for the first page of its shape;
- the only page events registered are kb's own hooks, which leave a page's HTML as it is.

Otherwise the pages of that shape are rendered one by one by mkdocs, as every page was before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import escape

MARKER = "kbframe"
_SLOT = re.compile(MARKER + r"(\d+)a(.*?)" + MARKER + r"\1z", re.DOTALL)
TRICKY = "&<>\"'"  # what escaping changes: the second probe carries it in every value
PAGE_FILE = "/index.md"  # theme pages are folders' index pages (kb.site.rendering.page_path)

Render = Callable[[Any], str]  # a mkdocs Page -> the HTML mkdocs' own pipeline makes of it (not written)


@dataclass(frozen=True)
class Frame:
    """The theme's HTML for one shape of page: literal text around numbered places, each printing one value
    as it is or escaped."""

    literals: list[str]  # one more than places
    places: list[tuple[int, bool]]  # (value number, escaped)

    def fill(self, values: list[str]) -> str:
        out = [self.literals[0]]
        for (number, escaped), literal in zip(self.places, self.literals[1:], strict=True):
            out += [str(escape(values[number])) if escaped else values[number], literal]
        return "".join(out)


def _folder_and_name(src_uri: str) -> tuple[str, str]:
    """'practice-examples/x/index.md' -> ('practice-examples', 'x'): where the page's folder is, and its name."""
    folder, _, name = src_uri[: -len(PAGE_FILE)].rpartition("/")
    return folder, name


def page_values(item: Any, sections: list[tuple[str, str]]) -> list[str]:
    """A theme page's values in frame order: its folder name, title, article, non-empty front matter (by key),
    then each section's anchor and name (`sections`, as the table of contents holds them)."""
    _, slug = _folder_and_name(item.src_uri)
    meta = [item.meta[key] for key in sorted(item.meta) if item.meta[key]]
    return [slug, item.title, item.content, *meta, *(part for section in sections for part in section)]


def shape(item: Any, sections: list[tuple[str, str]]) -> tuple[object, ...]:
    """What the theme's conditions can see of a page, apart from its values: pages of one shape share a frame."""
    folder, _ = _folder_and_name(item.src_uri)
    return (folder, tuple(sorted((key, bool(value)) for key, value in item.meta.items())), len(sections))


def marked(number: int, payload: str) -> str:
    return f"{MARKER}{number}a{payload}{MARKER}{number}z"


def probe(item: Any, sections: list[tuple[str, str]], tricky: str) -> tuple[Any, list[tuple[str, str]], list[str]]:
    """A page of the item's shape whose every value is marked (article: the item's own, so that conditions on
    it read the same), its sections, and what each marked value holds. Anchors and the folder name are
    addresses: they stay plain."""
    folder, _ = _folder_and_name(item.src_uri)
    payloads = ["", tricky, item.content + tricky]
    meta = {}
    for key in sorted(item.meta):
        if item.meta[key]:
            meta[key] = marked(len(payloads), tricky)
            payloads.append(tricky)
        else:
            meta[key] = item.meta[key]
    marked_sections = []
    for _ in sections:
        marked_sections.append((marked(len(payloads), ""), marked(len(payloads) + 1, tricky)))
        payloads += ["", tricky]
    page = replace(
        item,
        src_uri=f"{folder}/{marked(0, '')}{PAGE_FILE}",
        title=marked(1, tricky),
        meta=meta,
        content=marked(2, payloads[2]),
    )
    return page, marked_sections, payloads


def frame_of(plain: str, tricky: str, payloads: list[str]) -> Frame | None:
    """The frame read from the two probes' HTML (`plain`: values without `&<>"'`), or None if a place prints
    its value in a way other than as it is or escaped."""
    literals: list[str] = []
    places: list[tuple[int, bool]] = []
    at_plain = at_tricky = 0
    for match in _SLOT.finditer(plain):
        literal = plain[at_plain : match.start()]
        number = int(match.group(1))
        opening, closing = f"{MARKER}{number}a", f"{MARKER}{number}z"
        if not tricky.startswith(literal + opening, at_tricky):
            return None
        inner_start = at_tricky + len(literal) + len(opening)
        inner_end = tricky.find(closing, inner_start)
        if inner_end < 0:
            return None
        printed = tricky[inner_start:inner_end]
        if printed == payloads[number]:
            escaped = False
        elif printed == str(escape(payloads[number])):
            escaped = True
        else:
            return None
        literals.append(literal)
        places.append((number, escaped))
        at_plain, at_tricky = match.end(), inner_end + len(closing)
    literals.append(plain[at_plain:])
    if tricky[at_tricky:] != literals[-1]:
        return None
    return Frame(literals, places)


def only_own_page_events(config: Any, hooks_file: str) -> bool:
    """True if every page_context and post_page handler is one of kb's hooks (they leave the HTML as it is)."""
    events = config.plugins.events
    handlers = [*events.get("page_context", []), *events.get("post_page", [])]
    return all(getattr(handler, "__code__", None) and handler.__code__.co_filename == hooks_file for handler in handlers)
