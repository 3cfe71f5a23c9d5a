"""The content model: every kind of entry, its folder and its fields.

This module is the single source of truth for the schema. `kb schema` writes the
JSON Schema files under `schemas/` from it (editors validate against those as the
contributor types) and a test fails if the committed files drift from it.
Descriptions here are what an editor shows on hover, so they teach the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A date may be as precise as the source is: a year, a month or a day.
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
FULL_DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
TITLE_MAX = 120
SUMMARY_MAX = 700
TEXT_MAX = 6000


@dataclass(frozen=True)
class Kind:
    name: str  # singular, used in ids of schemas and on the command line
    folder: str
    label: str  # singular, for people
    plural: str
    review_interval_days: int  # after this long since last_reviewed an entry is stale
    fields: dict[str, Any]
    required: tuple[str, ...]
    description: str


def text(description: str, max_length: int = TEXT_MAX) -> dict[str, Any]:
    """Markdown text without raw HTML."""
    return {"type": "string", "minLength": 1, "maxLength": max_length, "description": description}


def line(description: str, max_length: int = 200) -> dict[str, Any]:
    """A short plain line: a name, a role, an organisation."""
    return {"type": "string", "minLength": 1, "maxLength": max_length, "description": description}


def ref(name: str, description: str) -> dict[str, Any]:
    return {"$ref": f"common.schema.json#/definitions/{name}", "description": description}


def id_list(description: str, min_items: int = 0) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"$ref": "common.schema.json#/definitions/id"},
        "uniqueItems": True,
        "minItems": min_items,
        "description": description,
    }


def text_list(description: str, min_items: int = 1) -> dict[str, Any]:
    return {
        "type": "array",
        "items": text("One item, in Markdown.", 2000),
        "minItems": min_items,
        "description": description,
    }


def enum(values: list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": values, "description": description}


def obj(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
        "description": description,
    }


CONTACT = obj(
    {
        "name": line("Name exactly as the source document publishes it."),
        "role": line("Role or team, as published."),
        "organisation": line("Organisation, as published."),
        "email": {
            "type": "string",
            "format": "email",
            "maxLength": 200,
            "description": "A work or team mailbox the source document publishes. Never a personal address.",
        },
        "phone": line("A published work number. Never a personal number.", 40),
        "url": ref("url", "A published page about the contact route."),
    },
    [],
    "Only contact details the cited source itself publishes. Leave out anything you cannot cite.",
)

COMMON_DEFINITIONS: dict[str, Any] = {
    "id": {
        "type": "string",
        "pattern": ID_PATTERN,
        "minLength": 3,
        "maxLength": 80,
        "description": "kebab-case, lower-case letters, digits and hyphens.",
    },
    "partial_date": {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "An ISO date as precise as the source: 2021, 2021-11 or 2021-11-30.",
    },
    "date": {
        "type": "string",
        "pattern": FULL_DATE_PATTERN,
        "description": "An ISO date, YYYY-MM-DD.",
    },
    "url": {
        "type": "string",
        "pattern": "^(https?://|mailto:)",
        "maxLength": 500,
        "description": "A full https:// address copied from the source. Never guess one.",
    },
    "source": obj(
        {
            "title": line("The document's real title, exactly as published.", 300),
            "publisher": line("Who published it, for example 'London Innovation and Improvement Alliance (LIIA)'."),
            "date": {"$ref": "#/definitions/partial_date", "description": "When it was published."},
            "url": {"$ref": "#/definitions/url", "description": "Only an address the document itself gives."},
            "locator": line("Where in the document: a page, section or table, e.g. 'Section 4, Table 3'."),
        },
        ["title", "publisher", "date"],
        "A document this entry is drawn from.",
    ),
    "contact": CONTACT,
    "public_page": obj(
        {
            "title": line("The page's or document's real title, exactly as published.", 300),
            "publisher": line("Who published it, e.g. 'Department for Education'."),
            "date": {
                "$ref": "#/definitions/partial_date",
                "description": "When it was published or last updated, as the page says.",
            },
            "url": {
                "type": "string",
                "pattern": "^https://",
                "maxLength": 500,
                "description": "The https:// address you actually read. Never guess one.",
            },
        },
        ["title", "publisher", "date", "url"],
        "A public page or document, cited by its real title, publisher, date and the address you read.",
    ),
}

# Recommendations are one shared structure, not a kind of entry. A review's recommendations belong to
# the document that makes them, and such documents already sit in two kinds: case reviews, and
# resources whose resource_type is review or report (the Rapid Document Review). A separate "review"
# kind would move those files, change their addresses and split reviews across kinds; instead each
# kind whose documents make recommendations lists them with this one definition, and the site, the
# open data and the validator read them the same way wherever they are.
RECOMMENDATION_STATUSES = ["not-published", "open", "in-progress", "completed"]
RECOMMENDATION_LEVELS = ["local", "regional", "national"]
PROGRESS_STATUSES = ["in-progress", "completed"]  # claims of progress: each must cite a source that says so
RESOURCE_TYPES_WITH_RECOMMENDATIONS = ["review", "report"]

COMMON_DEFINITIONS["recommendation"] = obj(
    {
        "text": text("The recommendation, in your own words.", 1000),
        "owner": line("Who must act, exactly as the review publishes it, or 'Not published'."),
        "level": enum(RECOMMENDATION_LEVELS, "Who must act: local (a borough or agency), regional (London-wide) or national."),
        "by_when": line("The deadline exactly as published, or 'Not published'.", 60),
        "status": enum(
            RECOMMENDATION_STATUSES,
            "A claim, dated by status_checked: not-published when no progress is public; open, in-progress or "
            "completed only as a published source says (in-progress and completed need status_source).",
        ),
        "status_checked": {
            "$ref": "#/definitions/partial_date",
            "description": "When the status was last checked against a published source (YYYY-MM-DD). If nothing newer than "
            "the review is public, the review's own date, as precise as it gives it (e.g. 2021-11): the page says 'as of' it.",
        },
        "status_source": {
            "$ref": "#/definitions/source",
            "description": "The page or document that reports the progress, by its real title, with the address you read. "
            "Required for in-progress and completed.",
        },
    },
    ["text", "owner", "level", "by_when", "status", "status_checked"],
    "One recommendation a review makes, with its owner, level and deadline as published and a dated status.",
)
COMMON_DEFINITIONS["recommendation"]["allOf"] = [
    {
        "if": {"properties": {"status": {"enum": PROGRESS_STATUSES}}, "required": ["status"]},
        "then": {"required": ["status_source"]},
    }
]


def recommendations_field(description: str) -> dict[str, Any]:
    return {"type": "array", "items": ref("recommendation", "One recommendation."), "description": description}


def reflection_questions_field() -> dict[str, Any]:
    """Questions a team discusses at the end of a 7-minute briefing: written by people, never generated."""
    return {
        "type": "array",
        "items": line("One question, in plain words, as a team would discuss it.", 300),
        "minItems": 1,
        "maxItems": 5,
        "uniqueItems": True,
        "description": "Optional. Up to five questions for a team to discuss at the end of this entry's 7-minute briefing "
        "(/briefings/<id>/), written from its learning points or steps: no new facts. Left out, the briefing has no "
        "questions section.",
    }


COMMON_FIELDS: dict[str, Any] = {
    "id": {
        "$ref": "common.schema.json#/definitions/id",
        "description": "The file name without .yaml; unique across the knowledge base. Never change it once published: add the old id to `aliases` instead.",
    },
    "title": {
        "type": "string",
        "minLength": 3,
        "maxLength": TITLE_MAX,
        "description": f"What a practitioner would call it, at most {TITLE_MAX} characters.",
    },
    "summary": text("Two or three plain-English sentences: what it is and why it matters.", SUMMARY_MAX),
    "themes": id_list("Theme ids from taxonomy/themes.yaml.", 1),
    "areas": id_list("Area ids from taxonomy/areas.yaml: a borough, pan-london or national.", 1),
    "audiences": id_list("Who it is for: agency ids from taxonomy/agencies.yaml.", 1),
    "age_bands": id_list("Age band ids from taxonomy/age_bands.yaml."),
    "sources": {
        "type": "array",
        "items": {"$ref": "common.schema.json#/definitions/source"},
        "minItems": 1,
        "description": "Every document this entry draws on, by its real title. At least one.",
    },
    "last_reviewed": ref(
        "date",
        "When someone last checked this entry against its sources (YYYY-MM-DD); the page says 'Checked against its sources on' "
        "this date. Not a confirmation that a protocol's status still holds: that is status_checked.",
    ),
    "added": ref("date", "When the entry was first published in the knowledge base (YYYY-MM-DD)."),
    "owner": line("Who keeps this entry current: a team or organisation, not a person."),
    "related": id_list("Ids of other entries a reader should see next."),
    "aliases": id_list("Former ids of this entry; their short links keep working."),
    "details": text("Anything else worth knowing, in Markdown."),
}
COMMON_REQUIRED = ("id", "title", "summary", "themes", "areas", "audiences", "sources", "last_reviewed")

EVIDENCE_LEVELS = ["not-evaluated", "theory", "preliminary", "robust"]
PROTOCOL_STATUSES = ["current", "under-review", "superseded", "withdrawn"]

PRACTICE_EXAMPLE = Kind(
    name="practice_example",
    folder="practice_examples",
    label="Practice example",
    plural="Practice examples",
    review_interval_days=730,
    description="A piece of practice that works, or is being tested, and who to ask about it.",
    fields={
        "organisation": line("The local authority or organisation that leads it, e.g. 'London Borough of Newham'."),
        "category": {
            "$ref": "common.schema.json#/definitions/id",
            "description": "A category id from taxonomy/categories.yaml.",
        },
        "stage": enum(["planned", "pilot", "running", "completed"], "How far along it is."),
        "problem": text("The problem it set out to solve."),
        "what_was_done": text("What was done, by whom, with whom."),
        "impact": text("What changed and how that is known. If the source publishes no outcomes, say so."),
        "evidence_level": enum(
            EVIDENCE_LEVELS,
            "not-evaluated: no evaluation published; theory: a theory of change; preliminary: early data; robust: an independent evaluation.",
        ),
        "child_voice": text("How children, young people and families shaped it."),
        "equality": text("What it does for equality and racial equity."),
        "contact": ref("contact", "The key contact, only as the source publishes it."),
        "recognition": line("Awards or recognition, e.g. 'Practice Spotlight submission, 2024'."),
    },
    required=("organisation", "category", "what_was_done", "impact", "evidence_level"),
)

PROTOCOL = Kind(
    name="protocol",
    folder="protocols",
    label="Protocol or guidance",
    plural="Protocols and guidance",
    review_interval_days=365,
    description="A protocol, procedure, framework, statutory guidance or law: what to do, and which version is current.",
    fields={
        "document_type": enum(
            ["protocol", "procedure", "framework", "statutory-guidance", "guidance", "legislation", "programme", "standard"],
            "What sort of document it is.",
        ),
        "issuing_body": line("Who issued it."),
        "applies_to": text("Who must or should follow it.", 1000),
        "status": enum(
            PROTOCOL_STATUSES,
            "current, under-review, superseded (give superseded_by or successor) or withdrawn. A claim: give status_checked and status_source.",
        ),
        "status_checked": ref(
            "date",
            "The day the status was last confirmed (YYYY-MM-DD). Required when the status is current or under-review. "
            "If nothing newer than the source document confirms it, use that document's date: the page will then say 'not confirmed since'.",
        ),
        "status_source": ref(
            "source",
            "The page or document that confirmed the status on status_checked, e.g. the issuer's GOV.UK publication page "
            "(with the address you read), or the source document itself when nothing newer confirms it.",
        ),
        "superseded_by": {
            "$ref": "common.schema.json#/definitions/id",
            "description": "The id of the entry that replaced this one.",
        },
        "watch": obj(
            {
                "url": {
                    "type": "string",
                    "pattern": "^https://",
                    "maxLength": 500,
                    "description": "The issuer's own canonical page for this guidance (a GOV.UK publication page, "
                    "legislation.gov.uk, london.gov.uk, the procedures' own site), as you read it.",
                },
                "text_digest": {
                    "type": "string",
                    "pattern": "^sha256:[0-9a-f]{64}$",
                    "description": "For a page not on GOV.UK: the digest of its main text on status_checked, as "
                    "`kb sources digest URL` prints it. `kb sources check` reports the page changed when its text no longer matches.",
                },
            },
            ["url"],
            "The issuer's page that `kb sources check` watches every week. Required while the status is current or "
            "under-review; confirm the status against this page (status_source) whenever you can.",
        ),
        "successor": ref(
            "public_page",
            "What replaced it, when the successor has no entry in the knowledge base yet: its title, publisher, date and https address.",
        ),
        "status_date": ref("partial_date", "When it took its present status (for example when it was superseded)."),
        "version": line("Version or edition as published, e.g. '2021' or 'v2'.", 60),
        "effective_date": ref("partial_date", "When it took effect."),
        "review_date": ref("partial_date", "When its issuer said it would be reviewed."),
        "amendments": {
            "type": "array",
            "items": obj(
                {"date": ref("partial_date", "When."), "change": text("What changed.", 1000)},
                ["date", "change"],
                "One amendment.",
            ),
            "description": "The amendments log, oldest first.",
        },
        "key_steps": text_list("What a practitioner does, step by step."),
        "referral_routes": {
            "type": "array",
            "items": obj(
                {"name": line("The route."), "how": text("How to use it.", 1000), "contact": ref("contact", "As published.")},
                ["name", "how"],
                "One referral route.",
            ),
            "description": "Where concerns go.",
        },
        "reflection_questions": reflection_questions_field(),
    },
    required=("document_type", "issuing_body", "applies_to", "status"),
)

CASE_REVIEW = Kind(
    name="case_review",
    folder="case_reviews",
    label="Case review",
    plural="Learning from case reviews",
    review_interval_days=1095,
    description="Learning from a child safeguarding practice review, serious case review, rapid, thematic or national review.",
    fields={
        "review_type": enum(
            [
                "child-safeguarding-practice-review",
                "serious-case-review",
                "rapid-review",
                "thematic-review",
                "national-review",
                "independent-review",
                "triennial-analysis",
                "inspection",
            ],
            "What sort of review.",
        ),
        "partnership": line("The safeguarding partnership or body that commissioned it."),
        "year_published": {"type": "integer", "minimum": 1990, "maximum": 2100, "description": "Year the review was published."},
        "pseudonym": line("The name the published review uses. Never a real name; leave out if the review uses none.", 80),
        "age_band": {
            "$ref": "common.schema.json#/definitions/id",
            "description": "Age band id from taxonomy/age_bands.yaml, only as the review publishes it.",
        },
        "harm_types": id_list("Theme ids for the harms the review considers.", 1),
        "content_note": text(
            "A short warning of distressing content, e.g. 'This review discusses the death of a young person.'", 400
        ),
        "learning_themes": {
            "type": "array",
            "items": line("A theme in a few words."),
            "minItems": 1,
            "description": "The review's learning themes, a few words each.",
        },
        "learning_points": text_list("What practitioners and partnerships should learn."),
        "recommendations": recommendations_field(
            "The review's recommendations, each with owner, level, deadline and a dated status."
        ),
        "child_voice": text("What the review says about the child's voice."),
        "equality": text("What the review says about equality, diversity and race."),
        "reflection_questions": reflection_questions_field(),
    },
    required=("review_type", "partnership", "year_published", "harm_types", "content_note", "learning_themes", "learning_points"),
)

SERVICE = Kind(
    name="service",
    folder="services",
    label="Service",
    plural="Services",
    review_interval_days=365,
    description="A service practitioners can refer to or consult.",
    fields={
        "provider": line("Who runs it."),
        "what_it_offers": text("What it does for children, families or practitioners."),
        "eligibility": text("Who it is for.", 1500),
        "how_to_refer": text("How to refer or get in touch, as published.", 1500),
        "contact": ref("contact", "Only as published."),
    },
    required=("provider", "what_it_offers"),
)

RESOURCE = Kind(
    name="resource",
    folder="resources",
    label="Resource",
    plural="Research and resources",
    review_interval_days=1095,
    description="Research, a report, a toolkit, a newsletter or data that practitioners draw on.",
    fields={
        "resource_type": enum(
            ["research", "report", "review", "toolkit", "newsletter", "data", "event", "strategy"],
            "What sort of resource.",
        ),
        "authors": line("Authors or commissioning body, as published."),
        "key_findings": text_list("What it found or offers, one point each."),
        "recommendations": recommendations_field(
            "Only for a review or report: the recommendations it makes, each with owner, level, deadline and a dated status."
        ),
    },
    required=("resource_type", "key_findings"),
)

TOPIC = Kind(
    name="topic",
    folder="topics",
    label="Topic",
    plural="Topics",
    review_interval_days=365,
    description="A SAIL-style guidance hub that introduces a topic and gathers its entries.",
    fields={
        "section": enum(["foundations", "practice", "systems", "learning"], "Where the hub sits in the table of contents."),
        "introduction": text("An introduction to the topic for a practitioner new to it."),
        "key_messages": text_list("What every practitioner should know, one point each."),
        "subtopics": {
            "type": "array",
            "items": obj({"title": line("Sub-topic."), "text": text("What to know.", 2000)}, ["title", "text"], "A sub-topic."),
            "description": "Sub-topics, listed in the table of contents.",
        },
        "entries": id_list("Entries gathered here, in reading order (entries tagged with the hub's themes are added after)."),
    },
    required=("section", "introduction", "key_messages"),
)

KINDS: tuple[Kind, ...] = (PRACTICE_EXAMPLE, PROTOCOL, CASE_REVIEW, SERVICE, RESOURCE, TOPIC)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
KINDS_BY_FOLDER = {kind.folder: kind for kind in KINDS}

# Conditional rules a plain property list cannot say.
KIND_CONDITIONS: dict[str, list[dict[str, Any]]] = {
    "protocol": [
        {
            "if": {"properties": {"status": {"const": "superseded"}}, "required": ["status"]},
            "then": {"anyOf": [{"required": ["superseded_by"]}, {"required": ["successor"]}]},
        },
        {
            "if": {"properties": {"status": {"enum": ["current", "under-review"]}}, "required": ["status"]},
            "then": {"required": ["status_checked", "watch"]},
        },
    ],
    "resource": [
        {
            "if": {"required": ["recommendations"]},
            "then": {"properties": {"resource_type": {"enum": RESOURCE_TYPES_WITH_RECOMMENDATIONS}}},
        }
    ],
}


def kind_schema(kind: Kind) -> dict[str, Any]:
    properties = {**COMMON_FIELDS, **kind.fields}
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DRAFT,
        "$id": f"{kind.name}.schema.json",
        "title": kind.label,
        "description": kind.description,
        "type": "object",
        "additionalProperties": False,
        "required": list(COMMON_REQUIRED + kind.required),
        "properties": properties,
    }
    if kind.name in KIND_CONDITIONS:
        schema["allOf"] = KIND_CONDITIONS[kind.name]
    return schema


def common_schema() -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": "common.schema.json",
        "title": "Definitions shared by every kind of entry",
        "definitions": COMMON_DEFINITIONS,
    }


# A session pack: not a kind of entry (it lists entries), so it has its own name, folder and schema.
COLLECTION = "collection"
COLLECTIONS_FOLDER = "collections"
COLLECTION_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DRAFT,
    "$id": "collection.schema.json",
    "title": "Session pack",
    "description": "A trainer's curated, ordered pack of entries for one session.",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "audience", "trainer_notes", "items"],
    "properties": {
        "id": COMMON_FIELDS["id"],
        "title": COMMON_FIELDS["title"],
        "audience": text("Who the session is for.", 400),
        "trainer_notes": text("Notes for the trainer: aims, timing, how to use the pack."),
        "items": {
            "type": "array",
            "minItems": 1,
            "items": obj(
                {
                    "id": {"$ref": "common.schema.json#/definitions/id", "description": "An entry id."},
                    "why": text("One line on why it is in the pack.", 300),
                },
                ["id", "why"],
                "One resource in the pack.",
            ),
            "description": "The resources, in the order the session uses them.",
        },
    },
}


def _taxonomy_schema(name: str, item_properties: dict[str, Any], item_required: list[str], description: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": f"taxonomy-{name}.schema.json",
        "title": f"Taxonomy: {name}",
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": [name],
        "properties": {
            name: {
                "type": "array",
                "minItems": 1,
                "items": obj(item_properties, item_required, f"One of the {name}."),
            }
        },
    }


TERM = {
    "id": COMMON_DEFINITIONS["id"],
    "label": line("The name people see."),
    "description": text("One or two sentences saying what belongs here.", 600),
}

TAXONOMY_SCHEMAS: dict[str, dict[str, Any]] = {
    "themes": _taxonomy_schema(
        "themes",
        {
            **TERM,
            "synonyms": {"type": "array", "items": line("Another word for it."), "description": "Other words practitioners use."},
        },
        ["id", "label", "description"],
        "One common language of harms and priorities.",
    ),
    "areas": _taxonomy_schema(
        "areas",
        {
            "id": TERM["id"],
            "label": TERM["label"],
            "type": enum(["london-borough", "city", "pan-london", "national", "region"], "What sort of area."),
        },
        ["id", "label", "type"],
        "London's 33 local authorities, pan-London and national.",
    ),
    "agencies": _taxonomy_schema("agencies", TERM, ["id", "label", "description"], "Agencies and audiences an entry is for."),
    "age_bands": _taxonomy_schema(
        "age_bands",
        {**TERM, "min_age": {"type": "integer", "minimum": 0}, "max_age": {"type": "integer", "minimum": 0}},
        ["id", "label", "min_age", "max_age"],
        "Age bands.",
    ),
    "categories": _taxonomy_schema(
        "categories",
        {
            **TERM,
            "includes": text("'This category includes examples of practice that…'", 600),
            "introduction": text("An introduction to the examples in this category and the themes they share."),
        },
        ["id", "label", "description", "includes", "introduction"],
        "Practice Spotlight-style categories of practice examples.",
    ),
    "glossary": _taxonomy_schema(
        "glossary",
        {
            "term": line("The acronym or term as practitioners write it, e.g. 'CCE'.", 40),
            "expansion": line("What it stands for."),
            "definition": text("One plain-English line.", 400),
        },
        ["term", "expansion", "definition"],
        "Acronyms and terms with their expansion and a one-line definition.",
    ),
}


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name under schemas/ -> schema."""
    schemas = {"common.schema.json": common_schema(), "collection.schema.json": COLLECTION_SCHEMA}
    schemas.update({f"{kind.name}.schema.json": kind_schema(kind) for kind in KINDS})
    schemas.update({f"taxonomy-{name}.schema.json": schema for name, schema in TAXONOMY_SCHEMAS.items()})
    return schemas


