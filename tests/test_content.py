"""The knowledge base itself, validated by ordinary tests (as github/explore does)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from kb.model import Entry, Source, site_of
from kb.validation import Result, validate
from tests.conftest import REPO

# The five source documents of the first edition, by the start of their real titles.
SOURCE_DOCUMENTS = (
    "London Adolescent Safeguarding and Youth Justice Newsletter",
    "Adolescent Safeguarding in London in 2021",
    "Rapid Document Review",
    "Youth Safety, Tackling Child Exploitation and Youth Violence Away Day and Adolescent Exploitation Summit",
    "London Youth Justice Newsletter",
)
MINIMUM_COUNTS = {"practice_example": 30, "protocol": 15, "case_review": 10, "topic": 12, "service": 2, "resource": 5}
# The second edition (issue 15) adds what the documents still held: youth custody inspections, the research the
# Rapid Document Review relies on, borough initiatives and the July 2025 partner updates.
SECOND_EDITION_COUNTS = {"practice_example": 62, "protocol": 17, "case_review": 16, "topic": 16, "service": 2, "resource": 20}
SECOND_EDITION_ENTRIES = 133


@pytest.fixture(scope="module")
def result() -> Result:
    from kb.plugins import default_plugins
    from kb.site.hooks import combine

    return validate(REPO, today=dt.date.today(), extra_checks=list(combine(default_plugins()).model_checks))


def test_the_knowledge_base_has_no_errors(result: Result) -> None:
    errors = [problem.format() for problem in result.problems if problem.severity == "error"]
    assert errors == []


def test_first_edition_minimum_counts(result: Result) -> None:
    counts = Counter(entry.kind.name for entry in result.knowledge_base.entries.values())
    short = {kind: (counts[kind], minimum) for kind, minimum in MINIMUM_COUNTS.items() if counts[kind] < minimum}
    assert short == {}, "kind: (have, need)"


def cites_a_source_document_or_a_public_page(source: Source) -> bool:
    """One of the five documents by title, or (for guidance newer than all five) a public page by title and address."""
    return source.title.strip().startswith(SOURCE_DOCUMENTS) or (source.url or "").startswith("https://")


def test_second_edition_counts(result: Result) -> None:
    counts = Counter(entry.kind.name for entry in result.knowledge_base.entries.values())
    short = {kind: (counts[kind], minimum) for kind, minimum in SECOND_EDITION_COUNTS.items() if counts[kind] < minimum}
    assert short == {}, "kind: (have, need)"
    assert sum(counts.values()) >= SECOND_EDITION_ENTRIES


def test_every_source_names_the_passage_it_draws_on(result: Result) -> None:
    """Each citation of a source document is traceable: a locator names the section, table or page (issue 15).

    A public page cited by its address is its own locator."""
    unlocated = [
        (entry.id, source.title)
        for entry in result.knowledge_base.entries.values()
        for source in entry.sources
        if not (source.locator or "").strip() and not (source.url or "").startswith("https://")
    ]
    assert unlocated == []


def test_every_entry_cites_a_source_document_by_title(result: Result) -> None:
    uncited = [
        entry.path
        for entry in result.knowledge_base.entries.values()
        if not any(cites_a_source_document_or_a_public_page(source) for source in entry.sources)
    ]
    assert uncited == []


def test_taxonomy_covers_london_and_the_glossary(result: Result) -> None:
    taxonomy = result.knowledge_base.taxonomy
    boroughs = [term for term in taxonomy.areas.values() if term.extra.get("type") in ("london-borough", "city")]
    assert len(boroughs) == 33
    assert len(taxonomy.glossary) >= 80
    terms = {item.term for item in taxonomy.glossary}
    assert {"CYP", "CCE", "CSE", "NRM", "MACE", "VRU", "MOPAC", "YJB", "LASOB", "VESS"} <= terms
    assert all(category.extra.get("introduction") for category in taxonomy.categories.values())


def test_superseded_protocols_name_a_current_successor(result: Result) -> None:
    entries = result.knowledge_base.entries
    superseded = [entry for entry in entries.values() if entry.status == "superseded"]
    assert superseded, "the first edition marks at least one superseded protocol"
    for entry in superseded:
        successor = entry.get("superseded_by")
        assert successor or entry.get("successor"), f"{entry.id} names no successor"
        if successor:
            assert entries[successors(entries, entry.id)[-1]].status in ("current", "under-review")


# --- Protocol statuses: each is a dated, sourced claim, and no entry contradicts another about it ---

STATUS_CONFIRMED = ("current", "under-review")

# How topic pages refer to protocols in prose, beyond the titles themselves.
NAMES_IN_PROSE: dict[str, tuple[str, ...]] = {
    "pan-london-cse-protocol-2017": ("Pan-London CSE Protocol", "Pan London CSE Protocol"),
    "london-child-exploitation-operating-protocol-2021": (
        "London child exploitation protocol",
        "2021 child exploitation protocol",
    ),
    "mace-protocol": ("MACE protocol",),
    "reducing-criminalisation-protocol": (
        "2021 London protocol on reducing",
        "2021 London criminalisation protocol",
    ),
    "reducing-criminalisation-protocol-london-revised": (
        "revised London protocol",
        "revised London criminalisation protocol",
        "revised criminalisation protocol",
        "revised protocol",
        "2025 protocol",
    ),
    "london-child-protection-procedures": ("London Child Protection Procedures",),
    "working-together-2023": ("Working Together to Safeguard Children 2023",),
}

SUPERSEDED_CLAIM = re.compile(
    r"^\W*(?:\(\d{4}\)\s*)?(?:which\s+)?(?:was|were|has|had|is)(?:\s+(?:since|now))?(?:\s+been)?\s+(?:replaced|superseded)\b"
    r"(?P<by>\s+(?:in \S+ \d{4}\s+|on \S+ \S+ \d{4}\s+)?by\b)?|^\W*no longer in force",
    re.I,
)
REPLACES_CLAIM = re.compile(r"^\W*(?:\(\d{4}\)\s*)?(?:,[^,]*,\s*)?(?:which\s+)?(?:replaced|replaces|has replaced)\b", re.I)
IN_FORCE_CLAIM = re.compile(r"^[^.;]{0,80}?\b(?:extended|launched|published|introduced)\b", re.I)
NOT_YET = re.compile(r"planned|due|close to|nearing|to be\b|not confirm", re.I)
UNDER_REVIEW_CLAIM = re.compile(r"^[^.;]{0,40}?\b(?:under review|being reviewed)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def protocol_names(entries: dict[str, Entry]) -> dict[str, str]:
    """Every name a protocol goes by in prose, mapped to its id.

    A name two protocols share is left out, and so is one that begins another protocol's name
    ("Keeping Children Safe in Education" could be any edition): those mentions cannot be checked.
    """
    owners: dict[str, set[str]] = {}
    for entry in entries.values():
        if entry.kind.name == "protocol":
            for name in names_of(entry):
                owners.setdefault(name.lower(), set()).add(entry.id)
    return {
        name: next(iter(ids))
        for name, ids in owners.items()
        if len(ids) == 1 and not any(other.startswith(name + " ") and owners[other] != ids for other in owners)
    }


def names_of(entry: Entry) -> set[str]:
    bare = re.sub(r"\s*\([^)]*\)", "", entry.title).strip()
    names = {entry.title, bare, *NAMES_IN_PROSE.get(entry.id, ())}
    year = YEAR.search(f"{entry.get('version', '')} {entry.get('effective_date', '')}")
    if year and year.group() not in bare:
        names |= {f"{bare} ({year.group()})", f"{bare} {year.group()}", f"{year.group()} {bare}"}
    return {name for name in names if len(name) > 3}


def mentions(sentence: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, protocol id) of each longest protocol name in the sentence, in order."""
    found: list[tuple[int, int, str]] = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(re.escape(name), sentence, re.I):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), names[name]))
    return sorted(found)


