"""Entry text (Markdown without raw HTML) turned into safe inline HTML."""

from __future__ import annotations

from markdown_it import MarkdownIt

_INLINE = MarkdownIt("commonmark", {"html": False})


def inline_html(markdown: str) -> str:
    """Render Markdown as inline HTML; raw HTML in it is escaped, never passed through."""
    return _INLINE.renderInline(" ".join(markdown.split()))


def escape_markdown(text: str) -> str:
    """Text for a Markdown heading or link label, with Markdown's own characters escaped."""
    for character in "\\[]*_`<>":
        text = text.replace(character, "\\" + character)
    return text
