"""Rendering helpers every page generator shares: the Jinja environment, `render`, front matter, page paths,
and the line under a case review's title (its page and its 7-minute briefing show the same line).

A module of its own so that page generators (kb.site.pages, kb.site.recommendations_page, search's and
sharing's pages) import these and not each other.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..dates import human_date, on_date
from ..model import CHECKED_PHRASE, Entry
from . import finished_html
from .links import relative
from .markdown_html import markdown_block, markdown_inline
from .template_cache import keep_compiled

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: str) -> Markup:
    """Plain text made safe for a Markdown heading or line: no markup, no attribute list."""
    return Markup(html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kb.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True, enabled_extensions=("j2", "html", "md")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    keep_compiled(env, "pages")
    env.globals["checked_phrase"] = CHECKED_PHRASE
    env.filters.update(
        md=markdown_block,
        md_inline=markdown_inline,
        human_date=human_date,
        on_date=on_date,
        md_text=md_text,
        finished=finished_html.mark,
    )
    return env


def render(template: str, page_url: str, **values: object) -> str:
    return environment().get_template(template).render(href=lambda target: relative(target, page_url), **values)


def front_matter(title: str, **extra: str) -> str:
    """YAML front matter; each value a JSON string, which is valid YAML and much quicker to write."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in {"title": title, **extra}.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page_path(url: str) -> str:
    """docs-relative Markdown file for a directory URL: 'themes/x/' -> 'themes/x/index.md'."""
    return f"{url}index.md"


def case_review_line(entry: Entry) -> str:
    """Year – partnership – pseudonym: shown under a case review's title, which is its heading (so a search
    for the title finds it, issue #14)."""
    parts = [str(entry.get("year_published") or ""), entry.get("partnership"), entry.get("pseudonym")]
    return " – ".join(part for part in parts if part)