def topic_sentences(topic: Entry) -> list[str]:
    texts = [topic.summary, topic.get("introduction", ""), *topic.get("key_messages", [])]
    texts += [subtopic.get("text", "") for subtopic in topic.get("subtopics", [])]
    return [sentence for text in texts for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split()))]


def successors(entries: dict[str, Entry], entry_id: str) -> list[str]:
    chain, seen = [], {entry_id}
    while (next_id := entries[chain[-1] if chain else entry_id].get("superseded_by")) and next_id not in seen:
        chain.append(next_id)
        seen.add(next_id)
    return chain


def contradictions(sentence: str, entries: dict[str, Entry], names: dict[str, str]) -> list[str]:
    """What this sentence says about a protocol's status that the protocol's own entry does not.

    A claim belongs to the nearest protocol named before it: "A replaced B", "B was replaced by A",
    "B was superseded", "A was extended/launched/published", "A is under review".
    """
    problems: list[str] = []
    found = mentions(sentence, names)
    for index, (_, end, protocol_id) in enumerate(found):
        entry, after, later = entries[protocol_id], sentence[end:], found[index + 1 :]
        own = sentence[end : later[0][0]] if later else after
        if SUPERSEDED_CLAIM.search(own) and entry.status != "superseded":
            problems.append(f"says {protocol_id} was replaced, but its entry is {entry.status}")
        for old, new in (
            (protocol_id, replacer_protocol(after, end, later)),
            (replaced_protocol(after, end, later), protocol_id),
        ):
            if old and new and new not in successors(entries, old):
                problems.append(f"says {new} replaced {old}, but {old}'s superseded_by chain does not lead to it")
        in_force = IN_FORCE_CLAIM.search(own)
        if in_force and entry.status == "under-review" and not NOT_YET.search(own[: in_force.end() + 40]):
            problems.append(f"says {protocol_id} was extended, launched or published, but its entry is under review")
        if UNDER_REVIEW_CLAIM.search(own) and entry.status != "under-review" and not dated_before_status_change(sentence, entry):
            problems.append(f"says {protocol_id} is under review, but its entry is {entry.status}")
    return problems


