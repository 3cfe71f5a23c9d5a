"""Text fields are Markdown without raw HTML, and links go only to web or mail addresses.

The text is parsed with markdown-it-py (CommonMark) rather than matched with a regular
expression, so HTML hidden in odd places (autolinks, reference definitions, inline
spans) is seen the way a Markdown renderer would see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = {"https", "http", "mailto"}
# Python-Markdown's attr_list syntax: `{: onclick=...}`, `{#id .class key=value}`.
ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.\w][^}]*\}")
_TRIGGERS = ("<", "[", "{", "](", "&#")
# message id -> message; the entry form in the browser shows the same words (kb.entry_form.rules exports them).
MESSAGES = {
    "html": "{what} is not allowed in text; use Markdown (e.g. **bold**, [link](https://...))",
    "html-comment": "an HTML comment",
    "html-raw": "raw HTML `{snippet}`",
    "link-scheme": "{what} to `{shown}` is not allowed; {fix}",
    "fix-with-scheme": "use a full https:// address",
    "fix-relative": "use a full https:// address, not a relative one",
    "attribute-list": "attribute lists such as `{: ...}` are not allowed; write plain Markdown",
}


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    # markdown-it quietly turns javascript: and data: links into plain text; other renderers
    # (Python-Markdown in mkdocs) do not, so see every link and judge it here.
    parser.validateLink = lambda url: True
    return parser


def problems_in(text: str) -> Iterator[tuple[str, str]]:
    """(message, rule) for every unsafe construct in one Markdown text."""
    if not any(trigger in text for trigger in _TRIGGERS):
        return
    for token in _walk(_parser().parse(text)):
        if token.type in ("html_inline", "html_block"):
            snippet = token.content.strip().splitlines()[0][:40]
            what = MESSAGES["html-comment"] if snippet.startswith("<!--") else MESSAGES["html-raw"].format(snippet=snippet)
            yield MESSAGES["html"].format(what=what), "markdown-html"
        elif token.type in ("link_open", "image"):
            attribute = "href" if token.type == "link_open" else "src"
            target = str(token.attrGet(attribute) or "")
            scheme = urlsplit(target).scheme.lower()
            if scheme not in SAFE_SCHEMES:
                shown = target[:40]
                what = "link" if token.type == "link_open" else "image"
                fix = MESSAGES["fix-with-scheme"] if scheme else MESSAGES["fix-relative"]
                yield MESSAGES["link-scheme"].format(what=what, shown=shown, fix=fix), "markdown-link-scheme"
        elif token.type == "text" and ATTRIBUTE_LIST.search(token.content):
            yield MESSAGES["attribute-list"], "markdown-attribute-list"


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
