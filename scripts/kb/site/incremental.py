"""`kb serve` after a save: check and reload only the saved entries, and keep the rest of the model.

A saved entry is checked on its own (loading, schema, text, dates) and against the kept model for
what crosses files (ids, taxonomy terms, references). The whole-model checks (likely duplicates) are
left to `kb validate` and `kb build`: at 3,000 entries they cost more than the 3 s a save may take.

What a serve keeps knowingly stale until the next start or `kb build`: the term vectors behind
"related entries" (in `KnowledgeBase.derived`) are those of the text at start, so which entries
are related does not follow an edit (the entries shown are the current ones), and pages that show
an edited entry only because it is related to theirs keep its former title.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content_model import COLLECTIONS_FOLDER, KINDS, TAXONOMY_FOLDER
from ..loader import Document, Problem
from ..model import Entry, KnowledgeBase, entry_from_data
from ..validation import cross_rules
from ..validation.file_rules import check_file
from . import hooks
from .build import site_view
from .open_data import open_data_files
from .pages import SiteView, entry_page, index_pages
from .rendering import page_path

ENTRY_SUFFIXES = (".yaml", ".yml")
FOLDERS_NEEDING_ALL = (TAXONOMY_FOLDER, COLLECTIONS_FOLDER)  # every page may show a term's label or a pack


@dataclass
class Saved:
    """What a batch of saved paths asks for."""

    entries: list[Entry] = field(default_factory=list)  # the model's entries whose file was saved
    everything: bool = False  # taxonomy, packs, new or deleted entry files: check and regenerate it all
    hand_written: list[Path] = field(default_factory=list)  # under docs/: copy them, nothing to regenerate


def sort_saved(paths: Iterable[Path], root: Path, hand_written: Path, knowledge_base: KnowledgeBase) -> Saved:
    """Paths are absolute. Files that came and went (an editor's temporary files) ask for nothing."""
    by_path = {entry.path: entry for entry in knowledge_base.entries.values()}
    entry_folders = {kind.folder for kind in KINDS}
    saved = Saved()
    for path in paths:
        if path.name.startswith("."):
            continue
        if path.is_relative_to(hand_written):
            saved.hand_written.append(path)
            continue
        if not path.is_relative_to(root) or path.suffix not in ENTRY_SUFFIXES:
            continue
        shown = path.relative_to(root).as_posix()
        folder = shown.split("/")[0]
        known = by_path.get(shown)
        if folder in FOLDERS_NEEDING_ALL or (folder in entry_folders and (known is None) == path.is_file()):
            saved.everything = True  # a new file, or a deleted one
        elif known is not None and known not in saved.entries:
            saved.entries.append(known)
    return saved


def reloaded(entries: list[Entry], context: hooks.BuildContext) -> tuple[KnowledgeBase | None, list[Problem]]:
    """The model with these entries read again, and each one's problems; None instead if any has an error."""
    knowledge_base = context.knowledge_base
    fresh: dict[str, Entry] = {}
    problems: list[Problem] = []
    for entry in entries:
        document = check_file(context.root / entry.path, entry.path, entry.kind.name, context.today)
        found = document.problems + cross_file_problems(document, knowledge_base)
        problems += found
        if document.data is not None and not any(problem.severity == "error" for problem in found):
            fresh[entry.id] = entry_from_data(document.data, entry.kind.name, entry.path)
    if len(fresh) < len(entries):
        return None, problems
    # A new model rather than edits to the old one, so caches of ids (former ids) are rebuilt; the
    # derived figures (term vectors) are kept on purpose: see the module's docstring.
    return dataclasses.replace(knowledge_base, entries={**knowledge_base.entries, **fresh}), problems


def cross_file_problems(document: Document, knowledge_base: KnowledgeBase) -> list[Problem]:
    """Ids, taxonomy terms and references of one document, checked against the other files of the model."""
    if document.data is None:
        return []
    others = [_id_holder(entry.path, entry.id, entry.aliases) for entry in knowledge_base.entries.values()]
    others += [_id_holder(pack.path, pack.id, []) for pack in knowledge_base.collections.values()]
    # The model's files passed the id checks, so each one's id is its file name.
    holders = [(other, str((other.data or {})["id"])) for other in others if other.path != document.path]
    holders.append((document, Path(document.path).stem))
    problems = [problem for problem in cross_rules.check_ids(holders) if problem.path == document.path]
    known_ids = set(knowledge_base.entries) | set(knowledge_base.collections)
    return problems + cross_rules.check_terms_and_references(
        document, cross_rules.vocabularies(knowledge_base.taxonomy), known_ids
    )


def _id_holder(path: str, entry_id: str, aliases: list[str]) -> Document:
    """What the id check reads of a file already in the model: its path, id and former ids."""
    return Document(path, {"id": entry_id, "aliases": aliases})


def current_view(context: hooks.BuildContext) -> SiteView:
    """The site view, with related entries shown as they are now rather than as the kept term vectors hold them."""
    view = site_view(context)
    if view.related is None:
        return view
    find, entries = view.related, context.knowledge_base.entries
    return dataclasses.replace(view, related=lambda entry: [entries.get(found.id, found) for found in find(entry)])


def entry_pages(entries: Iterable[Entry], view: SiteView) -> dict[str, str]:
    return {page_path(entry.url): entry_page(entry, view) for entry in entries}


def listing_pages(changed: list[Entry], context: hooks.BuildContext) -> dict[str, str]:
    """The pages that list or name the changed entries: index pages, open data, topic hubs, entries pointing at them."""
    knowledge_base = context.knowledge_base
    files = index_pages(knowledge_base)
    files.update(open_data_files(knowledge_base, context.address.url, context.today))
    files.update(entry_pages(naming_entries(changed, knowledge_base), current_view(context)))
    return files


def naming_entries(changed: list[Entry], knowledge_base: KnowledgeBase) -> list[Entry]:
    """Entries whose page shows a changed entry: hubs sharing a theme with it, and entries that point at it."""
    changed_ids = {entry.id for entry in changed}
    names = {name for entry in changed for name in (entry.id, *entry.aliases)}
    themes = {theme for entry in changed for theme in entry.themes}
    return [
        entry
        for entry in knowledge_base.entries.values()
        if entry.id not in changed_ids
        and (
            names & {*entry.related, *(entry.get("entries") or []), entry.get("superseded_by")}
            or (entry.kind.name == "topic" and themes & set(entry.themes))
        )
    ]


def gone_pages(before: KnowledgeBase, after: KnowledgeBase) -> list[str]:
    """Pages of entries the model no longer has (deleted or renamed files)."""
    return sorted(page_path(entry.url) for entry_id, entry in before.entries.items() if entry_id not in after.entries)
