"""Compiled Jinja templates kept between builds (Jinja's bytecode cache), for mkdocs' theme and kb's own pages.

Jinja compiles each template from its source the first time it is used: Material's sixty templates took about
0.5 s of every build's one core. The compiled code is kept in the user's cache folder (`kb.user_cache`), and Jinja
checks it against the template's source and Python's version each time it loads it. The key adds what else
decides the code Jinja makes: Jinja's version, the environment's syntax settings, extensions and escaping, so
two environments never share a file. Keeping the cache is never worth a failed build: a file that cannot be
written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from ..user_cache import user_cache

MAX_FILES = 2000  # a folder holding more (many checkouts, many versions) is emptied and starts again


class TemplateCache(FileSystemBytecodeCache):
    def __init__(self, directory: Path, environment: Environment) -> None:
        super().__init__(str(directory))
        self.environment = environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(repr((jinja2.__version__, name, filename, _settings(self.environment, name))).encode()).hexdigest()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk or a read-only cache: the next build compiles it again
            super().dump_bytecode(bucket)


def keep_compiled(environment: Environment, name: str) -> None:
    """Let the environment keep its compiled templates in the user's cache folder `jinja-<name>`."""
    directory = user_cache(f"jinja-{name}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with os.scandir(directory) as found:
            if sum(1 for _ in found) > MAX_FILES:
                for path in directory.iterdir():
                    path.unlink(missing_ok=True)
    except OSError:
        return  # no cache folder: templates are compiled as usual
    environment.bytecode_cache = TemplateCache(directory, environment)


def _settings(environment: Environment, name: str) -> tuple[Any, ...]:
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    return (
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.finalize is not None,
        autoescape,
    )
