"""The Whoosh index of the entries behind `kb search`, kept on disk under `.cache/whoosh/` and rebuilt
when an entry or taxonomy file is newer than it. (The site's search is Pagefind's, see `pagefind_index`.)"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from ..content_model import KINDS, TAXONOMY_FOLDER
from ..model import KnowledgeBase
from .documents import SearchDocument, search_document, title_key
from .synonyms import Synonym, synonyms
from .vocabulary import Vocabulary, word_counts

CACHE_DIR = Path(".cache/whoosh")
META_FILE = "kb-search.json"
FORMAT = 5  # bump when the schema or the meta file changes, so old caches are rebuilt

TEXT_FIELDS = ("title", "summary", "body", "tags")
FIELD_WEIGHTS = {"title": 4.0, "summary": 2.0, "tags": 1.5, "body": 1.0}


def schema() -> fields.Schema:
    analyzer = StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        title=fields.TEXT(analyzer=analyzer, stored=True),
        summary=fields.TEXT(analyzer=analyzer),
        body=fields.TEXT(analyzer=analyzer),
        tags=fields.TEXT(analyzer=analyzer),
        themes=fields.KEYWORD(commas=True),
        areas=fields.KEYWORD(commas=True),
        url=fields.STORED,
        status=fields.STORED,
        status_checked=fields.STORED,
        status_source=fields.STORED,
        watch_url=fields.STORED,
        last_reviewed=fields.STORED,
        superseded_by=fields.STORED,
    )


@dataclass
class SearchIndex:
    index: index.Index
    synonyms: list[Synonym]
    vocabulary: Vocabulary
    lengths: dict[str, list[int]] = field(default_factory=dict)  # text field -> `field_lengths`, kept in the cache
    titles: dict[str, list[int]] = field(default_factory=dict)  # `title_key` -> document numbers, kept in the cache
    _searcher: Searcher | None = field(default=None, init=False, repr=False)

    def searcher(self) -> Searcher:
        """One BM25F searcher for the index's lifetime, so a long-running process opens its files once."""
        if self._searcher is None:
            self._searcher = self.index.searcher(weighting=BM25F())
        return self._searcher

    def field_lengths(self, name: str) -> list[int]:
        if name not in self.lengths:
            self.lengths[name] = field_lengths(self.searcher(), name)
        return self.lengths[name]


def field_lengths(searcher: Searcher, name: str) -> list[int]:
    """Each document's length of a text field as BM25F reads it (Whoosh keeps it in one byte, rounded).

    Read one document at a time, so 0.2 s at 10,000 entries: the cache's meta file keeps them instead."""
    return [searcher.doc_field_length(number, name, 1) or 1 for number in range(searcher.doc_count_all())]


def title_keys(documents: list[SearchDocument]) -> dict[str, list[int]]:
    """Each title's `title_key` and the numbers of the documents bearing it (in the order `fill` adds them)."""
    keys: dict[str, list[int]] = {}
    for number, document in enumerate(documents):
        keys.setdefault(title_key(document.title), []).append(number)
    return keys


def documents_of(knowledge_base: KnowledgeBase) -> list[SearchDocument]:
    return [search_document(entry, knowledge_base.taxonomy) for entry in knowledge_base.entries.values()]


def fill(target: index.Index, documents: Iterable[SearchDocument]) -> None:
    writer = target.writer()
    for document in documents:
        writer.add_document(
            id=document.id,
            kind=document.kind,
            title=document.title,
            summary=document.summary,
            body=document.body,
            tags=document.tags,
            themes=",".join(document.themes),
            areas=",".join(document.areas),
            url=document.url,
            status=document.status,
            status_checked=document.status_checked,
            status_source=document.status_source,
            watch_url=document.watch_url,
            last_reviewed=document.last_reviewed,
            superseded_by=document.superseded_by,
        )
    writer.commit()


def counts_of(documents: list[SearchDocument]) -> dict[str, int]:
    return dict(word_counts(text for d in documents for text in (d.title, d.summary, d.body, d.tags)))


def watched_paths(root: Path) -> list[Path]:
    """The folders whose files the index is built from (their own times change when a file is added or removed)."""
    return [root / kind.folder for kind in KINDS] + [root / TAXONOMY_FOLDER]


def newest_change(root: Path) -> float:
    """The latest modification time of a watched folder or of an entry file in one (os.scandir: run before
    every search, and pathlib's per-file objects cost 0.15 s at 10,000 entries)."""
    newest = 0.0
    for folder in watched_paths(root):
        if not folder.is_dir():
            continue
        newest = max(newest, folder.stat().st_mtime)
        with os.scandir(folder) as files:
            for file in files:
                if file.name.endswith((".yaml", ".yml")):
                    newest = max(newest, file.stat().st_mtime)
    return newest


def on_disk(root: Path) -> SearchIndex:
    """The cached index under `.cache/whoosh/`, rebuilt first if any entry file is newer."""
    from filelock import FileLock

    directory = root / CACHE_DIR
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Two commands (or two test workers) finding the cache stale at once would rebuild it over each other.
    with FileLock(str(directory.with_name(directory.name + ".lock"))):
        meta = _read_meta(directory / META_FILE)
        if meta is None or meta.get("format") != FORMAT or meta.get("built_from", 0) < newest_change(root):
            meta = _rebuild(root, directory)
        opened = index.open_dir(str(directory))
    pairs = [Synonym(acronym, expansion) for acronym, expansion in meta["synonyms"]]
    vocabulary = Vocabulary(meta["vocabulary"], set(meta["stems"]))
    return SearchIndex(opened, pairs, vocabulary, meta["lengths"], meta["titles"])


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _rebuild(root: Path, directory: Path) -> dict:
    from ..validation import load

    started_from = newest_change(root)
    knowledge_base = load(root, strict=False, command="kb search").knowledge_base
    documents = documents_of(knowledge_base)
    scratch = directory.with_name(directory.name + ".new")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    built = index.create_in(str(scratch), schema())
    fill(built, documents)
    with built.searcher() as searcher:
        lengths = {name: field_lengths(searcher, name) for name in TEXT_FIELDS}
    vocabulary = Vocabulary(counts_of(documents))
    meta = {
        "format": FORMAT,
        "built_from": started_from,
        "synonyms": [[pair.acronym, pair.expansion] for pair in synonyms(knowledge_base.taxonomy.glossary)],
        "vocabulary": vocabulary.counts,
        "stems": sorted(vocabulary.stems),  # stemming the whole vocabulary took 0.1 s of each command
        "lengths": lengths,
        "titles": title_keys(documents),
    }
    (scratch / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    shutil.rmtree(directory, ignore_errors=True)
    scratch.rename(directory)
    return meta
