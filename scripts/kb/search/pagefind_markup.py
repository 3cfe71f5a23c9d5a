"""Hidden markup on each entry page for Pagefind: facets, result metadata and glossary synonyms."""

from __future__ import annotations

from html import escape

from ..model import Entry, Taxonomy
from ..site.hooks import BuildContext
from .documents import full_text
from .synonyms import hidden_synonyms, synonyms

_SYNONYMS = "search.synonyms"
SYNONYM_WEIGHT = "0.5"  # found by a synonym, but below pages that use the word itself


def entry_footer(entry: Entry, context: BuildContext) -> str:
    return facet_markup(entry, context) + synonym_markup(entry, context)


def facet_markup(entry: Entry, context: BuildContext) -> str:
    taxonomy = context.knowledge_base.taxonomy
    spans = [_span("filter", "kind", entry.kind.label), _span("meta", "kind", entry.kind.label)]
    spans += [_span("filter", key, label) for key, label in facet_values(entry, taxonomy)]
    spans.append(_span("meta", "last_reviewed", entry.last_reviewed.isoformat()))
    if entry.status:
        spans += [_span("filter", "status", entry.status), _span("meta", "status", entry.status)]
    successor = context.knowledge_base.resolve(str(entry.get("superseded_by") or ""))
    if successor is not None:
        spans.append(_span("meta", "successor", successor.url))
    return f'<div class="kb-search-data" hidden data-pagefind-ignore>{"".join(spans)}</div>'


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


def synonym_markup(entry: Entry, context: BuildContext) -> str:
    if _SYNONYMS not in context.data:
        context.data[_SYNONYMS] = synonyms(context.knowledge_base.taxonomy.glossary)
    words = hidden_synonyms(full_text(entry), context.data[_SYNONYMS])
    themes = context.knowledge_base.taxonomy.themes
    words += [str(word) for theme in entry.themes if theme in themes for word in themes[theme].extra.get("synonyms", [])]
    if not words:
        return ""
    text = escape(" · ".join(dict.fromkeys(words)))
    return f'<div class="kb-search-synonyms" hidden data-pagefind-weight="{SYNONYM_WEIGHT}">{text}</div>'


def _span(attribute: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{attribute}="{escape(key)}">{escape(value)}</span>'
