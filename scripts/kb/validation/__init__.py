"""Validate the whole knowledge base and, from what is valid, build the model."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..content_model import COLLECTION, COLLECTIONS_FOLDER, KINDS, TAXONOMY_NAMES, taxonomy_file
from ..forking import fork_map
from ..loader import Document, Problem
from ..model import (
    Collection,
    CollectionItem,
    Entry,
    GlossaryTerm,
    KnowledgeBase,
    Taxonomy,
    Term,
    entry_from_data,
    site_of,
)
from ..rules import Example, entry_text, file_example, rule
from . import content_rules, cross_rules, schema_rules
from .status_rules import replaced_reference_problems

FILE_EXTENSION = rule(
    "file-extension",
    "error",
    "An entry file is named `.yml`",
    "name the file with `.yaml`, not `.yml`",
    Example(
        "practice_examples/example-file-extension.yml",
        lambda: entry_text("practice_example", "example-file-extension", {}),
    ),
)
TAXONOMY_MISSING = rule(
    "taxonomy-missing",
    "error",
    "A taxonomy file is missing",
    "the taxonomy file is missing",
    no_example="the fault is a file that is not there; an example file cannot show an absence",
)
TAXONOMY_DUPLICATE = rule(
    "taxonomy-duplicate",
    "error",
    "A taxonomy term is listed twice",
    "`{key}` is listed twice",
    file_example(
        "taxonomy/themes.yaml",
        "# yaml-language-server: $schema=../schemas/taxonomy-themes.schema.json\n"
        "themes:\n"
        "  - id: county-lines\n    label: County lines\n    description: Exploitation to move and sell drugs.\n"
        "  - id: county-lines\n    label: County lines\n    description: The same term again.\n",
    ),
)
PARALLEL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves

# A check that needs the whole model, given by a plugin (e.g. likely duplicates from search).
ModelCheck = Callable[[KnowledgeBase], list[Problem]]


@dataclass
class Result:
    problems: list[Problem]
    files_checked: int
    knowledge_base: KnowledgeBase
    documents: dict[str, Document] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity == "warning" for problem in self.problems)


@dataclass(frozen=True)
class _Job:
    path: Path
    shown: str
    schema_name: str


def discover(root: Path) -> list[_Job]:
    jobs: list[_Job] = []
    for kind in KINDS:
        jobs += _folder_jobs(root, kind.folder, kind.name)
    jobs += _folder_jobs(root, COLLECTIONS_FOLDER, COLLECTION)
    for name in TAXONOMY_NAMES:
        path = root / taxonomy_file(name)
        if path.exists():
            jobs.append(_Job(path, taxonomy_file(name), name))
    return jobs


def _folder_jobs(root: Path, folder: str, schema_name: str) -> list[_Job]:
    directory = root / folder
    if not directory.is_dir():
        return []
    with os.scandir(directory) as found:  # names and file types in one read of the folder, no stat per file
        names = sorted(each.name for each in found if each.name.endswith((".yaml", ".yml")) and each.is_file())
    return [_Job(directory / name, f"{folder}/{name}", schema_name) for name in names]


def _run(job: _Job, today: dt.date) -> Document:
    # Imported here, not at the top: it brings in jsonschema, which commands that only register a check need not load.
    from .file_rules import check_file

    return check_file(job.path, job.shown, job.schema_name, today)


def check_files(jobs: list[_Job], today: dt.date, workers: int | None = None) -> list[Document]:
    """Each file's own checks, in the order of `jobs`; on every core for a large knowledge base."""
    from .schema_rules import prepare_validators  # brings in jsonschema: see `_run`

    prepare_validators({job.schema_name for job in jobs})
    return fork_map(lambda job: _run(job, today), jobs, workers, threshold=PARALLEL_THRESHOLD)


