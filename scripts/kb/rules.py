"""The validator's rules: one `Rule` per code, declared beside the check that reports it.

A check declares its rule once, at the top of its module:

    YAML_TAB = rule(
        "yaml-tab", "error", "Lines are indented with tabs",
        "indent with spaces, not tabs",
        file_example("practice_examples/example-tab.yaml", "id: x\\n\\ttitle: y\\n"),
    )

and reports with `YAML_TAB.problem(path, line, **values)`, so every message `kb validate` prints is
its rule's template filled in. `kb rules` lists the registry, the site's /contribute/rules/ page is
written from it, the entry form reads its codes and templates, and a test validates every example on
a copy of the real knowledge base (tests/validation/test_rule_examples.py). A rule without an example
says why (`no_example=`); at most three may.

A plugin's rules are declared the same way in its own module, which the plugin names in
`Plugin.rule_modules` (e.g. the search plugin's `likely-duplicate`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning")
MAX_WITHOUT_EXAMPLE = 3
# Every module that declares core rules; importing them fills the registry.
RULE_MODULES = (
    "kb.loader",
    "kb.validation",
    "kb.validation.file_rules",
    "kb.validation.schema_rules",
    "kb.validation.markdown_safety",
    "kb.validation.personal_data",
    "kb.validation.status_rules",
    "kb.validation.language_rules",
    "kb.validation.cross_rules",
    "kb.validation.content_rules",
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str
    rule: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Example:
    """A file that breaks a rule: where it goes in a knowledge base (relative) and, built when asked, its text."""

    path: str
    make_text: Callable[[], str] = field(repr=False)

    @property
    def text(self) -> str:
        return self.make_text()


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str  # one line, for the list of rules
    message: str  # the template `kb validate` fills; `{name}` placeholders
    example: Example | None = None
    no_example: str = ""  # why there is no example, when there is none

    def say(self, **values: Any) -> str:
        return self.message.format(**values)

    def problem(self, path: str, line: int, **values: Any) -> Problem:
        return Problem(path, line, self.severity, self.say(**values), self.code)


REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, summary: str, message: str, example: Example | None = None, *, no_example: str = "") -> Rule:
    """Declare and register one rule."""
    if code in REGISTRY:
        raise ValueError(f"rule {code} is declared twice")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: severity must be one of {SEVERITIES}")
    if (example is None) == (not no_example):
        raise ValueError(f"rule {code}: give an example, or (only) say in no_example why there is none")
    declared = Rule(code, severity, summary, message, example, no_example)
    REGISTRY[code] = declared
    return declared


def all_rules(plugin_modules: Iterable[str] = ()) -> list[Rule]:
    """Every rule, by code: the core's and those declared in the plugins' modules."""
    for module in (*RULE_MODULES, *plugin_modules):
        importlib.import_module(module)
    return sorted(REGISTRY.values(), key=lambda each: each.code)


def rules_json(rules: list[Rule]) -> dict[str, Any]:
    """`kb rules --format json`."""
    return {
        "rules": [
            {
                "code": each.code,
                "severity": each.severity,
                "summary": each.summary,
                "message": each.message,
                "example": {"path": each.example.path, "text": each.example.text} if each.example else None,
                "no_example": each.no_example or None,
            }
            for each in rules
        ]
    }


# Examples ------------------------------------------------------------------------------------

# Valid entries against the real knowledge base (its taxonomy terms, a cited source document with a
# locator); an example changes one thing. Ids begin `example-` so they take no real entry's id.
_SOURCE = {
    "title": "Rapid Document Review",
    "publisher": "PraxisCollab for The Children's Society",
    "date": "2021-11",
    "locator": "Section 4",
}
_COMMON = {
    "summary": "What the partnership did, in a few sentences of your own words.",
    "themes": ["child-criminal-exploitation"],
    "areas": ["pan-london"],
    "audiences": ["childrens-social-care"],
    "sources": [_SOURCE],
    "last_reviewed": "2026-01-15",
}
BASE_ENTRIES: dict[str, dict[str, Any]] = {
    "practice_example": {
        **_COMMON,
        "organisation": "London Borough of Example",
        "category": "building-safety-for-young-londoners",
        "what_was_done": "Practitioners met weekly to plan together.",
        "impact": "The source does not report outcomes.",
        "evidence_level": "not-evaluated",
    },
    "protocol": {
        **_COMMON,
        "document_type": "protocol",
        "issuing_body": "An example partnership",
        "applies_to": "All partner agencies.",
        "status": "current",
        "status_checked": "2026-11-01",
        "status_source": {
            "title": "Example protocol: publication page",
            "publisher": "An example partnership",
            "date": "2026-11",
            "url": "https://www.example.org/protocol",  # example.org: reserved for examples, never a real page
        },
        # The issuer's page `kb sources check` watches; off GOV.UK, so it carries its text's digest.
        "watch": {"url": "https://www.example.org/protocol", "text_digest": "sha256:" + "0" * 64},
    },
    "case_review": {
        **_COMMON,
        "review_type": "thematic-review",
        "partnership": "An example partnership",
        "year_published": 2021,
        "harm_types": ["child-criminal-exploitation"],
        "content_note": "This review discusses exploitation.",
        "learning_themes": ["Information sharing"],
        "learning_points": ["Agencies should share information early."],
    },
    "resource": {**_COMMON, "resource_type": "research", "key_findings": ["A finding."]},
}


def _folder(kind: str) -> str:
    from .content_model import KINDS_BY_NAME

    return KINDS_BY_NAME[kind].folder


def entry_text(kind: str, entry_id: str, fields: dict[str, Any]) -> str:
    import yaml

    from .content_model import schema_modeline

    data: dict[str, Any] = {"id": entry_id, "title": f"Example entry for {entry_id.removeprefix('example-').replace('-', ' ')}"}
    data.update(BASE_ENTRIES[kind])
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return schema_modeline(kind) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def entry_example(name: str, kind: str = "practice_example", **fields: Any) -> Example:
    """A valid entry of `kind` with `fields` changed (None removes a field), at `<folder>/example-<name>.yaml`."""
    entry_id = f"example-{name}"
    return Example(f"{_folder(kind)}/{entry_id}.yaml", lambda: entry_text(kind, entry_id, fields))


def file_example(path: str, text: str) -> Example:
    """A file given as it is, for faults below the level of fields (YAML, encoding, names)."""
    return Example(path, lambda: text)


def edited_example(name: str, edit: Callable[[str], str], kind: str = "practice_example", **fields: Any) -> Example:
    """A valid entry's text changed by `edit`: for faults in how it is written rather than in its values."""
    entry_id = f"example-{name}"
    return Example(f"{_folder(kind)}/{entry_id}.yaml", lambda: edit(entry_text(kind, entry_id, fields)))
