"""`kb search QUERY`: the knowledge base from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..arguments import date_argument as _date
from ..content_model import KINDS_BY_NAME
from ..model import CHECKED_PHRASE, STATUS_FACETS
from .index import on_disk
from .query import Filters, Response, search


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help="words to look for, e.g. CCE or 'philomena protocol'")
    parser.add_argument("--kind", choices=sorted(KINDS_BY_NAME), help="only this kind of entry")
    parser.add_argument("--theme", help="only entries with this theme id (taxonomy/themes.yaml)")
    parser.add_argument("--area", help="only entries for this area id (taxonomy/areas.yaml)")
    parser.add_argument("--status", choices=STATUS_FACETS, help="only entries whose status is this (protocols)")
    parser.add_argument("--limit", type=int, default=10, help="at most this many results (default 10)")
    parser.add_argument("--today", type=_date, help="judge how recently statuses were confirmed as if today were this date")
    parser.add_argument("--json", action="store_true", help="print JSON: query, total, suggestion, results")
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base folder (default: here)")


def run(args: argparse.Namespace) -> int:
    text = " ".join(args.query)
    response = search(
        on_disk(args.root), text, Filters(args.kind, args.theme, args.area, args.status), max(args.limit, 1), args.today
    )
    print(json.dumps(response.as_json(), ensure_ascii=False) if args.json else human(response))
    return 0


def human(response: Response) -> str:
    lines = []
    if response.suggestion:
        lines.append(f"Showing results for: {response.suggestion}")
    if not response.results:
        lines.append(f"No entries match “{response.query}”.")
    for hit in response.results:
        label = KINDS_BY_NAME[hit.kind].label
        status = f" [{hit.status}]" if hit.status else ""
        checked = f"{CHECKED_PHRASE.lower()} {hit.last_reviewed}"
        lines.append(f"{label}: {hit.title}{status} · {checked} · {hit.url}")
    if response.total > len(response.results):
        lines.append(f"({len(response.results)} of {response.total}; use --limit to see more)")
    return "\n".join(lines)