def validate(root: Path, today: dt.date | None = None, extra_checks: list[ModelCheck] | None = None) -> Result:
    with _collector_paused():
        return _validate(root, today or dt.date.today(), extra_checks)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused: validating makes millions of objects (every file's data and
    lines) that all live to the end, and next to no reference cycles, so its passes over them find nothing.
    They took 0.3 s of CPU at 3,000 entries."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate(root: Path, today: dt.date, extra_checks: list[ModelCheck] | None) -> Result:
    jobs = discover(root)
    documents = check_files(jobs, today)
    problems = [problem for document in documents for problem in document.problems]
    problems += [_yml_problem(job) for job in jobs if job.path.suffix == ".yml"]
    schema_of = {job.shown: job.schema_name for job in jobs}
    taxonomy_docs = {schema_of[d.path]: d for d in documents if schema_of[d.path] in TAXONOMY_NAMES}
    entry_docs = [d for d in documents if schema_of[d.path] not in TAXONOMY_NAMES]
    taxonomy = _taxonomy(taxonomy_docs, problems)
    problems += _cross_file(entry_docs, taxonomy)
    protocols = _protocols(documents, schema_of)
    problems += content_rules.problems_across([(d, schema_of[d.path]) for d in entry_docs], protocols)
    knowledge_base = _model(entry_docs, schema_of, taxonomy, problems)
    problems += replaced_reference_problems(knowledge_base, {document.path: document for document in entry_docs})
    for check in extra_checks or []:
        problems += check(knowledge_base)
    problems.sort(key=lambda p: (p.path, p.line, p.rule))
    return Result(problems, len(jobs), knowledge_base, {d.path: d for d in documents})


