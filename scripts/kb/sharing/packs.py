"""Session packs: a trainer's ordered list of entries, built into a page and a one-page printable handout."""

from __future__ import annotations

import html
from dataclasses import dataclass

import segno

from ..model import Collection, Entry, KnowledgeBase
from ..site.hooks import BuildContext
from .links import absolute_url, relative_url, short_link_path, site_name
from .text import escape_markdown, inline_html

PACKS_URL = "packs/"


@dataclass(frozen=True)
class PackItem:
    entry: Entry
    why: str
    short_link: str  # absolute when the site has an address, else the site path


def pack_url(pack: Collection) -> str:
    return f"{PACKS_URL}{pack.id}/"


def handout_url(pack: Collection) -> str:
    return f"{pack_url(pack)}handout/"


def pack_items(pack: Collection, knowledge_base: KnowledgeBase, site_url: str) -> list[PackItem]:
    """The pack's entries in order; an id is followed through its aliases, and one that no longer exists is left out."""
    items = []
    for item in pack.items:
        entry = knowledge_base.resolve(item.id)
        if entry is not None:
            items.append(PackItem(entry, item.why, absolute_url(site_url, short_link_path(entry.id))))
    return items


def write_packs(context: BuildContext) -> None:
    packs = sorted(context.knowledge_base.collections.values(), key=lambda pack: pack.title.lower())
    folder = context.docs_dir / PACKS_URL
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(packs_index_markdown(packs), encoding="utf-8")
    for pack in packs:
        items = pack_items(pack, context.knowledge_base, context.site_url)
        page = context.docs_dir / pack_url(pack) / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(pack_markdown(pack, items), encoding="utf-8")
        handout = context.docs_dir / handout_url(pack) / "index.html"
        handout.parent.mkdir(parents=True, exist_ok=True)
        handout.write_text(handout_html(pack, items, site_name(context.data)), encoding="utf-8")


def packs_index_markdown(packs: list[Collection]) -> str:
    lines = [
        "# Session packs",
        "",
        "<p>Ready-made sets of entries for training sessions and team briefings, in the order a session uses them. "
        "Each pack has a one-page handout with a short link and QR code for every resource.</p>",
        "",
        '<ul class="kb-packs">',
    ]
    for pack in packs:
        link = html.escape(relative_url(PACKS_URL, pack_url(pack)))
        handout = html.escape(relative_url(PACKS_URL, handout_url(pack)))
        lines.append(
            f'<li><a href="{link}">{html.escape(pack.title)}</a>: {len(pack.items)} resources for '
            f'{html.escape(pack.audience)} (<a href="{handout}">printable handout</a>)</li>'
        )
    lines.append("</ul>" if packs else "</ul>\n<p>There are no session packs yet.</p>")
    return "\n".join(lines) + "\n"


def pack_markdown(pack: Collection, items: list[PackItem]) -> str:
    """The pack's page: the trainer's notes as Markdown, the resources as raw HTML with relative links."""
    here = pack_url(pack)
    handout = html.escape(relative_url(here, handout_url(pack)))
    lines = [
        f"# {escape_markdown(pack.title)}",
        "",
        f"<p><strong>Audience:</strong> {html.escape(pack.audience)}</p>",
        f'<p><a class="md-button" href="{handout}">Print the one-page handout</a></p>',
        "",
        "## Trainer's notes",
        "",
        pack.trainer_notes.strip(),
        "",
        "## Resources, in session order",
        "",
        '<ol class="kb-pack-items">',
    ]
    for item in items:
        link = html.escape(relative_url(here, item.entry.url))
        lines.append(
            f'<li><a href="{link}">{html.escape(item.entry.title)}</a> ({html.escape(item.entry.kind.label.lower())}): '
            f"{inline_html(item.why)}<br>Short link: <code>{html.escape(item.short_link)}</code></li>"
        )
    lines.append("</ol>")
    return "\n".join(lines) + "\n"


def handout_html(pack: Collection, items: list[PackItem], name: str) -> str:
    """A standalone page that prints on one side of A4: no site navigation, no scripts."""
    rows = "\n".join(_handout_row(number, item) for number, item in enumerate(items, start=1))
    title = html.escape(pack.title)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: handout – {html.escape(name)}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: system-ui, Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; max-width: 48em; margin: 1em auto; padding: 0 1em; color: #111; }}
h1 {{ font-size: 15pt; margin: 0 0 0.2em; }}
.audience {{ margin: 0 0 0.8em; }}
ol {{ list-style: none; padding: 0; margin: 0; }}
li {{ display: flex; gap: 0.8em; align-items: flex-start; border-top: 1px solid #999; padding: 0.45em 0; break-inside: avoid; }}
li .text {{ flex: 1; }}
li h2 {{ font-size: 11pt; margin: 0; }}
li p {{ margin: 0.15em 0; }}
.link {{ font-family: ui-monospace, monospace; word-break: break-all; }}
svg {{ flex: none; width: 22mm; height: 22mm; }}
footer {{ border-top: 1px solid #999; margin-top: 0.6em; padding-top: 0.3em; font-size: 9pt; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p class="audience"><strong>For:</strong> {html.escape(pack.audience)}</p>
<ol>
{rows}
</ol>
</main>
<footer>{html.escape(name)}. Scan a code or type the short link to open each resource.</footer>
</body>
</html>
"""


def _handout_row(number: int, item: PackItem) -> str:
    title = html.escape(item.entry.title)
    link = html.escape(item.short_link)
    return (
        "<li>\n"
        f'<div class="text"><h2>{number}. {title}</h2>\n'
        f"<p>{inline_html(item.why)}</p>\n"
        f'<p>Short link: <a class="link" href="{link}">{link}</a></p></div>\n'
        f"{qr_svg(item.short_link, item.entry.title)}\n"
        "</li>"
    )


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code for `url`, named for screen readers."""
    label = f"QR code for {title}: {url}"
    svg = segno.make(url, error="m").svg_inline(title=label, omitsize=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
