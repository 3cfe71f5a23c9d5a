"""The validator's rules as data, for the entry form in the browser.

The form checks what `kb validate` checks, with the same words: it is given the validator's
own patterns, lists and message templates, exported here at build time, rather than a second
copy written in JavaScript. Codes, severities and message templates come from the rule registry
(`kb.rules`), so the form reports a fault under the code `kb validate` reports it under. A test
asserts this export equals the Python rules, so the two cannot drift. Templates keep Python's
`{name}` placeholders; the form fills them the same way.
"""

from __future__ import annotations

import re
from typing import Any

from ..content_model import FIELD_VOCABULARIES, KINDS_BY_NAME, kind_schema
from ..rules import all_rules
from ..templates import TITLE_TOO_SHORT_FOR_ID
from ..validation import file_rules, language_rules, markdown_safety, personal_data, schema_rules


def js_pattern(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as the source and flags of a JavaScript RegExp (the syntax used here is common to both)."""
    flags = ("i" if pattern.flags & re.IGNORECASE else "") + ("m" if pattern.flags & re.MULTILINE else "")
    return {"source": pattern.pattern, "flags": flags}


def schema_patterns(schemas: list[dict[str, Any]]) -> dict[str, str]:
    """Every `pattern` in the schemas -> the rule `kb validate` reports when a value fails it."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found[node["pattern"]] = schema_rules.pattern_rule(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in schemas:
        walk(schema)
    return found


def shared_rules(kind_names: tuple[str, ...]) -> dict[str, Any]:
    schemas = [schema_rules.bundled(kind_schema(KINDS_BY_NAME[name])) for name in kind_names]
    return {
        "rules": {each.code: {"severity": each.severity, "message": each.message} for each in all_rules()},
        "personal": {
            "patterns": {name: js_pattern(pattern) for name, pattern in personal_data.PATTERNS.items()},
            "mail_domains": sorted(personal_data.PERSONAL_MAIL_DOMAINS),
            "postcodes_matter_for": list(file_rules.POSTCODES_MATTER_FOR),
        },
        "markdown": {
            "triggers": list(markdown_safety._TRIGGERS),
            "safe_schemes": sorted(markdown_safety.SAFE_SCHEMES),
            "attribute_list": js_pattern(markdown_safety.ATTRIBUTE_LIST),
            "parts": markdown_safety.PARTS,
        },
        "language": {
            "terms": [
                {
                    "pattern": term.pattern,
                    "why": term.why,
                    "preferred": term.preferred,
                    "title": term.source[0],
                    "url": term.source[1],
                }
                for term in language_rules.TERMS
            ],
            "quotation": js_pattern(language_rules.QUOTATION),
            "not_prose": list(language_rules.NOT_PROSE),
        },
        "dates": {"keys": sorted(file_rules._DATE_KEYS)},
        "address_keys": sorted(file_rules._ADDRESS_KEYS),
        "schema": {
            "keyword_rules": schema_rules.KEYWORD_RULES,
            "too_few": schema_rules.TOO_FEW,
            "enum_fix": schema_rules.ENUM_FIX,
            "patterns": schema_patterns(schemas),
            "type_words": schema_rules.TYPE_WORDS,
        },
        "ids": {"title_too_short": TITLE_TOO_SHORT_FOR_ID},
        "taxonomy_fields": FIELD_VOCABULARIES,
    }
