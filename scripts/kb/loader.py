"""Strict YAML loading: bytes in, a plain mapping out, every value with its line.

PyYAML is used only as a parser (its C event parser when available). The tree is built
here from the event stream so that what YAML should never carry in this project is
refused before any value exists: tags (a `!!python/...` tag never runs), anchors and
aliases (no alias bombs), duplicate keys (PyYAML would keep the last silently),
several documents, and nesting deep enough to exhaust the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .rules import Problem, Rule, edited_example, file_example, rule

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
# The first characters of a plain scalar that YAML may read as something other than a string ("" for an empty one).
_MAY_RESOLVE = frozenset(_IMPLICIT.yaml_implicit_resolvers) | {""}
assert None not in _MAY_RESOLVE, "a resolver for any first character: every plain scalar must be resolved"


def _example(name: str, old: str, new: str) -> Any:
    """A valid practice example with `old` replaced by `new` in its text."""
    return edited_example(name, lambda text: text.replace(old, new, 1))


FILE_TOO_LARGE = rule(
    "file-too-large",
    "error",
    "A file is larger than 256 KB",
    "file is {size} bytes, over the {limit}-byte limit; split long text or move it to a linked document",
    _example("file-too-large", "Practitioners met weekly", "Practitioners met weekly " + "and planned together " * 13000),
)
FILE_UNREADABLE = rule(
    "file-unreadable",
    "error",
    "The file system refuses to read a file",
    "cannot read the file: {reason}",
    no_example="the fault is in the file system (permissions, a disk error), not in any text a file could hold",
)
ENCODING = rule(
    "encoding",
    "error",
    "A file is not saved as UTF-8",
    "{what}; save the file as UTF-8",
    file_example("practice_examples/example-encoding.yaml", "i\x00d\x00:\x00 \x00x\x00\n\x00"),  # "id: x" in UTF-16
)
YAML_EMPTY = rule(
    "yaml-empty",
    "error",
    "A file holds nothing",
    'the file {what}; start from `kb new KIND --title "..."`',
    file_example("practice_examples/example-yaml-empty.yaml", "\n"),
)
CONTROL_CHARACTER = rule(
    "control-character",
    "error",
    "A line holds an invisible control character",
    "the line holds {what}; remove it",
    _example("control-character", "met weekly", "met\x07weekly"),
)
BIDI_CHARACTER = rule(
    "bidi-character",
    "error",
    "A line holds a bidirectional control character",
    "the line holds a bidirectional control character that can disguise text; remove it",
    _example("bidi-character", "met weekly", "met \u202eweekly"),
)
YAML_TAB = rule(
    "yaml-tab",
    "error",
    "A line is indented with a tab",
    "indent with spaces, not tabs",
    _example("yaml-tab", "\n  publisher:", "\n\tpublisher:"),
)
YAML_SYNTAX = rule(
    "yaml-syntax",
    "error",
    "The YAML cannot be read",
    "YAML syntax: {problem}; check indentation and quotes on this line",
    _example("yaml-syntax", "title: Example", 'title: "Example'),
)
YAML_NOT_MAPPING = rule(
    "yaml-not-mapping",
    "error",
    "The top level is not a mapping of keys",
    "the top level must be a mapping of `key: value` lines, like the template from `kb new`",
    file_example("practice_examples/example-yaml-not-mapping.yaml", "- id: example-yaml-not-mapping\n- title: A list\n"),
)
YAML_MULTIPLE_DOCUMENTS = rule(
    "yaml-multiple-documents",
    "error",
    "A file holds more than one YAML document",
    "the file holds more than one YAML document (a second `---`); keep one entry per file",
    edited_example("yaml-multiple-documents", lambda text: text + "---\nid: another-entry\n"),
)
YAML_TOO_DEEP = rule(
    "yaml-too-deep",
    "error",
    "Values are nested too deeply",
    "nesting is deeper than {limit} levels; no entry needs that",
    _example("yaml-too-deep", "impact: ", "impact: " + "[" * 14 + "]" * 14 + "\nnote: "),
)
YAML_ANCHOR = rule(
    "yaml-anchor",
    "error",
    "A YAML anchor or alias",
    "{what} is not allowed; write each value out in full",
    _example("yaml-anchor", "\nthemes:", "\nthemes: &themes"),
)
YAML_COMPLEX_KEY = rule(
    "yaml-complex-key",
    "error",
    "A key that is not a plain word",
    "a key must be a plain word such as `title`",
    edited_example("yaml-complex-key", lambda text: text + "? [a, b]\n: c\n"),
)
YAML_DUPLICATE_KEY = rule(
    "yaml-duplicate-key",
    "error",
    "A key given twice",
    "duplicate key `{key}` (first on line {first}); YAML would silently keep only this one: merge them",
    edited_example("yaml-duplicate-key", lambda text: text + "title: Another title\n"),
)
YAML_TAG = rule(
    "yaml-tag",
    "error",
    "A YAML tag such as `!!python/object`",
    "YAML tag `{tag}` is not allowed; remove it and write a plain value",
    _example("yaml-tag", "\nimpact: ", "\nimpact: !note "),
)


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
    def __init__(self, line: int, broken: Rule, **values: Any) -> None:
        super().__init__(broken.say(**values))
        self.line = line
        self.rule = broken
        self.values = values

    def problem(self, shown: str) -> Problem:
        return self.rule.problem(shown, self.line, **self.values)


def load_file(path: Path, display_path: str | None = None) -> Document:
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _failed(shown, 1, FILE_TOO_LARGE, size=f"{size:,}", limit=f"{MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as error:
        return _failed(shown, 1, FILE_UNREADABLE, reason=error.strerror)
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> Document:
    if len(raw) > MAX_BYTES:
        return _failed(shown, 1, FILE_TOO_LARGE, size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")
    try:
        text = decode(raw)
        _check_characters(text)
        data, lines, implicit = _parse(text)
    except LoadError as error:
        return Document(shown, None, problems=[error.problem(shown)])
    first = text.split("\n", 1)[0]
    return Document(shown, data, lines, implicit, first_line=first)


def _failed(shown: str, line: int, broken: Rule, **values: Any) -> Document:
    return Document(shown, None, problems=[broken.problem(shown, line, **values)])


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and (raw[0] == 0 or raw[1] == 0)):
        raise LoadError(1, ENCODING, what="the file is UTF-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(line, ENCODING, what=f"byte 0x{raw[error.start]:02x} is not UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_characters(text: str) -> None:
    if not text.strip():
        raise LoadError(1, YAML_EMPTY, what="is empty")
    if "\t" not in text and not _CONTROL.search(text) and not _BIDI.search(text):
        return  # nearly every file: one scan of the whole text instead of one per line
    for number, content in enumerate(text.split("\n"), start=1):
        if "\x00" in content:
            raise LoadError(number, CONTROL_CHARACTER, what="a NUL byte")
        if _CONTROL.search(content):
            raise LoadError(number, CONTROL_CHARACTER, what="an invisible control character")
        if _BIDI.search(content):
            raise LoadError(number, BIDI_CHARACTER)
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            raise LoadError(number, YAML_TAB)


def _parse(text: str) -> tuple[dict[str, Any], dict[Path_, int], dict[Path_, tuple[str, str]]]:
    parser = _EventLoader(text)
    try:
        return _Builder(parser).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or "the YAML cannot be read"
        raise LoadError(line, YAML_SYNTAX, problem=problem) from None
    except yaml.YAMLError as error:
        raise LoadError(1, YAML_SYNTAX, problem=error) from None
    finally:
        parser.dispose()


class _Builder:
    """Builds the tree while the parser streams its events, one event of look-ahead.

    Streaming is what keeps hostile files cheap: PyYAML's scanner does work proportional
    to the flow nesting for every token, so a 100 KB file of nested `[` took 31 s to
    parse in full (quadratic) before the depth could be checked. Pulled one event at a
    time, the file is refused at the first event deeper than MAX_DEPTH, after reading
    a few hundred bytes, and every other shape of a 256 KB file parses in linear time.
    The events are pulled from the parser itself (`peek_event`, `get_event`), not through
    `yaml.parse`'s generator: a third of the loading time went to passing them along.
    """

    def __init__(self, parser: Any) -> None:  # a PyYAML loader, used only for its events
        self.peek = parser.peek_event
        self.next = parser.get_event
        self.lines: dict[Path_, int] = {}
        self.implicit: dict[Path_, tuple[str, str]] = {}

    def build(self) -> tuple[dict[str, Any], dict[Path_, int], dict[Path_, tuple[str, str]]]:
        self.next()  # the stream's start
        start = self.next()
        if not isinstance(start, yaml.DocumentStartEvent):
            raise LoadError(1, YAML_EMPTY, what="is empty")
        event = self.peek()
        if isinstance(event, yaml.DocumentEndEvent):
            raise LoadError(1, YAML_EMPTY, what="holds no data")
        if not isinstance(event, yaml.MappingStartEvent):
            raise LoadError(event.start_mark.line + 1, YAML_NOT_MAPPING)
        value = self._value((), 0)
        self.next()  # the document's end
        following = self.next()
        if isinstance(following, yaml.DocumentStartEvent):
            raise LoadError(following.start_mark.line + 1, YAML_MULTIPLE_DOCUMENTS)
        return value, self.lines, self.implicit

    def _value(self, path: Path_, depth: int) -> Any:
        event = self.next()
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise LoadError(line, YAML_TOO_DEEP, limit=MAX_DEPTH)
        if isinstance(event, yaml.AliasEvent):
            raise LoadError(line, YAML_ANCHOR, what=f"alias *{event.anchor}")
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise LoadError(line, YAML_ANCHOR, what=f"anchor &{anchor}")
        if getattr(event, "tag", None):  # nearly every event has none
            self._refuse_tag(event, line)
        self.lines.setdefault(path, line)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self._value((*path, len(items)), depth + 1))
            self.next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        raise LoadError(line, YAML_SYNTAX, problem="unexpected YAML structure")  # pragma: no cover

    def _mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(key_event := self.peek(), yaml.MappingEndEvent):
            line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                raise LoadError(line, YAML_COMPLEX_KEY)
            if key_event.tag:
                self._refuse_tag(key_event, line)
            if key_event.anchor:
                raise LoadError(line, YAML_ANCHOR, what=f"anchor &{key_event.anchor}")
            self.next()
            key = key_event.value
            if key in mapping:
                first = self.lines[(*path, key)]
                raise LoadError(line, YAML_DUPLICATE_KEY, key=key, first=first)
            self.lines[(*path, key)] = line
            mapping[key] = self._value((*path, key), depth + 1)
        self.next()
        return mapping

    @staticmethod
    def _refuse_tag(event: yaml.Event, line: int) -> None:
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag and (implicit is False or (isinstance(implicit, tuple) and not any(implicit)))
        if explicit and tag not in ("tag:yaml.org,2002:str",):
            raise LoadError(line, YAML_TAG, tag=tag)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and tag:
            raise LoadError(line, YAML_TAG, tag=tag)

    def _scalar(self, event: yaml.ScalarEvent, path: Path_) -> Any:
        if event.style or not event.implicit[0]:
            return event.value  # quoted or block text: always a string
        if event.value[:1] not in _MAY_RESOLVE:
            return event.value  # plain text no implicit type starts with (most words): a string
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
