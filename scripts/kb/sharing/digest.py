"""The monthly digest: a newsletter of the month's new and updated entries, as e-mail-ready HTML and as Markdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..content_model import KINDS, Kind
from ..dates import human_date
from ..model import KnowledgeBase
from ..site.address import SiteAddress
from ..site.rendering import render
from .changes import NEW, UPDATED, Change, changes_in_month, status_changes
from .freshness import UnconfirmedStatus, unconfirmed_statuses
from .history import FileHistory, StatusEdit
from .text import escape_markdown
from .whats_new import PAGE_URL

# E-mail clients drop <style> blocks and scripts, so every style is inline.
FONT = "font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;"
STYLE = {
    "body": FONT + "max-width:640px;margin:0 auto;padding:16px;line-height:1.5;font-size:15px;",
    "h1": FONT + "font-size:22px;margin:0 0 8px;",
    "h2": FONT + "font-size:18px;margin:24px 0 8px;border-bottom:2px solid #1a1a1a;padding-bottom:4px;",
    "h3": FONT + "font-size:16px;margin:16px 0 8px;",
    "item": "margin:0 0 16px;",
    "title": "font-size:16px;font-weight:bold;color:#0b4f9c;text-decoration:underline;",
    "meta": "font-size:13px;color:#444;margin:2px 0;",
    "p": "margin:4px 0;",
}


@dataclass(frozen=True)
class Digest:
    month: dt.date  # the first of the month
    new: list[Change]
    updated: list[Change]
    site_name: str
    address: SiteAddress
    statuses: list[Change] = field(default_factory=list)  # protocols whose status changed or was confirmed
    unconfirmed: list[UnconfirmedStatus] = field(default_factory=list)  # statuses in force not confirmed in a year

    @property
    def heading(self) -> str:
        return f"What's new in {self.month:%B %Y}"

    def link(self, change: Change) -> str:
        return self.short_link(change.entry.id)

    def short_link(self, entry_id: str) -> str:
        return self.address.short_link(entry_id)


UNCONFIRMED_HEADING = "Guidance not confirmed in the last year"
UNCONFIRMED_INTRO = (
    "The status of this guidance was last confirmed more than a year ago: check the issuer's own page before relying on it."
)


def make_digest(
    knowledge_base: KnowledgeBase,
    history: dict[str, FileHistory],
    month: dt.date,
    site_name: str,
    address: SiteAddress,
    edits: dict[str, list[StatusEdit]] | None = None,
) -> Digest:
    changes = changes_in_month(knowledge_base, history, month.year, month.month)
    after = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    month_end = after - dt.timedelta(days=1)  # what a reader at the end of the month could rely on
    return Digest(
        month,
        [change for change in changes if change.kind == NEW],
        [change for change in changes if change.kind == UPDATED],
        site_name,
        address,
        status_changes(knowledge_base, edits or {}, month, after),
        unconfirmed_statuses(knowledge_base, month_end),
    )


def _counts(digest: Digest) -> str:
    new, updated, statuses = len(digest.new), len(digest.updated), len(digest.statuses)
    status_words = f", and {statuses} status {'change' if statuses == 1 else 'changes'}" if statuses else ""
    return (
        f"{new} new {'entry' if new == 1 else 'entries'} and {updated} updated "
        f"{'entry' if updated == 1 else 'entries'}{status_words} in the {digest.site_name} in {digest.month:%B %Y}."
    )


def sections(digest: Digest) -> list[tuple[str, str, list[tuple[Kind, list[Change]]]]]:
    """(heading, verb, [(kind, changes)]) for the new and the updated entries, each grouped by kind in the site's order."""
    found = []
    for heading, verb, changes in (
        ("Status changes", "Recorded", digest.statuses),  # first: a reader acting on guidance needs these most
        ("New entries", "Added", digest.new),
        ("Updated entries", "Updated", digest.updated),
    ):
        groups = [(kind, [change for change in changes if change.entry.kind is kind]) for kind in KINDS]
        groups = [(kind, items) for kind, items in groups if items]
        if groups:
            found.append((heading, verb, groups))
    return found


def digest_markdown(digest: Digest) -> str:
    lines = [f"# {digest.heading}", "", _counts(digest)]
    for heading, verb, groups in sections(digest):
        lines += ["", f"## {heading}"]
        for kind, changes in groups:
            lines += ["", f"### {kind.plural} ({len(changes)})", ""]
            for change in changes:
                lines += [
                    f"**[{escape_markdown(change.entry.title)}]({digest.link(change)})**  ",
                    f"*{_what_happened(change, verb)}.* {' '.join(change.entry.summary.split())}",
                    "",
                ]
    if digest.unconfirmed:
        lines += ["", f"## {UNCONFIRMED_HEADING}", "", UNCONFIRMED_INTRO, ""]
        for item in digest.unconfirmed:
            lines.append(f"- [{escape_markdown(item.entry.title)}]({digest.short_link(item.entry.id)}): {item.claim.label}")
    lines += ["", f"Every change, newest first: {digest.address.absolute(PAGE_URL)}"]
    return "\n".join(lines).rstrip() + "\n"


def digest_html(digest: Digest) -> str:
    """An HTML fragment to paste into an e-mail: inline styles, no scripts, every text escaped."""
    return render(
        "sharing/digest.html.j2",
        "",
        digest=digest,
        counts=_counts(digest),
        sections=sections(digest),
        style=STYLE,
        whats_new=digest.address.absolute(PAGE_URL),
        what_happened=_what_happened,
        unconfirmed_heading=UNCONFIRMED_HEADING,
        unconfirmed_intro=UNCONFIRMED_INTRO,
    )


def _what_happened(change: Change, verb: str) -> str:
    if change.note:
        return f"{change.note} ({verb.lower()} {human_date(change.changed)})"
    return f"{verb} {human_date(change.changed)}"


def write_digest(digest: Digest, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    stem = f"digest-{digest.month:%Y-%m}"
    paths = [output / f"{stem}.html", output / f"{stem}.md"]
    paths[0].write_text(digest_html(digest), encoding="utf-8")
    paths[1].write_text(digest_markdown(digest), encoding="utf-8")
    return paths
