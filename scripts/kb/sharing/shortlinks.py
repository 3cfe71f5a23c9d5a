"""Short links, `go/<id>/`: a static redirect for every entry, every former id and every withdrawn id."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from ..model import KnowledgeBase
from ..site.hooks import BuildContext
from .links import absolute_url, relative_url, short_link_path, site_name
from .register import read_register

SEARCH_PAGE = "search/"  # the search helper's page, when the site has one


@dataclass(frozen=True)
class ShortLink:
    id: str
    target_url: str | None  # site-relative page it redirects to; None when the id was withdrawn
    title: str
    is_alias: bool = False


def short_links(knowledge_base: KnowledgeBase, registered: dict[str, str]) -> list[ShortLink]:
    """Every short link: current ids, then former ids, then registered ids that no longer exist (withdrawn)."""
    links = {entry.id: ShortLink(entry.id, entry.url, entry.title) for entry in knowledge_base.entries.values()}
    for entry in knowledge_base.entries.values():
        for alias in entry.aliases:
            links.setdefault(alias, ShortLink(alias, entry.url, entry.title, is_alias=True))
    for entry_id, title in registered.items():
        links.setdefault(entry_id, ShortLink(entry_id, None, title))
    return sorted(links.values(), key=lambda link: link.id)


def write_short_links(context: BuildContext) -> None:
    registered = {item.id: item.title for item in read_register(context.root)}
    name = site_name(context.data)
    search = SEARCH_PAGE if (context.site_dir / SEARCH_PAGE / "index.html").exists() else ""
    for link in short_links(context.knowledge_base, registered):
        page = context.site_dir / short_link_path(link.id) / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        text = redirect_page(link, context.site_url, name) if link.target_url else withdrawn_page(link, name, search)
        page.write_text(text, encoding="utf-8")


def redirect_page(link: ShortLink, site_url: str, name: str) -> str:
    assert link.target_url is not None
    target = html.escape(relative_url(short_link_path(link.id), link.target_url))
    canonical = html.escape(absolute_url(site_url, link.target_url)) if site_url else target
    title = html.escape(link.title)
    moved = "<p>This entry has a new address; please update your bookmark.</p>\n" if link.is_alias else ""
    return _page(
        f"{title} – {html.escape(name)}",
        f'<link rel="canonical" href="{canonical}">\n<meta http-equiv="refresh" content="0; url={target}">\n',
        f'<p>Taking you to <a href="{target}">{title}</a>.</p>\n{moved}',
    )


def withdrawn_page(link: ShortLink, name: str, search_page: str = "") -> str:
    """A notice in place of a removed entry, with a search for what it was (the site's search page, or the home page's)."""
    home = html.escape(relative_url(short_link_path(link.id), ""))
    search = relative_url(short_link_path(link.id), search_page) + "?" + urlencode({"q": link.title or link.id.replace("-", " ")})
    what = (
        f"“{html.escape(link.title)}” (<code>{html.escape(link.id)}</code>)"
        if link.title
        else f"<code>{html.escape(link.id)}</code>"
    )
    body = (
        '<div role="note" style="border-left:4px solid #555;padding:0.5em 1em;">\n'
        "<h1>This entry has been withdrawn</h1>\n"
        f"<p>{what} is no longer in the {html.escape(name)}. It may have been out of date, or replaced by newer guidance.</p>\n"
        "</div>\n"
        f'<p><a href="{html.escape(search)}">Search the knowledge base</a> '
        f'or go to the <a href="{home}">home page</a>.</p>\n'
    )
    return _page(f"Withdrawn – {html.escape(name)}", "", body)


def _page(title: str, head: str, body: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{title}</title>\n{head}</head>\n"
        '<body style="font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5">\n'
        f"<main>\n{body}</main>\n</body>\n</html>\n"
    )


def short_link_file(site_dir: Path, entry_id: str) -> Path:
    return site_dir / short_link_path(entry_id) / "index.html"
