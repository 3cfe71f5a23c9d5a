"""What the build gives the entry form: the validator's own rules, the content model, the repository."""

from __future__ import annotations

import json
import re

import pytest

from kb.content_model import PRACTICE_EXAMPLE, line
from kb.entry_form import page, rules
from kb.rules import REGISTRY, all_rules
from kb.validation import cross_rules, file_rules, language_rules, markdown_safety, personal_data, schema_rules
from kb.validation import validate as validate_base
from tests.conftest import REPO

KINDS = page.OFFERED_KINDS


def test_exported_rules_are_the_validators_own() -> None:
    exported = json.loads(json.dumps(rules.shared_rules(KINDS)))  # as the page reads them
    assert exported["rules"] == {each.code: {"severity": each.severity, "message": each.message} for each in all_rules()}
    personal = exported["personal"]
    for name, pattern in personal_data.PATTERNS.items():
        assert personal["patterns"][name] == {"source": pattern.pattern, "flags": "i" if pattern.flags & re.IGNORECASE else ""}
    assert set(personal["mail_domains"]) == personal_data.PERSONAL_MAIL_DOMAINS
    assert personal["postcodes_matter_for"] == list(file_rules.POSTCODES_MATTER_FOR)
    assert exported["markdown"]["parts"] == markdown_safety.PARTS
    assert exported["markdown"]["attribute_list"]["source"] == markdown_safety.ATTRIBUTE_LIST.pattern
    assert set(exported["markdown"]["safe_schemes"]) == markdown_safety.SAFE_SCHEMES
    assert [term["pattern"] for term in exported["language"]["terms"]] == [term.pattern for term in language_rules.TERMS]
    assert exported["language"]["quotation"] == {"source": language_rules.QUOTATION.pattern, "flags": "m"}
    assert exported["schema"]["keyword_rules"] == schema_rules.KEYWORD_RULES
    assert exported["schema"]["type_words"] == schema_rules.TYPE_WORDS
    assert exported["taxonomy_fields"] == cross_rules.TAXONOMY_FIELDS


def test_the_form_reports_each_schema_fault_under_kb_validates_code() -> None:
    """Ajv names the keyword (`minLength`); the form reports the code `kb validate` reports (`empty`)."""
    keyword_rules = rules.shared_rules(KINDS)["schema"]["keyword_rules"]
    assert keyword_rules["minLength"] == "empty"
    assert set(keyword_rules.values()) <= set(REGISTRY)


def test_every_schema_pattern_has_the_rule_kb_validate_reports() -> None:
    patterns = rules.shared_rules(KINDS)["schema"]["patterns"]
    assert patterns["^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$"] == "date-format"
    assert patterns["^(https?://|mailto:)"] == "url-scheme"
    assert patterns["^[a-z0-9]+(-[a-z0-9]+)*$"] == "id-format"
    assert patterns["^sha256:[0-9a-f]{64}$"] == "text-digest-format"  # not id-format's "must be kebab-case"


def test_a_field_added_to_the_content_model_reaches_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PRACTICE_EXAMPLE.fields, "funding", line("Who funds it, as published."))
    schema = page.kind_data("practice_example")["schema"]
    assert schema["properties"]["funding"]["description"] == "Who funds it, as published."


def test_the_form_offers_the_practice_example_first_with_the_real_terms_and_taken_ids() -> None:
    knowledge_base = validate_base(REPO).knowledge_base
    data = page.form_data(knowledge_base, "", "main")
    assert [kind["name"] for kind in data["kinds"]] == list(KINDS)
    assert data["kinds"][0]["modeline"] == "# yaml-language-server: $schema=../schemas/practice_example.schema.json"
    themes = {term["id"]: term["label"] for term in data["taxonomy"]["themes"]}
    assert themes == {term.id: term.label for term in knowledge_base.taxonomy.themes.values()}
    entry = next(iter(knowledge_base.entries.values()))
    assert data["taken"][entry.id] == entry.path
    assert data["repository"] == {}  # no repository known: no GitHub link, never a guessed one
    for name in page.NOT_ASKED + page.TODAY_FIELDS + tuple(page.DERIVED_FIELDS):
        assert name in data["kinds"][0]["schema"]["properties"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/org/kb", {"url": "https://github.com/org/kb", "owner": "org", "name": "kb", "branch": "main"}),
        ("https://gitlab.com/org/kb", {}),
        ("https://github.com/org", {}),
        ("", {}),
    ],
)
def test_only_a_github_repository_gets_a_propose_link(url: str, expected: dict[str, str]) -> None:
    assert page.repository(url, "main") == expected
