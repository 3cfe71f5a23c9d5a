"""Entry text for a Markdown file that is not HTML (the digest's .md)."""

from __future__ import annotations


def escape_markdown(text: str) -> str:
    """Text for a Markdown heading or link label, with Markdown's own characters escaped."""
    for character in "\\[]*_`<>":
        text = text.replace(character, "\\" + character)
    return text
