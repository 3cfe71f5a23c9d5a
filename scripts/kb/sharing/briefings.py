"""7-minute briefings: one printable A4 page per case review, and per protocol that lists its steps.

Safeguarding partnerships brief teams with "7-minute briefings": a fixed structure (background, why it
matters, information, what it means for practice, questions for reflection) on one page, with a link back.
Each section is filled from the entry's own fields, nothing else: "questions for reflection" come from the
entry's `reflection_questions`, written by people, and the section is left out when an entry has none.
The page ends with the source, the day the entry was last checked against it, and the entry's short link
(a QR code when the build knows the site's address).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Entry, KnowledgeBase
from ..site.address import SiteAddress
from ..site.hooks import BuildContext
from ..site.rendering import case_review_line, render
from .links import short_link_path, site_name
from .printing import printed_line
from .qr_codes import short_link_qr

BRIEFINGS_URL = "briefings/"
REPLACED = ("superseded", "withdrawn")
NO_RECOMMENDATIONS = "This entry records no recommendations from the review: read the review itself for them (source below)."
UNPUBLISHED_OWNERS = "The review's recommendations, as the entry records them (it publishes no owner or deadline for them):"
NO_ROUTES = "This entry records no referral routes: follow the steps above and the full document (source below)."


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)  # Markdown, one paragraph each
    items: list[str] = field(default_factory=list)  # Markdown, a bulleted list after the paragraphs


@dataclass(frozen=True)
class Briefing:
    entry: Entry
    lead: str  # the line under the title
    note: str  # a content note, or a warning about the status, shown before the sections; "" for none
    sections: list[Section]


def briefing_url(entry: Entry) -> str:
    return f"{BRIEFINGS_URL}{entry.id}/"


def has_briefing(entry: Entry) -> bool:
    """Every case review; a protocol when it lists its steps (the briefing's information) and is not replaced:
    a page made to be printed and handed round must not carry superseded or withdrawn guidance."""
    if entry.kind.name == "case_review":
        return True
    return entry.kind.name == "protocol" and bool(entry.get("key_steps")) and entry.status not in REPLACED


def briefing(entry: Entry, knowledge_base: KnowledgeBase, today: dt.date) -> Briefing:
    return (
        case_review_briefing(entry, knowledge_base)
        if entry.kind.name == "case_review"
        else protocol_briefing(entry, knowledge_base, today)
    )


def _labels(knowledge_base: KnowledgeBase, vocabulary: str, term_ids: list[str]) -> list[str]:
    terms = knowledge_base.taxonomy.vocabulary(vocabulary)
    return [terms[term_id].label if term_id in terms else term_id for term_id in term_ids]


def _questions(entry: Entry) -> list[Section]:
    questions = entry.get("reflection_questions") or []
    return [Section("Questions for reflection", items=list(questions))] if questions else []


def case_review_briefing(entry: Entry, knowledge_base: KnowledgeBase) -> Briefing:
    review_type = str(entry.get("review_type")).replace("-", " ").capitalize()
    harms = _labels(knowledge_base, "themes", entry.get("harm_types") or [])
    why = [f"The review considers {_joined(harms).lower()}.", f"Its learning themes: {'; '.join(entry.get('learning_themes'))}."]
    if entry.get("child_voice"):
        why.append(f"The child's voice: {entry.get('child_voice')}")
    information = [f"Equality, diversity and race: {entry.get('equality')}"] if entry.get("equality") else []
    practice = _practice(entry.get("recommendations") or [])
    return Briefing(
        entry,
        f"{case_review_line(entry)} · {review_type}",
        f"Content note: {entry.get('content_note')}",
        [
            Section("Background", [entry.summary]),
            Section("Why it matters", why),
            Section("Information", information, list(entry.get("learning_points"))),
            practice or Section("What it means for practice", [NO_RECOMMENDATIONS]),
            *_questions(entry),
        ],
    )


def _practice(recommendations: list[dict[str, str]]) -> Section | None:
    """The review's recommendations, each with its owner and deadline where the review publishes them; one line
    says so once when it publishes neither for any (repeating "Not published" on each would push the page to two)."""
    if not recommendations:
        return None
    items = [_recommendation(item) for item in recommendations]
    unpublished = not any(_published(item, "owner") or _published(item, "by_when") for item in recommendations)
    return Section("What it means for practice", [UNPUBLISHED_OWNERS] if unpublished else [], items)


def _published(item: dict[str, str], field_name: str) -> str:
    value = (item.get(field_name) or "").strip()
    return "" if value.lower() == "not published" else value


def _recommendation(item: dict[str, str]) -> str:
    owner, by_when = _published(item, "owner"), _published(item, "by_when")
    details = [f"owner: {owner}" if owner else "", f"by when: {by_when}" if by_when else ""]
    shown = "; ".join(detail for detail in details if detail)
    return f"{item['text']} ({shown})" if shown else item["text"]


def protocol_briefing(entry: Entry, knowledge_base: KnowledgeBase, today: dt.date) -> Briefing:
    claim = knowledge_base.status_claim(entry, today)
    document = str(entry.get("document_type")).replace("-", " ")
    lead = f"{document.capitalize()} issued by {entry.get('issuing_body')}"
    note = ""
    if claim is not None and claim.unconfirmed:
        note = f"Status: {claim.label}. Check the issuer's own page before you rely on this {document}."
    routes = [f"**{route['name']}**: {route['how']}" for route in entry.get("referral_routes") or []]
    background = [entry.summary] + ([f"Status: {claim.label}."] if claim is not None else [])
    return Briefing(
        entry,
        lead,
        note,
        [
            Section("Background", background),
            Section("Why it matters", [f"Who must or should follow it: {entry.get('applies_to')}"]),
            Section("Information", items=list(entry.get("key_steps"))),
            Section("What it means for practice", items=routes) if routes else Section("What it means for practice", [NO_ROUTES]),
            *_questions(entry),
        ],
    )


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def briefing_html(item: Briefing, address: SiteAddress, name: str, built: dt.date) -> str:
    """A standalone page that prints on one side of A4."""
    entry, url = item.entry, briefing_url(item.entry)
    return render(
        "sharing/briefing.html.j2",
        url,
        briefing=item,
        entry=entry,
        site_name=name,
        short_link=address.short_link(entry.id),
        short_href=address.href(short_link_path(entry.id), url),
        qr_code=short_link_qr(address, entry.id, entry.title),
        printed=printed_line(entry, address, built, url),
        source=entry.sources[0],
    )


def write_briefings(context: BuildContext) -> None:
    kb = context.knowledge_base
    name = site_name(context.data)
    for entry in kb.entries.values():
        if has_briefing(entry):
            page = context.docs_dir / briefing_url(entry) / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            text = briefing_html(briefing(entry, kb, context.today), context.address, name, context.today)
            page.write_text(text, encoding="utf-8")
