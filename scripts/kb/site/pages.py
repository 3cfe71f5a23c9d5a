"""Generated pages as pure functions of the model: each returns {docs-relative path: Markdown}.

Entry pages are HTML inside Markdown (mkdocs passes raw HTML blocks through untouched, so
contributor text is never read as Markdown twice nor as Jinja). Index pages use Markdown
headings (escaped) so the page's table of contents works, with HTML blocks for the lists.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from ..content_model import ENUM_LABELS, KINDS, Kind
from ..model import Entry, KnowledgeBase, Source, Term
from ..templates import slugify
from . import finished_html
from .abbreviations import acronyms, expand_abbreviations
from .address import SiteAddress
from .recommendations_page import recommendations_pages
from .rendering import case_review_line, front_matter, page_path, render

SECTIONS = ENUM_LABELS["section"]  # a topic hub's section, in the table of contents's order
EVIDENCE_LABELS = ENUM_LABELS["evidence_level"]
# index dimension -> (site folder, taxonomy vocabulary, Entry attribute, page title, singular heading)
DIMENSIONS = {
    "themes": ("themes", "themes", "themes", "Browse by theme", "Theme"),
    "areas": ("areas", "areas", "areas", "Browse by area", "Area"),
    "audiences": ("audiences", "agencies", "audiences", "Browse by audience", "For"),
}


@dataclass
class SiteView:
    """What page generation reads besides the model: links out, and the plug-in hooks."""

    knowledge_base: KnowledgeBase
    repo_url: str = ""
    branch: str = "main"
    related: Callable[[Entry], list[Entry]] | None = None
    banners: Callable[[Entry], str] = field(default=lambda entry: "")
    footers: Callable[[Entry], str] = field(default=lambda entry: "")
    today: dt.date = field(default_factory=dt.date.today)  # what a status confirmation's age is measured against
    address: SiteAddress = field(default_factory=SiteAddress)  # for the link preview's og:url

    def related_entries(self, entry: Entry) -> list[Entry]:
        if self.related is not None:
            return self.related(entry)
        found = (self.knowledge_base.resolve(entry_id) for entry_id in entry.related)
        return [item for item in found if item is not None]


# Entry pages -----------------------------------------------------------------------------


def subtopic_anchors(entry: Entry) -> list[str]:
    anchors: list[str] = []
    for index, subtopic in enumerate(entry.get("subtopics") or [], start=1):
        anchor = f"subtopic-{slugify(subtopic['title']) or index}"
        anchors.append(anchor if anchor not in anchors else f"{anchor}-{index}")
    return anchors


GATHER_LIMIT = 60  # entries a hub adds beyond its own list; its theme pages list the rest, so a hub stays readable at any size


def gathered_entries(hub: Entry, knowledge_base: KnowledgeBase) -> list[Entry]:
    """A hub's own list in its order, then other entries sharing its themes (those sharing the most, up to
    GATHER_LIMIT), by title."""
    listed = [found for found in (knowledge_base.resolve(i) for i in hub.get("entries") or []) if found is not None]
    seen = {hub.id, *(entry.id for entry in listed)}
    shared: Counter[str] = Counter()  # entry id -> how many of the hub's themes it has
    for theme in set(hub.themes):
        shared.update(entry.id for entry in knowledge_base.by_theme.get(theme, ()) if entry.id not in seen)
    sharing = [entry for entry in knowledge_base.entries.values() if entry.id in shared]
    if len(sharing) > GATHER_LIMIT:
        sharing = sorted(sharing, key=lambda entry: (-shared[entry.id], entry.title.lower()))[:GATHER_LIMIT]
    return listed + sorted(sharing, key=lambda entry: entry.title.lower())


def more_on_themes(hub: Entry, gathered: list[Entry], knowledge_base: KnowledgeBase) -> list[tuple[Term, int]]:
    """The hub's themes with more entries than the hub shows, and how many each has: links for the rest."""
    shown = {entry.id for entry in gathered} | {hub.id}
    tagged = {theme: knowledge_base.by_theme.get(theme, []) for theme in hub.themes}
    counts = {theme: len(entries) for theme, entries in tagged.items()}
    hidden = any(entry.id not in shown for entries in tagged.values() for entry in entries)
    themes = knowledge_base.taxonomy.themes
    return [(themes[theme], count) for theme, count in counts.items() if theme in themes] if hidden else []


def _label(knowledge_base: KnowledgeBase) -> Callable[[str, str], str]:
    def label(vocabulary: str, term_id: str) -> str:
        term = knowledge_base.taxonomy.vocabulary(vocabulary).get(term_id)
        return term.label if term else term_id

    return label


