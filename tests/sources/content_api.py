"""Content API answers in the shapes GOV.UK publishes: alphagov/content-store's openapi.yaml (ContentItem,
WithdrawnNotice, 303 for a path inside another item, 404, 410) and publishing-api's content schemas
(content_schemas/dist/formats/publication, redirect and gone, frontend): `details.change_history` is a list
of `{note, public_timestamp}`; a redirect item has `redirects: [{path, type, destination}]`; a gone item
has `details.explanation` and `details.alternative_path`."""

from __future__ import annotations

from typing import Any


def publication(base_path: str, public_updated_at: str, notes: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    """A `publication` content item as the Content API serves it (the fields the schema requires, and a few more)."""
    return {
        "base_path": base_path,
        "content_id": "5e8e3f0e-7631-11e4-a3cb-005056011aef",
        "description": "Statutory guidance on inter-agency working to safeguard and promote the welfare of children.",
        "details": {
            "body": '<div class="govspeak"><p>This guidance applies to all organisations.</p></div>',
            "documents": ['<section class="attachment">...</section>'],
            "political": False,
            "change_history": [{"public_timestamp": when, "note": note} for when, note in notes],
            "first_public_at": "2015-03-26T00:00:00.000+00:00",
        },
        "document_type": "statutory_guidance",
        "email_document_supertype": "publications",
        "first_published_at": "2015-03-26T00:00:00.000+00:00",
        "government_document_supertype": "guidance",
        "links": {
            "organisations": [
                {
                    "base_path": "/government/organisations/department-for-education",
                    "content_id": "ebd15ade-73b2-4eaf-b1c3-43034a42eb37",
                    "locale": "en",
                    "title": "Department for Education",
                }
            ]
        },
        "locale": "en",
        "navigation_document_supertype": "guidance",
        "phase": "live",
        "public_updated_at": public_updated_at,
        "publishing_app": "whitehall",
        "rendering_app": "government-frontend",
        "schema_name": "publication",
        "title": "Example statutory guidance",
        "updated_at": "2026-12-01T09:00:00.000+00:00",
        "user_journey_document_supertype": "thing",
        "withdrawn_notice": {},
        **extra,
    }


def redirect(base_path: str, destination: str) -> dict[str, Any]:
    return {
        "base_path": base_path,
        "content_id": None,
        "description": None,
        "details": {},
        "document_type": "redirect",
        "links": {},
        "locale": "en",
        "public_updated_at": "2026-11-20T10:00:00.000+00:00",
        "publishing_app": "whitehall",
        "redirects": [{"path": base_path, "type": "exact", "destination": destination}],
        "rendering_app": None,
        "schema_name": "redirect",
        "title": None,
        "updated_at": "2026-11-20T10:00:00.000+00:00",
    }


def gone(base_path: str, explanation: str, alternative_path: str | None = None) -> dict[str, Any]:
    return {
        "base_path": base_path,
        "content_id": None,
        "description": None,
        "details": {"explanation": explanation, "alternative_path": alternative_path},
        "document_type": "gone",
        "links": {},
        "locale": "en",
        "public_updated_at": None,
        "publishing_app": "whitehall",
        "rendering_app": None,
        "schema_name": "gone",
        "title": None,
        "updated_at": "2026-11-25T10:00:00.000+00:00",
    }