# Field knowledge beside the fields: what the validator, the page templates, `kb new` and the entry form
# read, so each says the same about a field without a copy of its own.

# field -> the taxonomy vocabulary its values come from (kb validate's `taxonomy-unknown`, the form's choices)
FIELD_VOCABULARIES: dict[str, str] = {
    "themes": "themes",
    "harm_types": "themes",
    "areas": "areas",
    "audiences": "agencies",
    "age_bands": "age_bands",
    "age_band": "age_bands",
    "category": "categories",
}
# Fields whose values are ids of other entries (`reference-unknown`, `reference-self`): a name, or
# (list field, key) for a key inside each item of a list.
REFERENCE_FIELDS: tuple[str | tuple[str, str], ...] = ("related", "entries", "superseded_by", ("items", "id"))
# field -> each allowed value's label, as pages and the form show it (the value is what the file holds)
ENUM_LABELS: dict[str, dict[str, str]] = {
    "evidence_level": {
        "not-evaluated": "not evaluated (no evaluation published)",
        "theory": "a theory of change",
        "preliminary": "preliminary (early data)",
        "robust": "robust (an independent evaluation)",
    },
    "section": {
        "foundations": "Foundations",
        "practice": "Practice and forms of harm",
        "systems": "Systems and protocols",
        "learning": "Learning from reviews",
    },
    "recommendation.status": {
        "not-published": "Not published",
        "open": "Open",
        "in-progress": "In progress",
        "completed": "Completed",
    },
    "recommendation.level": {"local": "Local", "regional": "Regional", "national": "National"},
}


TAXONOMY_FOLDER = "taxonomy"
TAXONOMY_NAMES = tuple(TAXONOMY_SCHEMAS)  # themes, areas, agencies, age_bands, categories, glossary


def taxonomy_file(name: str) -> str:
    """Where a taxonomy file lives, relative to the knowledge base: `taxonomy/themes.yaml`."""
    return f"{TAXONOMY_FOLDER}/{name}.yaml"


def schema_file(schema_name: str) -> str:
    """The file under schemas/ that checks a kind's entries, session packs (`collection`) or a taxonomy file."""
    return f"taxonomy-{schema_name}.schema.json" if schema_name in TAXONOMY_NAMES else f"{schema_name}.schema.json"


def schema_modeline(schema_name: str) -> str:
    """A YAML file's first line: it points editors at the file's schema, so they check it as it is typed."""
    return f"# yaml-language-server: $schema=../schemas/{schema_file(schema_name)}"
