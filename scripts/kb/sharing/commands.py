"""Sharing as a plugin: `kb report stale`, `kb digest`, `kb register`, and what it adds to the site."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from ..arguments import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command
from ..arguments import date_argument as _date
from ..model import Entry, KnowledgeBase
from ..site.hooks import BuildContext, Plugin


# What the site build calls imports feedgen, segno and Jinja templates: only when a site is built, so that
# `kb search` and the other commands start faster.
def review_banner(entry: Entry, context: BuildContext) -> str:
    from .freshness import overdue_banner

    return overdue_banner(entry, context.today)


def share_footer(entry: Entry, context: BuildContext) -> str:
    from .footers import share_footer as footer

    return footer(entry, context)


def print_notice(entry: Entry, context: BuildContext) -> str:
    from .printing import print_notice as notice

    return notice(entry, context)


def write_briefings(context: BuildContext) -> None:
    from .briefings import write_briefings as write

    write(context)


def write_short_links(context: BuildContext) -> None:
    from .shortlinks import write_short_links as write

    write(context)


def write_whats_new(context: BuildContext) -> None:
    from .whats_new import write_whats_new as write

    write(context)


def write_packs(context: BuildContext) -> None:
    from .packs import write_packs as write

    write(context)


def _load(root: Path, today: dt.date | None = None, command: str = "kb") -> KnowledgeBase:
    from ..validation import load

    return load(root, strict=False, today=today, command=command).knowledge_base


def _month(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"`{text}` is not a month; write YYYY-MM")
    return dt.date.fromisoformat(text + "-01")


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "report",
        choices=["stale"],
        help="stale: entries past their review date, oldest first, then protocols whose status is not confirmed recently, "
        "then entries that refer to superseded or withdrawn guidance",
    )
    parser.add_argument("--today", type=_date, help="as if today were this date (YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--root", type=Path, default=Path("."))


def run_report(args: argparse.Namespace) -> int:
    """Report on the knowledge base; `kb report stale` lists overdue reviews, unconfirmed statuses, replaced references."""
    from .freshness import entries_referring_to_replaced, overdue_entries, unconfirmed_statuses
    from .stale_report import stale_json, stale_text

    today = args.today or dt.date.today()
    knowledge_base = _load(args.root, today, "kb report")
    overdue, unconfirmed = overdue_entries(knowledge_base, today), unconfirmed_statuses(knowledge_base, today)
    referring = entries_referring_to_replaced(knowledge_base)
    report = stale_json if args.json else stale_text
    print(report(overdue, today, unconfirmed, referring))
    return EXIT_OK


def _configure_digest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=_month, required=True, help="the month, YYYY-MM")
    parser.add_argument("--output", type=Path, default=Path("."), help="folder for digest-YYYY-MM.html and .md")
    parser.add_argument(
        "--site-url",
        help="the site's address, e.g. https://org.github.io/kb/ (default: KB_SITE_URL, then site_url in mkdocs.yml)",
    )
    parser.add_argument("--root", type=Path, default=Path("."))


def run_digest(args: argparse.Namespace) -> int:
    """Write a newsletter of a month's new and updated entries, as e-mail-ready HTML and Markdown."""
    from ..site.address import BadSiteAddress, resolve_site_address
    from .digest import make_digest, write_digest
    from .history import file_history, status_edits
    from .links import SITE_NAME

    try:
        address = resolve_site_address(args.site_url, args.root)
    except BadSiteAddress as error:
        print(f"kb digest: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not address.known:
        print(f"kb digest: {address.announcement()}", file=sys.stderr)
    digest = make_digest(
        _load(args.root, command="kb digest"), file_history(args.root), args.month, SITE_NAME, address, status_edits(args.root)
    )
    for path in write_digest(digest, args.output):
        print(f"wrote {path}")
    statuses = f", {len(digest.statuses)} status change{'s' * (len(digest.statuses) != 1)}" if digest.statuses else ""
    print(f"{len(digest.new)} new, {len(digest.updated)} updated{statuses} in {args.month:%B %Y}")
    return EXIT_OK


def _configure_register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="fail if a published id is missing from the register")
    parser.add_argument("--root", type=Path, default=Path("."))


def run_register(args: argparse.Namespace) -> int:
    """Append every newly published id to registry/published-ids.txt, so its short link works for ever."""
    from .register import REGISTER_PATH, append_to_register, unregistered_ids

    knowledge_base = _load(args.root, command="kb register")
    if args.check:
        missing = unregistered_ids(args.root, knowledge_base)
        for entry_id in missing:
            print(f"{REGISTER_PATH}: `{entry_id}` is published but not registered; run `kb register`")
        return EXIT_PROBLEMS if missing else EXIT_OK
    added = append_to_register(args.root, knowledge_base)
    print(f"added {len(added)} id{'s' * (len(added) != 1)} to {REGISTER_PATH}" + (": " + ", ".join(added) if added else ""))
    return EXIT_OK


SHARING = Plugin(
    name="sharing",
    commands=(
        Command("report", _configure_report, run_report),
        Command("digest", _configure_digest, run_digest),
        Command("register", _configure_register, run_register),
    ),
    page_generators=(write_whats_new, write_packs, write_briefings),
    entry_banners=(print_notice, review_banner),
    entry_footers=(share_footer,),
    post_build=(write_short_links,),
)