class KnowledgeBaseHasErrors(Exception):
    """A strict load found errors: the caller (the build, `kb serve`, `kb validate`) reports `result.problems`."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{result.errors} error(s) in the entries")
        self.result = result


SKIPPED_SHOWN = 5  # files named in the note on stderr; `kb validate` lists every problem


def load(
    root: Path,
    *,
    strict: bool,
    today: dt.date | None = None,
    extra_checks: list[ModelCheck] | None = None,
    command: str = "kb",
) -> Result:
    """The knowledge base, validated: the one way every command loads it.

    Strict (the build, `kb serve`, `kb validate`): any error raises `KnowledgeBaseHasErrors`, so nothing is
    published from a knowledge base with errors. Lenient (`kb search`, `kb report`, `kb digest`,
    `kb register`): the model holds every valid entry, and stderr says how many files were skipped and why,
    so a reader is never silently given less than the knowledge base holds.
    """
    result = validate(root, today=today, extra_checks=extra_checks)
    if not result.errors:
        return result
    if strict:
        raise KnowledgeBaseHasErrors(result)
    print(skipped_note(result, command), file=sys.stderr)
    return result


def skipped_note(result: Result, command: str) -> str:
    first_error: dict[str, Problem] = {}
    for problem in result.problems:
        if problem.severity == "error":
            first_error.setdefault(problem.path, problem)
    count = len(first_error)
    lines = [f"{command}: skipped {count} file{'s' * (count != 1)} with errors (run `kb validate` to see every problem):"]
    lines += [
        f"  {path}:{problem.line}: {problem.message} [{problem.rule}]"
        for path, problem in list(first_error.items())[:SKIPPED_SHOWN]
    ]
    if count > SKIPPED_SHOWN:
        lines.append(f"  and {count - SKIPPED_SHOWN} more")
    return "\n".join(lines)


class NotAnEntryFile(ValueError):
    """A path given to `validate_files` that is not a YAML file the knowledge base holds."""


def validate_files(root: Path, paths: list[Path], today: dt.date | None = None) -> Result:
    """Check only the named files: their own rules, and their ids, terms and references against the rest.

    The rest of the knowledge base is read only for what the named files are checked
    against: the taxonomy, and every other entry's id (its file name) and aliases. So a
    pre-commit hook checks a staged file in a fraction of a second however large the
    knowledge base is. For `refers-to-replaced`, a named entry is read beside the protocols
    it points at (by `related` or a source's address) and the editions that replaced them.
    Checks of the whole (likely duplicates, references *to* a renamed file) are left to a
    full `kb validate`, which CI runs.
    """
    today = today or dt.date.today()
    jobs = discover(root)
    named = _named_jobs(root, jobs, paths)
    if any(job.schema_name in TAXONOMY_NAMES for job in named):
        return validate(root, today)  # a changed vocabulary can break any entry that uses it
    named_paths = {job.shown for job in named}
    taxonomy_jobs = [job for job in jobs if job.schema_name in TAXONOMY_NAMES]
    checked = check_files(named, today, workers=1)
    # The other files' own problems are not reported here: the taxonomy is loaded, not checked.
    checked += [_load(job) for job in taxonomy_jobs]
    problems = [problem for document in checked for problem in document.problems]
    problems += [_yml_problem(job) for job in named if job.path.suffix == ".yml"]
    documents = {document.path: document for document in checked}
    taxonomy = _taxonomy({job.schema_name: documents[job.shown] for job in taxonomy_jobs}, problems)
    others = [_id_stub(job) for job in jobs if job.schema_name not in TAXONOMY_NAMES and job.shown not in named_paths]
    entry_docs = [documents[job.shown] for job in named if job.schema_name not in TAXONOMY_NAMES]
    loaded = [document for document in entry_docs if document.data is not None]
    named_ids = {(d.data or {}).get("id") for d in loaded}
    known_ids = {stub.data["id"] for stub, _ in others if stub.data} | {i for i in named_ids if isinstance(i, str)}
    stems = [*others, *((document, Path(document.path).stem) for document in loaded)]
    problems += [problem for problem in cross_rules.check_ids(stems) if problem.path in named_paths]
    known_terms = cross_rules.vocabularies(taxonomy)
    for document in loaded:
        problems += cross_rules.check_terms_and_references(document, known_terms, known_ids)
    named_schema = {job.shown: job.schema_name for job in named}
    named_docs = [(document, named_schema[document.path]) for document in loaded]
    protocol_jobs = [job for job in jobs if job.schema_name == "protocol" and job.shown not in named_paths]
    read: dict[str, Document] = {}
    if any(content_rules.reads_protocols(document, schema_name) for document, schema_name in named_docs):
        read = {job.shown: _load(job) for job in protocol_jobs}
        protocols = _protocols([*loaded, *read.values()], {**named_schema, **{path: "protocol" for path in read}})
        problems += content_rules.problems_across(named_docs, protocols)
    problems = [problem for problem in problems if problem.path in named_paths]
    pointed_at = _protocols_pointed_at(loaded, protocol_jobs, read)
    if pointed_at:  # the named entries beside the guidance they point at, and what replaced it
        schema_of = {**named_schema, **{document.path: "protocol" for document in pointed_at}}
        wider = _model([*entry_docs, *_well_formed(pointed_at)], schema_of, taxonomy, list(problems))
        found = replaced_reference_problems(wider, {document.path: document for document in entry_docs})
        problems += [problem for problem in found if problem.path in named_paths]
    problems.sort(key=lambda p: (p.path, p.line, p.rule))
    schema_of = {job.shown: job.schema_name for job in named}
    knowledge_base = _model(entry_docs, schema_of, taxonomy, list(problems))
    return Result(problems, len(named), knowledge_base, {job.shown: documents[job.shown] for job in named})


def _named_jobs(root: Path, jobs: list[_Job], paths: list[Path]) -> list[_Job]:
    resolved_root = root.resolve()
    by_shown = {job.shown: job for job in jobs}  # each file by its place under the root, without resolving each one
    by_path: dict[Path, _Job] | None = None  # every file resolved, only for a path found through a link
    named: list[_Job] = []
    for path in paths:
        resolved = path.resolve()
        job = by_shown.get(resolved.relative_to(resolved_root).as_posix()) if resolved.is_relative_to(resolved_root) else None
        if job is None or job.path.is_symlink():
            by_path = by_path or {job.path.resolve(): job for job in jobs}
            job = by_path.get(resolved)
        if job is None:
            folders = ", ".join(f"{kind.folder}/" for kind in KINDS)
            raise NotAnEntryFile(
                f"{path}: not a knowledge base file; name YAML files in {folders}, collections/ or taxonomy/ under {root}"
            )
        if job not in named:
            named.append(job)
    return named


def _id_stub(job: _Job) -> tuple[Document, str]:
    """What the named files are checked against: another file's id (its file name) and, if any, its aliases."""
    from ..loader import load_file

    stem = job.path.stem
    data: dict[str, object] = {"id": stem}
    if b"aliases:" in job.path.read_bytes():  # only a few files have aliases; parse just those
        loaded = load_file(job.path, job.shown).data or {}
        data["aliases"] = loaded.get("aliases") or []
        data["id"] = loaded.get("id", stem)
    return Document(job.shown, data), stem


def _load(job: _Job) -> Document:
    from ..loader import load_file

    return load_file(job.path, job.shown)


def _protocols(documents: list[Document], schema_of: dict[str, str]) -> content_rules.Protocols:
    """Each protocol's data by id, for the rules that read what other entries say about a status."""
    return {
        d.data["id"]: d.data
        for d in documents
        if d.data is not None and schema_of.get(d.path) == "protocol" and isinstance(d.data.get("id"), str)
    }


def _protocols_pointed_at(named: list[Document], protocol_jobs: list[_Job], read: dict[str, Document]) -> list[Document]:
    """The protocols `refers-to-replaced` needs for the named entries, read and no others: those their `related`
    names, those whose file holds one of their sources' addresses (a replaced one's `watch.url`, or an edition in
    force watching the same page), and the editions that replaced them in turn."""
    ids = {item for document in named for item in (document.data or {}).get("related") or [] if isinstance(item, str)}
    needles = {_address_needle(url) for document in named for url in _source_addresses(document)}
    if not ids and not needles:
        return []
    by_id = {job.path.stem: job for job in protocol_jobs}
    queue = [job for job in protocol_jobs if job.path.stem in ids or _mentions(job.path.read_bytes(), ids, needles)]
    found: dict[str, Document] = {}
    while queue:
        job = queue.pop()
        if job.shown in found:
            continue
        document = found[job.shown] = read.get(job.shown) or _load(job)
        successor = (document.data or {}).get("superseded_by")
        if isinstance(successor, str) and successor in by_id:
            queue.append(by_id[successor])
    return list(found.values())


def _source_addresses(document: Document) -> list[str]:
    sources = (document.data or {}).get("sources")
    if not isinstance(sources, list):
        return []
    return [source["url"] for source in sources if isinstance(source, dict) and isinstance(source.get("url"), str)]


def _address_needle(url: str) -> bytes:
    """What a file that holds this address contains, however it writes the scheme, `www.` or a trailing slash."""
    path = urlsplit(url).path.rstrip("/")
    return (path if len(path) > 1 else site_of(url)).encode()


def _mentions(text: bytes, ids: set[str], needles: set[bytes]) -> bool:
    """A protocol file that may hold one of the addresses, or name a former id (`aliases`) `related` uses."""
    if any(needle in text for needle in needles):
        return True
    return b"aliases:" in text and any(entry_id.encode() in text for entry_id in ids)


def _well_formed(protocols: list[Document]) -> list[Document]:
    """The protocols not named on the command line that pass the schema, so the model can be built from them
    (a full `kb validate` reports the others)."""
    return [document for document in protocols if document.data is not None and schema_rules.conforms(document, "protocol")]


def _yml_problem(job: _Job) -> Problem:
    return FILE_EXTENSION.problem(job.shown, 1)


def _taxonomy(documents: dict[str, Document], problems: list[Problem]) -> Taxonomy:
    taxonomy = Taxonomy()
    for name in TAXONOMY_NAMES:
        document = documents.get(name)
        if document is None:
            problems.append(TAXONOMY_MISSING.problem(taxonomy_file(name), 1))
            continue
        items = (document.data or {}).get(name) or []
        if not isinstance(items, list):
            continue
        seen: set[str] = set()
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            key = item.get("term") if name == "glossary" else item.get("id")
            if not isinstance(key, str):
                continue
            if key in seen:
                problems.append(TAXONOMY_DUPLICATE.problem(document.path, document.line_of((name, index)), key=key))
                continue
            seen.add(key)
            if name == "glossary":
                taxonomy.glossary.append(GlossaryTerm(key, str(item.get("expansion", "")), str(item.get("definition", ""))))
            else:
                extra = {k: v for k, v in item.items() if k not in ("id", "label", "description")}
                term = Term(key, str(item.get("label", key)), str(item.get("description", "")), extra)
                taxonomy.vocabulary(name)[key] = term
    return taxonomy


def _cross_file(documents: list[Document], taxonomy: Taxonomy) -> list[Problem]:
    loaded = [d for d in documents if d.data is not None]
    problems = list(cross_rules.check_ids([(d, Path(d.path).stem) for d in loaded]))
    known_ids = {d.data["id"] for d in loaded if isinstance(d.data.get("id"), str)}  # type: ignore[union-attr]
    known_terms = cross_rules.vocabularies(taxonomy)
    for document in loaded:
        problems += cross_rules.check_terms_and_references(document, known_terms, known_ids)
    return problems


def _model(documents: list[Document], schema_of: dict[str, str], taxonomy: Taxonomy, problems: list[Problem]) -> KnowledgeBase:
    failing = {problem.path for problem in problems if problem.severity == "error"}
    entries: dict[str, Entry] = {}
    collections: dict[str, Collection] = {}
    for document in documents:
        if document.data is None or document.path in failing:
            continue
        schema_name = schema_of[document.path]
        if schema_name == COLLECTION:
            data = document.data
            items = [CollectionItem(item["id"], item["why"]) for item in data["items"]]
            collections[data["id"]] = Collection(
                data["id"], document.path, data["title"], data["audience"], data["trainer_notes"], items
            )
        else:
            entry = entry_from_data(document.data, schema_name, document.path)
            entries[entry.id] = entry
    return KnowledgeBase(entries, taxonomy, collections)
