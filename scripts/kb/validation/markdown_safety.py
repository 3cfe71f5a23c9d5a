"""Text fields are Markdown without raw HTML, and links go only to web or mail addresses.

The text is parsed with markdown-it-py (CommonMark) rather than matched with a regular
expression, so HTML hidden in odd places (autolinks, reference definitions, inline
spans) is seen the way a Markdown renderer would see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..rules import entry_example, rule

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = {"https", "http", "mailto"}
# Python-Markdown's attr_list syntax: `{: onclick=...}`, `{#id .class key=value}`.
ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.\w][^}]*\}")
_TRIGGERS = ("<", "[", "{", "](", "&#")
_TRIGGER = re.compile("|".join(re.escape(trigger) for trigger in _TRIGGERS))  # one scan instead of one per trigger
MARKDOWN_HTML = rule(
    "markdown-html",
    "error",
    "Raw HTML or an HTML comment in text",
    "{what} is not allowed in text; use Markdown (e.g. **bold**, [link](https://...))",
    entry_example("markdown-html", what_was_done="Practitioners met <b>weekly</b> to plan together."),
)
MARKDOWN_LINK_SCHEME = rule(
    "markdown-link-scheme",
    "error",
    "A link or image to anything but a full https://, http:// or mailto: address",
    "{what} to `{shown}` is not allowed; {fix}",
    entry_example("markdown-link-scheme", what_was_done="See [the plan](javascript:alert(1))."),
)
MARKDOWN_ATTRIBUTE_LIST = rule(
    "markdown-attribute-list",
    "error",
    "An attribute list such as `{: onclick=...}` in text",
    "attribute lists such as `{{: ...}}` are not allowed; write plain Markdown",
    entry_example("markdown-attribute-list", what_was_done="Practitioners met weekly {: onclick=alert(1)}."),
)
# The pieces the messages above are filled with; the entry form in the browser uses the same words.
PARTS = {
    "html-comment": "an HTML comment",
    "html-raw": "raw HTML `{snippet}`",
    "fix-with-scheme": "use a full https:// address",
    "fix-relative": "use a full https:// address, not a relative one",
}


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here, not at the top: most texts hold nothing to parse (0.05 s to import)

    parser = MarkdownIt("commonmark")
    # markdown-it quietly turns javascript: and data: links into plain text; other renderers
    # (Python-Markdown in mkdocs) do not, so see every link and judge it here.
    parser.validateLink = lambda url: True
    return parser


def problems_in(text: str) -> Iterator[tuple[str, str]]:
    """(message, rule) for every unsafe construct in one Markdown text."""
    if not _TRIGGER.search(text):
        return
    for token in _walk(_parser().parse(text)):
        if token.type in ("html_inline", "html_block"):
            snippet = token.content.strip().splitlines()[0][:40]
            what = PARTS["html-comment"] if snippet.startswith("<!--") else PARTS["html-raw"].format(snippet=snippet)
            yield MARKDOWN_HTML.say(what=what), MARKDOWN_HTML.code
        elif token.type in ("link_open", "image"):
            attribute = "href" if token.type == "link_open" else "src"
            target = str(token.attrGet(attribute) or "")
            scheme = urlsplit(target).scheme.lower()
            if scheme not in SAFE_SCHEMES:
                shown = target[:40]
                what = "link" if token.type == "link_open" else "image"
                fix = PARTS["fix-with-scheme"] if scheme else PARTS["fix-relative"]
                yield MARKDOWN_LINK_SCHEME.say(what=what, shown=shown, fix=fix), MARKDOWN_LINK_SCHEME.code
        elif token.type == "text" and ATTRIBUTE_LIST.search(token.content):
            yield MARKDOWN_ATTRIBUTE_LIST.say(), MARKDOWN_ATTRIBUTE_LIST.code


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
