"""`kb build` and `kb serve`. The build is imported inside the commands, so other commands start fast."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .. import debugging
from ..arguments import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command
from ..arguments import date_argument as _date
from .address import ENVIRONMENT_VARIABLE, BadSiteAddress, SiteAddress, resolve_site_address

if TYPE_CHECKING:
    from .build import BuildFailed


def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, default=Path("site"), help="where the site goes (default: site)")
    parser.add_argument("--today", type=_date, help="check dates as if today were this date (YYYY-MM-DD)")
    _site_url_argument(parser)
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base folder (default: here)")


def _site_url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site-url",
        help=f"the address the site is published at, e.g. https://org.github.io/kb/ (default: {ENVIRONMENT_VARIABLE}, "
        "then site_url in mkdocs.yml)",
    )


def _address(args: argparse.Namespace, command: str) -> SiteAddress | None:
    """The site's address from --site-url, KB_SITE_URL or mkdocs.yml; None (said on stderr) when the one given is bad."""
    try:
        return resolve_site_address(args.site_url, args.root)
    except BadSiteAddress as error:
        print(f"{command}: {error}", file=sys.stderr)
        return None


def run_build(args: argparse.Namespace) -> int:
    """Validate the entries and build the site into site/ (the old site stays if anything fails)."""
    from .build import BuildFailed, BuildOptions, build_site

    address = _address(args, "kb build")
    if address is None:
        return EXIT_USAGE
    options = BuildOptions(root=args.root, output=args.output, today=args.today, address=address, plugins=args.plugins)
    started = time.perf_counter()
    try:
        context = build_site(options, say=lambda line: print(line, flush=True))
    except BuildFailed as failure:
        return _report("kb build", failure, options.output)
    size = sum(path.stat().st_size for path in options.output.rglob("*") if path.is_file())
    print(
        f"built {len(context.knowledge_base.entries)} entries into {options.output}/ in {time.perf_counter() - started:.1f} s ({size / 1e6:.1f} MB)"
    )
    return EXIT_OK


def _report(name: str, failure: BuildFailed, output: Path) -> int:
    debugging.print_traceback(failure.__cause__)
    for problem in failure.problems:
        print(problem.format(), file=sys.stderr)
    print(f"{name}: {failure}", file=sys.stderr)
    print(f"{name}: nothing was changed in {output}/", file=sys.stderr)
    return EXIT_PROBLEMS


def _configure_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base folder (default: here)")
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)")
    _site_url_argument(parser)


def run_serve(args: argparse.Namespace) -> int:
    """Serve the site on 127.0.0.1:8000 and rebuild a page when its entry is saved."""
    from .build import BuildFailed
    from .serve import serve

    site = _address(args, "kb serve")
    if site is None:
        return EXIT_USAGE
    try:
        return serve(args.root, args.address, args.plugins, site)
    except BuildFailed as failure:
        return _report("kb serve", failure, Path("site"))


COMMANDS = (Command("build", _configure_build, run_build), Command("serve", _configure_serve, run_serve))