def replacer_protocol(after: str, offset: int, later: list[tuple[int, int, str]]) -> str | None:
    """The protocol named straight after 'was replaced by' in 'B was replaced by A'."""
    claim = SUPERSEDED_CLAIM.search(after)
    if not claim or not claim.group("by") or not later or later[0][0] - offset > claim.end() + 30:
        return None
    return later[0][2]


def replaced_protocol(after: str, offset: int, later: list[tuple[int, int, str]]) -> str | None:
    """The protocol named straight after 'replaced' in 'A replaced B', if the sentence says so."""
    claim = REPLACES_CLAIM.search(after)
    if not claim or not later or later[0][0] - offset > claim.end() + 30:
        return None
    return later[0][2]


def dated_before_status_change(sentence: str, entry: Entry) -> bool:
    """'In 2021 it was being reviewed' stays true if the entry took its present status after 2021."""
    years = [int(year) for year in YEAR.findall(sentence)]
    status_year = int(str(entry.get("status_date", "0"))[:4] or 0)
    return bool(years) and max(years) <= status_year


def test_topic_pages_agree_with_each_protocols_own_status(result: Result) -> None:
    entries = result.knowledge_base.entries
    names = protocol_names(entries)
    problems = [
        f"{topic.path}: {problem}: {sentence!r}"
        for topic in entries.values()
        if topic.kind.name == "topic"
        for sentence in topic_sentences(topic)
        for problem in contradictions(sentence, entries, names)
    ]
    assert problems == []


def test_every_current_or_under_review_protocol_records_when_and_against_what_its_status_was_confirmed(result: Result) -> None:
    unconfirmed = [
        entry.path
        for entry in result.knowledge_base.entries.values()
        if entry.status in STATUS_CONFIRMED and not (entry.get("status_checked") and entry.get("status_source"))
    ]
    assert unconfirmed == []


def test_superseded_by_chains_end_at_guidance_in_force_without_loops(result: Result) -> None:
    entries = result.knowledge_base.entries
    for entry in entries.values():
        if entry.status != "superseded" or not entry.get("superseded_by"):
            continue
        chain = successors(entries, entry.id)
        assert entry.id not in chain, f"{entry.id}: its superseded_by chain loops back to it"
        assert entries[chain[-1]].status in STATUS_CONFIRMED, f"{entry.id}: chain {chain} ends at guidance not in force"
        assert all(entries[link].status == "superseded" for link in chain[:-1]), f"{entry.id}: chain {chain}"


def prose_sentences(entry: Entry) -> list[str]:
    """The sentences of an entry's summary and of every text field, list item and nested text."""
    texts, pending = [entry.summary], list(entry.fields.values())
    while pending:
        value = pending.pop()
        if isinstance(value, str) and " " in value:
            texts.append(value)
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
    return [sentence for text in texts for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split()))]


def test_no_protocol_is_in_force_while_another_entry_names_it_as_superseded(result: Result) -> None:
    entries = result.knowledge_base.entries
    names = protocol_names(entries)
    problems = [
        f"{entry.path}: {problem}: {sentence!r}"
        for entry in entries.values()
        for sentence in prose_sentences(entry)
        for problem in contradictions(sentence, entries, names)
        if "replaced" in problem
    ]
    assert problems == []


def test_every_protocol_in_force_is_watched_and_at_least_four_on_gov_uk(result: Result) -> None:
    in_force = [entry for entry in result.knowledge_base.by_kind("protocol") if entry.status in ("current", "under-review")]
    assert [entry.id for entry in in_force if not entry.get("watch")] == []
    on_gov_uk = [entry.id for entry in in_force if site_of(entry.get("watch")["url"]) == "gov.uk"]
    assert len(on_gov_uk) >= 4, on_gov_uk


def test_no_entry_page_presents_a_status_confirmed_against_a_secondary_source_without_saying_so(result: Result) -> None:
    from kb.site.pages import SiteView, entry_page

    view = SiteView(result.knowledge_base, today=dt.date.today())
    for entry in result.knowledge_base.by_kind("protocol"):
        claim = result.knowledge_base.status_claim(entry, view.today)
        page = entry_page(entry, view)
        assert claim is not None
        if claim.secondary:
            assert "against a secondary source (" in page and "kb-status-secondary" in page, entry.id
            assert "kb-status-line--confirmed" not in page and "kb-badge--current" not in page, entry.id
        elif claim.confirmed:  # a plain confirmed line names whose page it was read on, and it is the watched site's
            assert claim.on_watched_page or claim.source is None or not claim.source.url, entry.id
