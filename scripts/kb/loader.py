"""Strict YAML loading: bytes in, a plain mapping out, every value with its line.

PyYAML is used only as a parser (its C event parser when available). The tree is built
here from the event stream so that what YAML should never carry in this project is
refused before any value exists: tags (a `!!python/...` tag never runs), anchors and
aliases (no alias bombs), duplicate keys (PyYAML would keep the last silently),
several documents, and nesting deep enough to exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - the C parser ships with PyYAML wheels
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
Path_ = tuple[str | int, ...]

# Bidirectional controls can make text read differently from what it is ("Trojan Source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IMPLICIT = yaml.resolver.Resolver()


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str
    rule: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.rule}]"


@dataclass
class Document:
    """A loaded file: its data, the line of every value, and what was wrong with it."""

    path: str
    data: dict[str, Any] | None
    lines: dict[Path_, int] = field(default_factory=dict)
    # paths of plain scalars YAML turned into something other than a string
    implicit_types: dict[Path_, tuple[str, str]] = field(default_factory=dict)  # (yaml type, raw text)
    problems: list[Problem] = field(default_factory=list)
    first_line: str = ""

    def line_of(self, path: Path_) -> int:
        """The line of a value, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class LoadError(Exception):
    def __init__(self, line: int, message: str, rule: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.rule = rule


def load_file(path: Path, display_path: str | None = None) -> Document:
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _failed(
                shown,
                1,
                f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit; split long text or move it to a linked document",
                "file-too-large",
            )
        raw = path.read_bytes()
    except OSError as error:
        return _failed(shown, 1, f"cannot read the file: {error.strerror}", "file-unreadable")
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> Document:
    if len(raw) > MAX_BYTES:
        return _failed(shown, 1, f"file is over the {MAX_BYTES:,}-byte limit", "file-too-large")
    try:
        text = decode(raw)
        _check_characters(text)
        data, lines, implicit = _parse(text)
    except LoadError as error:
        return _failed(shown, error.line, error.message, error.rule)
    first = text.split("\n", 1)[0]
    return Document(shown, data, lines, implicit, first_line=first)


def _failed(shown: str, line: int, message: str, rule: str) -> Document:
    return Document(shown, None, problems=[Problem(shown, line, "error", message, rule)])


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and (raw[0] == 0 or raw[1] == 0)):
        raise LoadError(1, "the file is UTF-16; save it as UTF-8", "encoding")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(line, f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8", "encoding") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_characters(text: str) -> None:
    if not text.strip():
        raise LoadError(1, 'the file is empty; start from `kb new KIND --title "..."`', "yaml-empty")
    if "\t" not in text and not _CONTROL.search(text) and not _BIDI.search(text):
        return  # nearly every file: one scan of the whole text instead of one per line
    for number, content in enumerate(text.split("\n"), start=1):
        if "\x00" in content:
            raise LoadError(number, "the line holds a NUL byte; remove it", "control-character")
        if _CONTROL.search(content):
            raise LoadError(number, "the line holds an invisible control character; retype it", "control-character")
        if _BIDI.search(content):
            raise LoadError(
                number,
                "the line holds a bidirectional control character that can disguise text; remove it",
                "bidi-character",
            )
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            raise LoadError(number, "indent with spaces, not tabs", "yaml-tab")


def _parse(text: str) -> tuple[dict[str, Any], dict[Path_, int], dict[Path_, tuple[str, str]]]:
    try:
        return _Builder(yaml.parse(text, Loader=_EventLoader)).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or "the YAML cannot be read"
        raise LoadError(line, f"YAML syntax: {problem}; check indentation and quotes on this line", "yaml-syntax") from None
    except yaml.YAMLError as error:
        raise LoadError(1, f"YAML syntax: {error}", "yaml-syntax") from None


class _Builder:
    """Builds the tree while the parser streams its events, one event of look-ahead.

    Streaming is what keeps hostile files cheap: PyYAML's scanner does work proportional
    to the flow nesting for every token, so a 100 KB file of nested `[` took 31 s to
    parse in full (quadratic) before the depth could be checked. Pulled one event at a
    time, the file is refused at the first event deeper than MAX_DEPTH, after reading
    a few hundred bytes, and every other shape of a 256 KB file parses in linear time.
    """

    def __init__(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        self.upcoming: yaml.Event | None = None
        self.lines: dict[Path_, int] = {}
        self.implicit: dict[Path_, tuple[str, str]] = {}

    def build(self) -> tuple[dict[str, Any], dict[Path_, int], dict[Path_, tuple[str, str]]]:
        self._next()  # the stream's start
        start = self._next()
        if not isinstance(start, yaml.DocumentStartEvent):
            raise LoadError(1, "the file is empty", "yaml-empty")
        event = self._peek()
        if isinstance(event, yaml.DocumentEndEvent):
            raise LoadError(1, "the file holds no data", "yaml-empty")
        if not isinstance(event, yaml.MappingStartEvent):
            raise LoadError(
                event.start_mark.line + 1,
                "the top level must be a mapping of `key: value` lines, like the template from `kb new`",
                "yaml-not-mapping",
            )
        value = self._value((), 0)
        self._next()  # the document's end
        following = self._next()
        if isinstance(following, yaml.DocumentStartEvent):
            raise LoadError(
                following.start_mark.line + 1,
                "the file holds more than one YAML document (a second `---`); keep one entry per file",
                "yaml-multiple-documents",
            )
        return value, self.lines, self.implicit

    def _peek(self) -> yaml.Event:
        if self.upcoming is None:
            self.upcoming = next(self.events)
        return self.upcoming

    def _next(self) -> yaml.Event:
        event = self._peek()
        self.upcoming = None
        return event

    def _value(self, path: Path_, depth: int) -> Any:
        event = self._next()
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise LoadError(line, f"nesting is deeper than {MAX_DEPTH} levels; no entry needs that", "yaml-too-deep")
        if isinstance(event, yaml.AliasEvent):
            raise LoadError(line, f"alias *{event.anchor} is not allowed; write the value out in full", "yaml-anchor")
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise LoadError(line, f"anchor &{anchor} is not allowed; write each value out in full", "yaml-anchor")
        self._refuse_tag(event, line)
        self.lines.setdefault(path, line)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self._peek(), yaml.SequenceEndEvent):
                items.append(self._value((*path, len(items)), depth + 1))
            self._next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        raise LoadError(line, "unexpected YAML structure", "yaml-syntax")  # pragma: no cover

    def _mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(self._peek(), yaml.MappingEndEvent):
            key_event = self._peek()
            line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                raise LoadError(line, "a key must be a plain word such as `title`", "yaml-complex-key")
            self._refuse_tag(key_event, line)
            if key_event.anchor:
                raise LoadError(line, f"anchor &{key_event.anchor} is not allowed", "yaml-anchor")
            self._next()
            key = key_event.value
            if key in mapping:
                first = self.lines[(*path, key)]
                raise LoadError(
                    line,
                    f"duplicate key `{key}` (first on line {first}); YAML would silently keep only this one: merge them",
                    "yaml-duplicate-key",
                )
            self.lines[(*path, key)] = line
            mapping[key] = self._value((*path, key), depth + 1)
        self._next()
        return mapping

    @staticmethod
    def _refuse_tag(event: yaml.Event, line: int) -> None:
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag and (implicit is False or (isinstance(implicit, tuple) and not any(implicit)))
        if explicit and tag not in ("tag:yaml.org,2002:str",):
            raise LoadError(line, f"YAML tag `{tag}` is not allowed; remove it and write a plain value", "yaml-tag")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and tag:
            raise LoadError(line, f"YAML tag `{tag}` is not allowed", "yaml-tag")

    def _scalar(self, event: yaml.ScalarEvent, path: Path_) -> Any:
        if event.style or not event.implicit[0]:
            return event.value  # quoted or block text: always a string
        resolved = _IMPLICIT.resolve(yaml.ScalarNode, event.value, (True, False))
        kind = resolved.rsplit(":", 1)[-1]
        if kind == "str":
            return event.value
        if kind == "timestamp":
            return event.value  # dates stay ISO strings; the schema checks their form
        self.implicit[path] = (kind, event.value)
        if kind == "null":
            return None
        if kind == "bool":
            return event.value.lower() in ("yes", "true", "on", "y")
        if kind == "int":
            try:
                return int(event.value.replace("_", ""), 0)
            except ValueError:
                return event.value
        if kind == "float":
            try:
                return float(event.value.replace("_", ""))
            except ValueError:
                return event.value
        return event.value
