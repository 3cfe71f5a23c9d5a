"""Short links, `go/<id>/`: a static redirect for every entry, every former id and every withdrawn id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from ..model import KnowledgeBase
from ..site.address import SiteAddress
from ..site.hooks import BuildContext
from ..site.rendering import render
from .links import short_link_path, site_name
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
        text = redirect_page(link, context.address, name) if link.target_url else withdrawn_page(link, name, search)
        page.write_text(text, encoding="utf-8")


def redirect_page(link: ShortLink, address: SiteAddress, name: str) -> str:
    assert link.target_url is not None
    canonical = address.absolute(link.target_url) if address.known else ""
    return render("sharing/short_link.html.j2", short_link_path(link.id), link=link, canonical=canonical, site_name=name)


def withdrawn_page(link: ShortLink, name: str, search_page: str = "") -> str:
    """A notice in place of a removed entry, with a search for what it was (the site's search page, or the home page's)."""
    query = urlencode({"q": link.title or link.id.replace("-", " ")})
    return render(
        "sharing/withdrawn.html.j2", short_link_path(link.id), link=link, site_name=name, search_page=search_page, query=query
    )


def short_link_file(site_dir: Path, entry_id: str) -> Path:
    return site_dir / short_link_path(entry_id) / "index.html"