def entry_article(entry: Entry, view: SiteView) -> str:
    """An entry page's content: finished HTML, acronyms expanded (kb.site.mkdocs_hooks does not expand them again)."""
    kb = view.knowledge_base
    gathered = gathered_entries(entry, kb) if entry.kind.name == "topic" else []
    body = render(
        f"entry_{entry.kind.name}.html.j2",
        entry.url,
        entry=entry,
        review_line=case_review_line(entry) if entry.kind.name == "case_review" else "",
        related=view.related_entries(entry),
        banners=Markup(view.banners(entry)),
        footers=Markup(view.footers(entry)),
        edit_url=f"{view.repo_url}/edit/{view.branch}/{entry.path}" if view.repo_url else "",
        label=_label(kb),
        category=kb.taxonomy.categories.get(entry.get("category") or ""),
        evidence_label=EVIDENCE_LABELS.get(entry.get("evidence_level") or "", ""),
        claim=kb.status_claim(entry, view.today),
        replaced=kb.replaced_references(entry),
        section_label=SECTIONS.get(entry.get("section") or "", ""),
        anchors=subtopic_anchors(entry),
        gathered=gathered,
        more_on_themes=more_on_themes(entry, gathered, kb) if gathered else [],
    )
    return finished_html.block(expand_abbreviations(finished_html.unmarked(body), glossary_acronyms(kb)))


def entry_meta(entry: Entry, address: SiteAddress) -> dict[str, str]:
    """An entry page's front matter: the theme's <title> and description, escaped here as the theme's templates print
    page.meta as it is; and its link preview (issue 24), which the link-preview partial escapes itself: Open Graph's
    title, description and url, the absolute short link (left out when no address is known: a preview needs one)."""
    summary = _plain(entry.summary)
    return {
        "title": html.escape(entry.title),
        "description": html.escape(shortened(summary, 160)),
        "og_title": entry.title,
        "og_description": summary,
        "og_url": address.short_link(entry.id) if address.known else "",
    }


