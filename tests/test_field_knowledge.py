"""Field knowledge kept in the content model: each label map covers its field's values, each vocabulary and
reference field is a field of some kind, and the validator, pages and form read these, not copies."""

from __future__ import annotations

from kb.content_model import (
    COLLECTION_SCHEMA,
    COMMON_DEFINITIONS,
    ENUM_LABELS,
    FIELD_VOCABULARIES,
    KINDS,
    REFERENCE_FIELDS,
    TAXONOMY_NAMES,
)
from kb.recommendations import STATUS_LABELS
from kb.site.pages import EVIDENCE_LABELS
from kb.templates import render_template
from kb.validation.cross_rules import TAXONOMY_FIELDS


def enum_of(field: str) -> list[str]:
    if "." in field:
        definition, name = field.split(".")
        return COMMON_DEFINITIONS[definition]["properties"][name]["enum"]
    (values,) = {tuple(kind.fields[field]["enum"]) for kind in KINDS if field in kind.fields}
    return list(values)


def test_every_label_map_covers_exactly_its_fields_values() -> None:
    for field, labels in ENUM_LABELS.items():
        assert list(labels) == enum_of(field), field


def test_vocabulary_and_reference_fields_are_fields() -> None:
    fields = (
        {name for kind in KINDS for name in kind.fields}
        | set(KINDS[0].fields)
        | {"related", "themes", "areas", "audiences", "age_bands"}
    )
    assert set(FIELD_VOCABULARIES) <= fields
    assert set(FIELD_VOCABULARIES.values()) <= set(TAXONOMY_NAMES)
    for field in REFERENCE_FIELDS:
        name = field[0] if isinstance(field, tuple) else field
        assert name in fields or name in COLLECTION_SCHEMA["properties"], name


def test_the_validator_pages_and_templates_read_the_content_model() -> None:
    assert TAXONOMY_FIELDS is FIELD_VOCABULARIES
    assert EVIDENCE_LABELS is ENUM_LABELS["evidence_level"]
    assert STATUS_LABELS is ENUM_LABELS["recommendation.status"]
    import datetime as dt

    template = render_template("practice_example", "an-entry", "An entry", dt.date(2026, 12, 3))
    assert "not-evaluated = not evaluated (no evaluation published); theory = a theory of change" in template
