"""Session packs: a trainer's ordered list of entries, built into a page and a one-page printable handout."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import Collection, Entry, KnowledgeBase
from ..site.address import SiteAddress
from ..site.hooks import BuildContext
from ..site.rendering import render
from .briefings import briefing_url, has_briefing
from .links import site_name
from .qr_codes import short_link_qr

PACKS_URL = "packs/"


@dataclass(frozen=True)
class PackItem:
    entry: Entry
    why: str
    short_link: str  # absolute when the site has an address, else the site path
    qr_code: Markup  # the short link's QR code; empty when the site has no address
    briefing_url: str = ""  # the entry's 7-minute briefing, if it has one


def pack_url(pack: Collection) -> str:
    return f"{PACKS_URL}{pack.id}/"


def handout_url(pack: Collection) -> str:
    return f"{pack_url(pack)}handout/"


def pack_items(pack: Collection, knowledge_base: KnowledgeBase, address: SiteAddress) -> list[PackItem]:
    """The pack's entries in order; an id is followed through its aliases, and one that no longer exists is left out."""
    items = []
    for item in pack.items:
        entry = knowledge_base.resolve(item.id)
        if entry is not None:
            qr_code = short_link_qr(address, entry.id, entry.title)
            briefing = briefing_url(entry) if has_briefing(entry) else ""
            items.append(PackItem(entry, item.why, address.short_link(entry.id), qr_code, briefing))
    return items


def write_packs(context: BuildContext) -> None:
    packs = sorted(context.knowledge_base.collections.values(), key=lambda pack: pack.title.lower())
    folder = context.docs_dir / PACKS_URL
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(packs_index_markdown(packs), encoding="utf-8")
    for pack in packs:
        items = pack_items(pack, context.knowledge_base, context.address)
        page = context.docs_dir / pack_url(pack) / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(pack_markdown(pack, items), encoding="utf-8")
        handout = context.docs_dir / handout_url(pack) / "index.html"
        handout.parent.mkdir(parents=True, exist_ok=True)
        handout.write_text(handout_html(pack, items, site_name(context.data)), encoding="utf-8")


def packs_index_markdown(packs: list[Collection]) -> str:
    return render("sharing/packs_index.md.j2", PACKS_URL, packs=packs, pack_url=pack_url, handout_url=handout_url)


def pack_markdown(pack: Collection, items: list[PackItem]) -> str:
    """The pack's page: the trainer's notes and the resources, with relative links."""
    return render("sharing/pack.md.j2", pack_url(pack), pack=pack, items=items, handout_url=handout_url)


def handout_html(pack: Collection, items: list[PackItem], name: str) -> str:
    """A standalone page that prints on one side of A4: no site navigation, no scripts."""
    return render("sharing/handout.html.j2", handout_url(pack), pack=pack, items=items, site_name=name)