def shortened(text: str, limit: int) -> str:
    """The text, or as many of its words as fit in `limit` characters with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def entry_page(entry: Entry, view: SiteView) -> str:
    """An entry page as Markdown for mkdocs (`kb serve`): its front matter and its article, marked as finished HTML.
    (The front matter is joined as text: joined to Markup it was escaped, and mkdocs read no title.)"""
    meta = entry_meta(entry, view.address)
    return front_matter(meta.pop("title"), **meta) + str(finished_html.mark(entry_article(entry, view))) + "\n"


def glossary_acronyms(knowledge_base: KnowledgeBase) -> dict[str, str]:
    """The acronyms every page expands (`kb.site.abbreviations`), worked out once per model."""
    if "acronyms" not in knowledge_base.derived:
        glossary = {term.term: term.expansion for term in knowledge_base.taxonomy.glossary}
        knowledge_base.derived["acronyms"] = acronyms(glossary)
    return knowledge_base.derived["acronyms"]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`\[\]]|\]\([^)]*\)", "", text)).strip()


# Hubs ------------------------------------------------------------------------------------


def contents_page(knowledge_base: KnowledgeBase) -> dict[str, str]:
    sections = []
    for section_id, label in SECTIONS.items():
        hubs = [hub for hub in knowledge_base.by_kind("topic") if hub.get("section") == section_id]
        rows = [
            {
                "entry": hub,
                "subtopics": list(zip((s["title"] for s in hub.get("subtopics") or []), subtopic_anchors(hub), strict=True)),
            }
            for hub in hubs
        ]
        sections.append({"id": section_id, "label": label, "hubs": rows})
    text = front_matter("Table of contents") + render("contents.md.j2", "contents/", sections=sections)
    return {"contents/index.md": text}


def _source_key(source: Source) -> tuple[str, str, str]:
    return (source.title.strip().lower(), source.publisher.strip().lower(), source.date)


def _grouped_sources(entries: Iterable[Entry]) -> list[tuple[Source, list[Entry]]]:
    by_key: dict[tuple[str, str, str], tuple[Source, dict[str, Entry]]] = {}
    for entry in entries:
        for source in entry.sources:
            by_key.setdefault(_source_key(source), (source, {}))[1].setdefault(entry.id, entry)
    grouped = [(source, list(citing.values())) for source, citing in by_key.values()]
    return sorted(grouped, key=lambda pair: pair[0].title.lower())


def useful_links_page(knowledge_base: KnowledgeBase) -> dict[str, str]:
    groups = []
    covered: set[str] = set()
    for hub in knowledge_base.by_kind("topic"):
        members = [hub, *gathered_entries(hub, knowledge_base)]
        covered.update(entry.id for entry in members)
        groups.append(
            {
                "heading": f"{hub.title} – Useful links",
                "title": hub.title,
                "intro_url": hub.url,
                "sources": _grouped_sources(members),
            }
        )
    others = sorted((e for e in knowledge_base.entries.values() if e.id not in covered), key=lambda e: e.title.lower())
    if others:
        groups.append({"heading": "Other useful links", "title": "", "intro_url": "", "sources": _grouped_sources(others)})
    text = front_matter("Useful links") + render("useful_links.md.j2", "useful-links/", groups=groups)
    return {"useful-links/index.md": text}


def borough(entry: Entry, knowledge_base: KnowledgeBase) -> str:
    labels = [knowledge_base.taxonomy.areas[a].label for a in entry.areas if a in knowledge_base.taxonomy.areas]
    return " and ".join(labels) or entry.get("organisation") or ""


def spotlight_pages(knowledge_base: KnowledgeBase) -> dict[str, str]:
    examples_by_category: dict[str, list[Entry]] = defaultdict(list)
    for entry in knowledge_base.by_kind("practice_example"):
        examples_by_category[entry.get("category")].append(entry)
    categories = list(knowledge_base.taxonomy.categories.values())
    pages = {
        "spotlight/index.md": front_matter("Practice spotlight")
        + render("spotlight_index.md.j2", "spotlight/", categories=[(c, len(examples_by_category[c.id])) for c in categories])
    }
    for category in categories:
        url = f"spotlight/{category.id}/"
        pages[page_path(url)] = front_matter(category.label) + render(
            "spotlight_category.md.j2",
            url,
            category=category,
            examples=examples_by_category[category.id],
            borough=lambda entry: borough(entry, knowledge_base),
        )
    return pages


# Indexes ---------------------------------------------------------------------------------


def _by_kind(entries: list[Entry]) -> list[tuple[Kind, list[Entry]]]:
    groups = [(kind, sorted((e for e in entries if e.kind is kind), key=lambda e: e.title.lower())) for kind in KINDS]
    return [(kind, members) for kind, members in groups if members]


def dimension_pages(knowledge_base: KnowledgeBase, dimension: str) -> dict[str, str]:
    folder, vocabulary, attribute, title, singular = DIMENSIONS[dimension]
    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in knowledge_base.entries.values():
        for term_id in getattr(entry, attribute):
            members[term_id].append(entry)
    terms: list[Term] = list(knowledge_base.taxonomy.vocabulary(vocabulary).values())
    used = [term for term in terms if members[term.id]]
    intro = (
        f"Every entry, by {singular.lower() if singular != 'For' else 'who it is for'}. The number is how many entries there are."
    )
    pages = {
        f"{folder}/index.md": front_matter(title)
        + render(
            "term_index.md.j2",
            f"{folder}/",
            title=title,
            intro=intro,
            folder=folder,
            terms=[(t, len(members[t.id])) for t in used],
        )
    }
    for term in used:
        url = f"{folder}/{term.id}/"
        pages[page_path(url)] = front_matter(term.label) + render(
            "term_page.md.j2",
            url,
            heading=f"{singular}: {term.label}",
            description=term.description,
            groups=_by_kind(members[term.id]),
            back_label=title,
            back_link="../index.md",
        )
    return pages


def kind_pages(knowledge_base: KnowledgeBase) -> dict[str, str]:
    counts = [(kind, len(knowledge_base.by_kind(kind.name))) for kind in KINDS]
    pages = {"kinds/index.md": front_matter("Browse by kind") + render("kind_index.md.j2", "kinds/", kinds=counts)}
    for kind in KINDS:
        url = f"{kind.folder.replace('_', '-')}/"
        pages[page_path(url)] = front_matter(kind.plural) + render(
            "kind_page.md.j2", url, kind=kind, entries=knowledge_base.by_kind(kind.name)
        )
    return pages


def glossary_anchor(term: str) -> str:
    return "term-" + (slugify(term) or "x")


def glossary_page(knowledge_base: KnowledgeBase) -> dict[str, str]:
    terms = sorted(knowledge_base.taxonomy.glossary, key=lambda term: term.term.lower())
    text = front_matter("Glossary") + render("glossary.md.j2", "glossary/", terms=terms, anchor=glossary_anchor)
    return {"glossary/index.md": text}


def index_pages(knowledge_base: KnowledgeBase) -> dict[str, str]:
    pages: dict[str, str] = {}
    pages.update(contents_page(knowledge_base))
    pages.update(useful_links_page(knowledge_base))
    pages.update(spotlight_pages(knowledge_base))
    for dimension in DIMENSIONS:
        pages.update(dimension_pages(knowledge_base, dimension))
    pages.update(kind_pages(knowledge_base))
    pages.update(glossary_page(knowledge_base))
    # The recommendations page is a core page: the home page, the case-review hub and each review link to it.

    pages.update(recommendations_pages(knowledge_base))
    return pages
