"""`kb`, the command line. Thin: each command calls the module that does the work."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, debugging
from .arguments import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command, Handler
from .arguments import date_argument as _date

if TYPE_CHECKING:
    from .site.hooks import Plugin

COMMANDS: dict[str, Command] = {}  # the command line's own commands; the features' come with their plugins


def command(name: str, configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        COMMANDS[name] = Command(name, configure, function)
        return function

    return register


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"kb: error: {message}\n")


class _CommandParser(_Parser):
    """A command's parser, given its arguments only when that command is run or its help shown.

    Adding every command's arguments up front imported what each needs for them (Whoosh for `kb search`,
    requests for `kb sources`), about a fifth of a second on every run of any command.
    """

    def __init__(self, *args: Any, configure: Callable[[argparse.ArgumentParser], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._configure = configure

    def _configured(self) -> None:
        if self._configure is not None:
            configure, self._configure = self._configure, None
            configure(self)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._configured()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._configured()
        return super().format_usage()

    def format_help(self) -> str:
        self._configured()
        return super().format_help()


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations")
    parser.add_argument("--today", type=_date, help="check dates as if today were this date (YYYY-MM-DD)")
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base folder (default: here)")
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="check only these files, against the rest of the knowledge base (default: check everything)",
    )


@command("validate", _configure_validate)
def run_validate(args: argparse.Namespace) -> int:
    """Check every entry, or the files named; print one line per problem."""
    from .site.hooks import combine
    from .validation import KnowledgeBaseHasErrors, NotAnEntryFile, load, validate_files

    if args.paths:
        try:
            result = validate_files(args.root, args.paths, today=args.today)
        except NotAnEntryFile as error:
            print(f"kb validate: {error}", file=sys.stderr)
            return EXIT_USAGE
    else:
        try:
            result = load(args.root, strict=True, today=args.today, extra_checks=list(combine(args.plugins).every_check))
        except KnowledgeBaseHasErrors as failed:
            result = failed.result
    for problem in result.problems:
        print(_github(problem) if args.format == "github" else problem.format())
    summary = f"{result.errors} error{'s' * (result.errors != 1)}, {result.warnings} warning{'s' * (result.warnings != 1)} in {result.files_checked} files"
    print(summary)
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _github(problem: object) -> str:
    from .loader import Problem

    assert isinstance(problem, Problem)
    level = "error" if problem.severity == "error" else "warning"
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line},title={problem.rule}::{message}"


def _configure_new(parser: argparse.ArgumentParser) -> None:
    from .content_model import COLLECTION, KINDS

    parser.add_argument("kind", choices=[kind.name for kind in KINDS] + [COLLECTION], help="what sort of entry")
    parser.add_argument("--title", required=True, help="the entry's title, in quotes")
    parser.add_argument("--root", type=Path, default=Path("."))


@command("new", _configure_new)
def run_new(args: argparse.Namespace) -> int:
    """Write a new entry from a template that teaches the fields."""
    from .templates import NewEntryError, write_new_entry

    try:
        path = write_new_entry(args.root, args.kind, args.title)
    except NewEntryError as error:
        print(f"kb new: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}: fill in every field, then run `kb validate`")
    return EXIT_OK


def _configure_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--check", action="store_true", help="fail if schemas/ differs from the content model")


@command("schema", _configure_schema)
def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files under schemas/ from the content model."""
    from .schema_files import stale_schema_files, write_schema_files

    if args.check:
        stale = stale_schema_files(args.root / "schemas")
        for name in stale:
            print(f"schemas/{name}: out of date; run `kb schema`")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for name in write_schema_files(args.root / "schemas"):
        print(f"wrote schemas/{name}")
    return EXIT_OK


def _configure_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="json: for tools")
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base folder, for --write and --check")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write the site's page of rules (docs/contribute/rules/index.md)")
    action.add_argument("--check", action="store_true", help="fail if that page differs from the rules")


@command("rules", _configure_rules)
def run_rules(args: argparse.Namespace) -> int:
    """List every rule kb validate checks: its code, severity and what it finds."""
    import json

    from .rules import all_rules, rules_json
    from .rules_page import PAGE, page_is_stale, write_page

    rules = all_rules(module for plugin in args.plugins for module in plugin.rule_modules)
    if args.write:
        print(f"wrote {write_page(args.root, rules)}")
        return EXIT_OK
    if args.check:
        if page_is_stale(args.root, rules):
            print(f"{PAGE}: out of date; run `kb rules --write`")
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.format == "json":
        print(json.dumps(rules_json(rules), ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(each.code) for each in rules)
    for each in rules:
        print(f"{each.code:<{width}}  {each.severity:<7}  {each.summary}")
    print(f"{len(rules)} rules; `kb rules --format json` gives each one's message and example")
    return EXIT_OK


def build_parser(plugins: Sequence[Plugin] | None = None) -> argparse.ArgumentParser:
    """The command line: its own commands, the site's, and each plugin's (default: the plugins kb ships with)."""
    from .plugins import default_plugins
    from .site.commands import COMMANDS as SITE_COMMANDS

    plugins = tuple(default_plugins() if plugins is None else plugins)
    parser = _Parser(prog="kb", description="The London adolescent safeguarding knowledge base.")
    parser.add_argument("--version", action="version", version=f"kb {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help=f"print the full traceback when kb fails (or set {debugging.VARIABLE}=1)"
    )
    parser.set_defaults(plugins=plugins)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    commands.required = True
    for each in [*COMMANDS.values(), *SITE_COMMANDS, *(command for plugin in plugins for command in plugin.commands)]:
        summary = (each.run.__doc__ or "").strip().splitlines()[0] if each.run.__doc__ else None
        sub = commands.add_parser(each.name, help=summary, configure=each.configure)
        sub.set_defaults(handler=each.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    name = "kb"
    try:
        args = build_parser().parse_args(argv)
        name = f"kb {args.command}"
        if args.debug:
            debugging.enable()
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the one place a traceback is turned into a message
        debugging.print_traceback(error)
        hint = (
            ""
            if debugging.enabled()
            else f"\nRun it again with `kb --debug ...` (or {debugging.VARIABLE}=1) to see the traceback."
        )
        print(
            f"{name}: internal error: {type(error).__name__}: {error}\n"
            f"This is a bug in kb, not in your entry. Please report it with the command you ran.{hint}",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
