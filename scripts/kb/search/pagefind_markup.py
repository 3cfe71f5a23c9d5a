"""Hidden markup on each entry page for Pagefind: facet values and result metadata.

Glossary synonyms are not added to the page: hidden words would fill the result snippets. The search
page expands the query instead (CCE -> child criminal exploitation), from search/synonyms.json.
"""

from __future__ import annotations

import datetime as dt

from ..model import STATUS_FACETS, Entry, KnowledgeBase, Taxonomy
from ..site.hooks import BuildContext


def entry_footer(entry: Entry, context: BuildContext) -> str:
    return facet_markup(entry, context)


def facet_markup(entry: Entry, context: BuildContext) -> str:
    """Hidden spans (site/templates/search/facets.html.j2): (filter or meta, key, value) for each facet value."""
    from ..site.rendering import render

    taxonomy = context.knowledge_base.taxonomy
    spans = [("filter", "kind", entry.kind.label), ("meta", "kind", entry.kind.label)]
    spans += [("filter", key, label) for key, label in facet_values(entry, taxonomy)]
    spans.append(("meta", "last_reviewed", entry.last_reviewed.isoformat()))
    claim = context.knowledge_base.status_claim(entry, context.today)
    if claim is not None:
        spans += [
            ("filter", "status", claim.facet),
            ("meta", "status", claim.status),
            ("meta", "status_label", claim.label),  # the words of the page's status line
            ("meta", "rank_weight", f"{claim.rank_weight:g}"),  # the search page multiplies the score by it
        ]
        if claim.successor_url:
            spans.append(("meta", "successor", claim.successor_url))
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


def facet_choices(knowledge_base: KnowledgeBase, today: dt.date) -> dict[str, list[str]]:
    """Every value each facet takes on some entry page: the search page lists them without asking Pagefind,
    whose filter counts would cost every filter chunk before the first search. Sorted as a reader's
    alphabet (case aside), here rather than in the page: a collator took 100 ms of a phone's first
    search. The status facet's values in the order a reader weighs them (confirmed current guidance first)."""
    choices: dict[str, set[str]] = {}
    for entry in knowledge_base.entries.values():
        for key, label in [("kind", entry.kind.label), *facet_values(entry, knowledge_base.taxonomy)]:
            choices.setdefault(key, set()).add(label)
        claim = knowledge_base.status_claim(entry, today)
        if claim is not None:
            choices.setdefault("status", set()).add(claim.facet)
    ordered = {key: sorted(values, key=str.casefold) for key, values in choices.items()}
    if "status" in ordered:
        ordered["status"] = [value for value in STATUS_FACETS if value in choices["status"]]
    return ordered
