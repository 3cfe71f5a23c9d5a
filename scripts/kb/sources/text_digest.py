"""A page's main text, and its digest: what `watch.text_digest` records for a page not on GOV.UK.

trafilatura finds the main text and leaves out navigation, headers, footers, cookie banners and
sidebars, so a change to those is not a change to the guidance. A line that is only a date stamp
("Last updated 3 December 2026", "Page reviewed: 12/11/2026") is dropped too: a page that only says it was
looked at again has not changed. What is left is normalised (Unicode, spacing) and hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

PREFIX = "sha256:"
_DATE_STAMP = re.compile(
    r"^(page\s+)?(last\s+)?(updated|modified|reviewed|published|edited)(\s+on)?\s*:?\s*[\w ,./-]{0,40}$", re.IGNORECASE
)


def main_text(html: str) -> str:
    """The page's main text, one paragraph a line; the whole visible text if no main part can be found."""
    import trafilatura  # imported here: it loads in about half a second, and only this command needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False)
    return text if text and text.strip() else trafilatura.html2txt(html)


def normalised(text: str) -> str:
    lines = (" ".join(unicodedata.normalize("NFKC", line).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and not _DATE_STAMP.match(line))


def digest_of_text(text: str) -> str:
    return PREFIX + hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def digest_of_page(body: bytes, content_type: str) -> str:
    """An HTML page by its main text; anything else (a PDF, a Word file) by its bytes."""
    if "html" in content_type.lower() or not content_type:
        html = body.decode("utf-8", errors="replace")
        return digest_of_text(main_text(html))
    return PREFIX + hashlib.sha256(body).hexdigest()
