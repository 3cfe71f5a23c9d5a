"""HTML that kb renders itself, marked so that Python-Markdown does not read it again.

Generated pages are Markdown with large raw HTML blocks (entry pages are nothing else).
Python-Markdown passes raw HTML through unchanged, but only after running it through its HTML
parser, which was the largest single cost of a build: about half of mkdocs' time at 3,000
entries. `mark` wraps such a block in comments; the mkdocs hooks call `set_aside` before
conversion, which leaves a placeholder paragraph, and `put_back` after it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

START = "<!--kb:finished-html-->"
END = "<!--/kb:finished-html-->"
_BLOCK = re.compile(re.escape(START) + r"(.*?)" + re.escape(END), re.DOTALL)
_PLACEHOLDER = re.compile(r"<p>kbfinishedhtml(\d+)</p>")


def mark(html: str) -> Markup:
    """One marked block; marks inside it (an included list) are dropped, as blocks do not nest."""
    return Markup(f"{START}\n{block(html)}\n{END}")


def block(html: str) -> str:
    """The HTML as a marked block holds it (and as `set_aside` gives it back): no marks, no blank lines."""
    return "\n".join(line for line in unmarked(html).splitlines() if line.strip())


def unmarked(text: str) -> str:
    return text.replace(START, "").replace(END, "")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each marked block replaced by a placeholder paragraph, and the blocks."""
    blocks: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        blocks.append(match.group(1).strip("\n"))
        return f"\n\nkbfinishedhtml{len(blocks) - 1}\n\n"

    return _BLOCK.sub(placeholder, markdown), blocks


def put_back(html: str, blocks: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html
