"""Checks across files: ids, references between entries, and the taxonomy."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from ..content_model import FIELD_VOCABULARIES, REFERENCE_FIELDS, taxonomy_file
from ..loader import Document, Problem
from ..model import Taxonomy
from ..rules import edited_example, entry_example, rule

TAXONOMY_FIELDS = FIELD_VOCABULARIES  # field -> the vocabulary it draws from (kept by the content model)
ID_FILENAME = rule(
    "id-filename",
    "error",
    "An id that differs from its file's name",
    "id `{entry_id}` differs from the file name; rename the file to `{entry_id}.yaml` or set id: {stem}",
    edited_example("id-filename", lambda text: text.replace("id: example-id-filename", "id: example-another-name", 1)),
)
ID_DUPLICATE = rule(
    "id-duplicate",
    "error",
    "An id or alias another entry already uses",
    "id `{name}` is already used by {owner}; ids are unique across the knowledge base: choose another",
    entry_example("id-duplicate", aliases=["mace-protocol"]),
)
ID_TAKEN = ID_DUPLICATE.message  # the entry form in the browser warns with the same words
TAXONOMY_UNKNOWN = rule(
    "taxonomy-unknown",
    "error",
    "A term that is not in the taxonomy",
    "`{value}` is not in {file}; {hint}",
    entry_example("taxonomy-unknown", themes=["child-criminal-exploitaton"]),
)
REFERENCE_UNKNOWN = rule(
    "reference-unknown",
    "error",
    "A reference to an entry that does not exist",
    "`{field}` points at `{target}`, which is not an entry; {hint}",
    entry_example("reference-unknown", related=["mace-protocl"]),
)
REFERENCE_SELF = rule(
    "reference-self",
    "error",
    "An entry that refers to itself",
    "`{field}` points at this entry itself",
    entry_example("reference-self", related=["example-reference-self"]),
)
TAXONOMY_FILES = {name: taxonomy_file(name) for name in dict.fromkeys(TAXONOMY_FIELDS.values())}  # vocabulary -> file


def _values(value: Any) -> list[tuple[int | None, str]]:
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(index, item) for index, item in enumerate(value) if isinstance(item, str)]
    return []


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def check_ids(documents: list[tuple[Document, str]]) -> Iterator[Problem]:
    """Ids equal their file names and are unique across the knowledge base, aliases included."""
    owners: dict[str, str] = {}
    for document, stem in documents:
        data = document.data or {}
        entry_id = data.get("id")
        if isinstance(entry_id, str) and entry_id != stem:
            yield ID_FILENAME.problem(document.path, document.line_of(("id",)), entry_id=entry_id, stem=stem)
        names = [("id", entry_id)] + [(("aliases", i), alias) for i, alias in _values(data.get("aliases"))]
        for where, name in names:
            if not isinstance(name, str):
                continue
            if name in owners and owners[name] != document.path:
                path = (where,) if isinstance(where, str) else where
                yield ID_DUPLICATE.problem(document.path, document.line_of(path), name=name, owner=owners[name])
            else:
                owners.setdefault(name, document.path)


def check_taxonomy_terms(document: Document, vocabularies: dict[str, set[str]]) -> Iterator[Problem]:
    data = document.data or {}
    for field, vocabulary_name in TAXONOMY_FIELDS.items():
        known = vocabularies.get(vocabulary_name, set())
        for index, value in _values(data.get(field)):
            if value in known or not value:
                continue
            path = (field,) if index is None else (field, index)
            hint = _suggest(value, known) or f"see {TAXONOMY_FILES[vocabulary_name]} for the list, or add the term there"
            yield TAXONOMY_UNKNOWN.problem(
                document.path, document.line_of(path), value=value, file=TAXONOMY_FILES[vocabulary_name], hint=hint
            )


def check_references(document: Document, known_ids: set[str]) -> Iterator[Problem]:
    """Every reference field (the content model's REFERENCE_FIELDS: `related`, `superseded_by`, a topic's
    `entries`, a pack's `items`) points at a real entry, and not at the entry itself."""
    data = document.data or {}
    own_id = data.get("id")
    references: list[tuple[tuple[str | int, ...], Any]] = []
    for field in REFERENCE_FIELDS:
        if isinstance(field, tuple):  # a key inside each item of a list
            name, key = field
            for index, item in enumerate(data.get(name) or []):
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    references.append(((name, index, key), item[key]))
        else:
            references += [((field, *(() if index is None else (index,))), value) for index, value in _values(data.get(field))]
    for path, target in references:
        if target == own_id:
            yield REFERENCE_SELF.problem(document.path, document.line_of(path), field=path[0])
        elif target not in known_ids:
            hint = _suggest(target, known_ids) or "check the id against the file names"
            yield REFERENCE_UNKNOWN.problem(document.path, document.line_of(path), field=path[0], target=target, hint=hint)


def vocabularies(taxonomy: Taxonomy) -> dict[str, set[str]]:
    """The terms each taxonomy file defines, as `check_taxonomy_terms` reads them."""
    return {name: set(taxonomy.vocabulary(name)) for name in TAXONOMY_FILES}


def check_terms_and_references(document: Document, known_terms: dict[str, set[str]], known_ids: set[str]) -> list[Problem]:
    """What one file may get wrong about the others, besides ids: taxonomy terms and references."""
    return [*check_taxonomy_terms(document, known_terms), *check_references(document, known_ids)]
