"""Hidden markup on each entry page for Pagefind: facet values and result metadata.

Glossary synonyms are not added to the page: hidden words would fill the result snippets. The search
page expands the query instead (CCE -> child criminal exploitation), from search/synonyms.json.
"""

from __future__ import annotations

from ..model import Entry, KnowledgeBase, Taxonomy
from ..site.hooks import BuildContext


def entry_footer(entry: Entry, context: BuildContext) -> str:
    return facet_markup(entry, context)


def facet_markup(entry: Entry, context: BuildContext) -> str:
    """Hidden spans (site/templates/search/facets.html.j2): (filter or meta, key, value) for each facet value."""
    from ..site.pages import render

    taxonomy = context.knowledge_base.taxonomy
    spans = [("filter", "kind", entry.kind.label), ("meta", "kind", entry.kind.label)]
    spans += [("filter", key, label) for key, label in facet_values(entry, taxonomy)]
    spans.append(("meta", "last_reviewed", entry.last_reviewed.isoformat()))
    if entry.status:
        spans += [("filter", "status", entry.status), ("meta", "status", entry.status)]
    successor = context.knowledge_base.resolve(str(entry.get("superseded_by") or ""))
    if successor is not None:
        spans.append(("meta", "successor", successor.url))
    return render("search/facets.html.j2", entry.url, spans=spans)


def facet_values(entry: Entry, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []
    for key, ids, vocabulary in (
        ("theme", entry.themes, taxonomy.themes),
        ("area", entry.areas, taxonomy.areas),
        ("audience", entry.audiences, taxonomy.agencies),
        ("age", entry.age_bands, taxonomy.age_bands),
    ):
        values += [(key, vocabulary[item].label if item in vocabulary else item) for item in ids]
    return values


def facet_choices(knowledge_base: KnowledgeBase) -> dict[str, list[str]]:
    """Every value each facet takes on some entry page, sorted: the search page lists them without asking
    Pagefind, whose filter counts would cost every filter chunk before the first search."""
    choices: dict[str, set[str]] = {}
    for entry in knowledge_base.entries.values():
        for key, label in [("kind", entry.kind.label), *facet_values(entry, knowledge_base.taxonomy)]:
            choices.setdefault(key, set()).add(label)
    return {key: sorted(values) for key, values in choices.items()}
