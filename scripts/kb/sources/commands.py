"""Watched sources as a plugin: `kb sources check | digest | issues`.

The network code and trafilatura are imported inside the functions, so other commands start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..arguments import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command
from ..arguments import date_argument as _date
from ..site.hooks import Plugin


def _seconds(text: str, zero_allowed: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number of seconds") from None
    if value < 0 or (value == 0 and not zero_allowed):
        raise argparse.ArgumentTypeError(f"`{text}` must be {'0 or more' if zero_allowed else 'more than 0'}")
    return value


def _positive(text: str) -> float:
    return _seconds(text, zero_allowed=False)


def _not_negative(text: str) -> float:
    return _seconds(text, zero_allowed=True)


def _configure(parser: argparse.ArgumentParser) -> None:
    from .govuk import DEFAULT_API_BASE

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="check every watched page (and with --links every cited address)")
    check.add_argument(
        "--api-base", default=DEFAULT_API_BASE, help=f"where GOV.UK's Content API is (default: {DEFAULT_API_BASE})"
    )
    check.add_argument("--format", choices=["text", "json"], default="text", help="json: for the weekly workflow")
    check.add_argument("--links", action="store_true", help="also check every address cited as a source for gone or moved")
    check.add_argument("--timeout", type=_positive, default=10.0, help="seconds to wait for each answer (default 10)")
    check.add_argument(
        "--retries", type=int, default=2, choices=range(0, 6), metavar="N", help="retries after a failure (default 2)"
    )
    check.add_argument(
        "--backoff", type=_not_negative, default=1.0, help="seconds before the first retry, doubled after (default 1)"
    )
    check.add_argument("--workers", type=int, default=4, choices=range(1, 9), metavar="N", help="requests at once (default 4)")
    check.add_argument("--today", type=_date, help="the day the report says it checked (default: today)")
    check.add_argument("--root", type=Path, default=Path("."))
    digest = actions.add_parser("digest", help="print the digest of a page's main text, to record as watch.text_digest")
    digest.add_argument("url", help="the issuer's page, as you read it")
    digest.add_argument("--timeout", type=_positive, default=10.0)
    issues = actions.add_parser("issues", help="open or update one GitHub issue per source to re-confirm (GITHUB_TOKEN)")
    issues.add_argument("report", type=Path, help="what `kb sources check --format json` wrote")
    issues.add_argument(
        "--repo", default=os.environ.get("GITHUB_REPOSITORY", ""), help="owner/name (default: $GITHUB_REPOSITORY)"
    )
    issues.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    issues.add_argument("--label", default="watched-source")


def run_sources(args: argparse.Namespace) -> int:
    """Watched sources: check the issuers' pages, print a page's digest, file issues for what to re-confirm."""
    return {"check": _check, "digest": _digest, "issues": _issues}[args.action](args)


def _check(args: argparse.Namespace) -> int:
    from .check import check_sources, load_documents
    from .fetching import Limits
    from .report import as_json, as_table, failure_lines
    from .states import exit_code

    limits = Limits(timeout=args.timeout, retries=args.retries, backoff=args.backoff, workers=args.workers)
    findings = check_sources(load_documents(args.root), args.api_base, limits, links=args.links)
    today = args.today or dt.date.today()
    for line in failure_lines(findings):
        print(line, file=sys.stderr)
    print(as_json(findings, today) if args.format == "json" else as_table(findings, today))
    return exit_code(findings)


def _digest(args: argparse.Namespace) -> int:
    from .fetching import Fetcher, FetchFailed, Limits
    from .pages import Moved, follow
    from .text_digest import digest_of_page

    try:
        response = follow(Fetcher(Limits(timeout=args.timeout)), args.url)
    except Moved as moved:
        print(f"kb sources digest: {args.url} has moved to {moved.location}; record that page instead", file=sys.stderr)
        return EXIT_PROBLEMS
    except FetchFailed as error:
        print(f"kb sources digest: {args.url}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    if response.status_code != 200:
        print(f"kb sources digest: {args.url}: the site answered HTTP {response.status_code}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(digest_of_page(response.content, response.headers.get("Content-Type", "")))
    return EXIT_OK


def _issues(args: argparse.Namespace) -> int:
    from .github_issues import GitHub, GitHubError, read_report, sync_issues

    token = os.environ.get("GITHUB_TOKEN", "")
    if not token or not args.repo:
        print("kb sources issues: set GITHUB_TOKEN and pass --repo OWNER/NAME (or set GITHUB_REPOSITORY)", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = read_report(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"kb sources issues: {args.report}: cannot read the report ({error})", file=sys.stderr)
        return EXIT_USAGE
    try:
        actions = sync_issues(report, GitHub(args.repo, token, args.api_url), args.label)
    except GitHubError as error:
        print(f"kb sources issues: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for action in actions:
        print(f"{action.verb} #{action.number}: {action.key.removeprefix('<!-- kb-sources: ').removesuffix(' -->')}")
    print(f"{len(actions)} issue{'s' * (len(actions) != 1)} opened or updated")
    return EXIT_OK


SOURCES = Plugin(name="sources", commands=(Command("sources", _configure, run_sources),))
