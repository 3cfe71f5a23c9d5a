"""Rules about what the content says, which contributors break most: sources, successor chains, protocol statuses in prose.

They lived in tests/test_content.py, so a contributor heard of them from CI; here they run in `kb validate`,
the pre-commit hook (`kb validate PATH`) and `kb build`, with the line and the fix. The checks that read
other entries need only the protocols (a few dozen files), so `kb validate PATH` reads those in full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from ..loader import Document, Problem
from ..rules import entry_example, rule

# The five source documents of the first edition, by the start of their real titles.
SOURCE_DOCUMENTS = (
    "London Adolescent Safeguarding and Youth Justice Newsletter",
    "Adolescent Safeguarding in London in 2021",
    "Rapid Document Review",
    "Youth Safety, Tackling Child Exploitation and Youth Violence Away Day and Adolescent Exploitation Summit",
    "London Youth Justice Newsletter",
)
IN_FORCE = ("current", "under-review")
_RDR = {"title": "Rapid Document Review", "publisher": "PraxisCollab for The Children's Society", "date": "2021-11"}

# Warnings, not errors: a knowledge base built from other documents (the tests' fixtures) may cite others;
# tests/test_content.py holds this one to them.
SOURCE_LOCATOR = rule(
    "source-locator",
    "warning",
    "A source document cited without the passage it draws on",
    "source {number} (`{title}`) does not say where in the document this comes from: add `locator` (a section, "
    "table or page, e.g. 'Section 4, Table 3'), or, for a public page, its https:// `url`",
    entry_example("source-locator", sources=[_RDR]),
)
SOURCE_UNCITED = rule(
    "source-uncited",
    "warning",
    "No source is one of the source documents or a public page",
    "no source is one of the knowledge base's source documents (by the start of its real title: {documents}) or a "
    "public page cited by its https:// address; cite the document this entry is drawn from, exactly as it is titled",
    entry_example("source-uncited", sources=[{**_RDR, "title": "Notes from a meeting", "locator": "Item 2"}]),
)
SUCCESSOR_CHAIN = rule(
    "successor-chain",
    "error",
    "A superseded protocol's `superseded_by` chain loops or ends at guidance not in force",
    "{problem}: follow `superseded_by` from this protocol to the guidance in force today, and point each superseded "
    "protocol at what replaced it",
    entry_example(
        "successor-chain",
        "protocol",
        status="superseded",
        status_checked=None,
        status_source=None,
        superseded_by="aldcs-yjb-custody-and-families-first-campaign",  # a practice example, not guidance
    ),
)
STATUS_CONTRADICTION = rule(
    "status-contradiction",
    "error",
    "Prose says something about a protocol's status that its own entry does not",
    "this text {problem}: make the sentence agree with the protocol's entry (or, if the entry is out of date, "
    "confirm its status and correct it there)",
    entry_example(
        "status-contradiction",
        "practice_example",
        what_was_done="The borough followed the London Child Protection Procedures, which were replaced by its own local protocol.",
    ),
)


def source_problems(document: Document) -> Iterator[Problem]:
    sources = (document.data or {}).get("sources")
    if not isinstance(sources, list) or not sources:
        return  # the schema says what is wrong
    cited = False
    titled = [
        (index, source)
        for index, source in enumerate(sources)
        if isinstance(source, dict) and str(source.get("title") or "").strip()
    ]
    if not titled:
        return  # a source still to fill in: `empty` says so
    for index, source in titled:
        title, url = str(source.get("title") or ""), str(source.get("url") or "")
        cited = cited or title.strip().startswith(SOURCE_DOCUMENTS) or url.startswith("https://")
        if not str(source.get("locator") or "").strip() and not url.startswith("https://"):
            yield SOURCE_LOCATOR.problem(document.path, document.line_of(("sources", index)), number=index + 1, title=title)
    if not cited:
        documents = "; ".join(SOURCE_DOCUMENTS)
        yield SOURCE_UNCITED.problem(document.path, document.line_of(("sources",)), documents=documents)


# --- What other entries say about a protocol's status ---------------------------------------------------

# How entries refer to protocols in prose, beyond the titles themselves.
NAMES_IN_PROSE: dict[str, tuple[str, ...]] = {
    "pan-london-cse-protocol-2017": ("Pan-London CSE Protocol", "Pan London CSE Protocol"),
    "london-child-exploitation-operating-protocol-2021": (
        "London child exploitation protocol",
        "2021 child exploitation protocol",
    ),
    "mace-protocol": ("MACE protocol",),
    "reducing-criminalisation-protocol": ("2021 London protocol on reducing", "2021 London criminalisation protocol"),
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
REPLACEMENT_WORDS = ("replac", "supersed", "no longer in force")  # what SUPERSEDED_CLAIM and REPLACES_CLAIM need
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
Protocols = dict[str, dict[str, Any]]  # id -> a protocol's data


def chain_problems(document: Document, protocols: Protocols) -> Iterator[Problem]:
    data = document.data or {}
    if data.get("status") != "superseded" or not isinstance(data.get("superseded_by"), str):
        return
    chain = successors(protocols, data["id"])
    line = document.line_of(("superseded_by",))
    if not chain:
        return
    if chain[-1] not in protocols:
        problem = f"the chain {' → '.join(chain)} ends at `{chain[-1]}`, which is not a protocol"
        yield SUCCESSOR_CHAIN.problem(document.path, line, problem=problem)
    elif data["id"] in chain or len(chain) > len(protocols):
        yield SUCCESSOR_CHAIN.problem(document.path, line, problem=f"the chain {' → '.join(chain)} loops back to this protocol")
    elif protocols[chain[-1]].get("status") not in IN_FORCE:
        problem = f"the chain {' → '.join(chain)} ends at `{chain[-1]}`, which is {protocols[chain[-1]].get('status')}"
        yield SUCCESSOR_CHAIN.problem(document.path, line, problem=problem)


def successors(protocols: Protocols, entry_id: str) -> list[str]:
    chain, seen, current = [], {entry_id}, entry_id
    while (next_id := (protocols.get(current) or {}).get("superseded_by")) and isinstance(next_id, str):
        chain.append(next_id)
        if next_id in seen:
            break
        seen.add(next_id)
        current = next_id
    return chain


def status_problems(document: Document, schema_name: str, protocols: Protocols, names: ProtocolNames) -> Iterator[Problem]:
    """Sentences that contradict a protocol's own entry: every claim in a topic hub; claims of replacement anywhere."""
    data = document.data or {}
    hub = schema_name == "topic"
    for path, text in _texts(data, hub=hub):
        lowered = text.lower()
        if not hub and not any(word in lowered for word in REPLACEMENT_WORDS):
            continue  # outside a hub only claims of replacement are checked
        if not names.present(lowered):
            continue  # most text names no protocol: one look per text, not per sentence
        for sentence in SENTENCE_END.split(" ".join(text.split())):
            for problem in contradictions(sentence, protocols, names):
                if hub or "replaced" in problem:
                    yield STATUS_CONTRADICTION.problem(document.path, document.line_of(path), problem=problem)


def _texts(data: dict[str, Any], hub: bool) -> list[tuple[tuple[str | int, ...], Any]]:
    """A topic hub's own prose; any other entry's every text but its citations."""
    if not hub:
        return list(_prose(data))
    texts: list[tuple[tuple[str | int, ...], Any]] = [
        (("summary",), data.get("summary")),
        (("introduction",), data.get("introduction")),
    ]
    texts += [(("key_messages", index), text) for index, text in enumerate(data.get("key_messages") or [])]
    subtopics = enumerate(data.get("subtopics") or [])
    texts += [(("subtopics", index, "text"), item.get("text")) for index, item in subtopics if isinstance(item, dict)]
    return [(path, text) for path, text in texts if isinstance(text, str)]


def _prose(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        if " " in value:
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("sources", "status_source", "successor", "watch", "title"):
                yield from _prose(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _prose(item, (*path, index))


class ProtocolNames(dict[str, str]):
    """Protocol names (lower case) mapped to their ids, with a quick way to find which a text holds.

    Each name is filed under its first four characters; a text's four-character slices pick out the
    names worth looking for, so a text is not searched for each of a thousand names in turn."""

    KEY = 4  # every name is longer than this (`_names_of`)

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__(names)
        self.by_key: dict[str, list[str]] = {}
        self.order = {name: index for index, name in enumerate(names)}
        for name in names:
            self.by_key.setdefault(name[: self.KEY], []).append(name)

    def present(self, lowered: str) -> list[str]:
        """The names found in a lower-case text, anywhere in it (as `name in lowered` would find them)."""
        keys = {lowered[start : start + self.KEY] for start in range(len(lowered) - self.KEY + 1)}
        found = [name for key in keys & self.by_key.keys() for name in self.by_key[key] if name in lowered]
        return sorted(found, key=self.order.__getitem__)  # in the names' own order, whatever the text


def protocol_names(protocols: Protocols) -> ProtocolNames:
    """Every name a protocol goes by in prose (lower case), mapped to its id.

    A name two protocols share is left out, and so is one that begins another protocol's name
    ("Keeping Children Safe in Education" could be any edition): those mentions cannot be checked.
    """
    owners: dict[str, set[str]] = {}
    for protocol_id, data in protocols.items():
        for name in _names_of(protocol_id, data):
            owners.setdefault(name.lower(), set()).add(protocol_id)
    ordered = sorted(owners)
    return ProtocolNames(
        {
            name: next(iter(ids))
            for name, ids in owners.items()
            if len(ids) == 1 and not any(owners[other] != ids for other in _beginning_with(f"{name} ", ordered))
        }
    )


def _beginning_with(prefix: str, ordered: list[str]) -> Iterator[str]:
    """The names in a sorted list that begin with `prefix`: side by side from where it would be inserted."""
    for index in range(bisect.bisect_left(ordered, prefix), len(ordered)):
        if not ordered[index].startswith(prefix):
            return
        yield ordered[index]


def _names_of(protocol_id: str, data: dict[str, Any]) -> set[str]:
    title = str(data.get("title") or "")
    bare = re.sub(r"\s*\([^)]*\)", "", title).strip()
    names = {title, bare, *NAMES_IN_PROSE.get(protocol_id, ())}
    year = YEAR.search(f"{data.get('version', '')} {data.get('effective_date', '')}")
    if year and year.group() not in bare:
        names |= {f"{bare} ({year.group()})", f"{bare} {year.group()}", f"{year.group()} {bare}"}
    return {name for name in names if len(name) > 3}


def _mentions(sentence: str, names: ProtocolNames) -> list[tuple[int, int, str]]:
    """(start, end, protocol id) of each longest protocol name in the sentence, in order."""
    present = names.present(sentence.lower())
    found: list[tuple[int, int, str]] = []
    for name in sorted(present, key=len, reverse=True):
        for match in re.finditer(re.escape(name), sentence, re.I):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), names[name]))
    return sorted(found)


def contradictions(sentence: str, protocols: Protocols, names: ProtocolNames) -> list[str]:
    """What this sentence says about a protocol's status that the protocol's own entry does not.

    A claim belongs to the nearest protocol named before it: "A replaced B", "B was replaced by A",
    "B was superseded", "A was extended/launched/published", "A is under review".
    """
    problems: list[str] = []
    found = _mentions(sentence, names)
    for index, (_, end, protocol_id) in enumerate(found):
        status, after, later = protocols[protocol_id].get("status"), sentence[end:], found[index + 1 :]
        own = sentence[end : later[0][0]] if later else after
        if SUPERSEDED_CLAIM.search(own) and status != "superseded":
            problems.append(f"says `{protocol_id}` was replaced, but its entry is {status}")
        for old, new in ((protocol_id, _replacer(after, end, later)), (_replaced(after, end, later), protocol_id)):
            if old and new and new not in successors(protocols, old):
                problems.append(f"says `{new}` replaced `{old}`, but `{old}`'s superseded_by chain does not lead to it")
        in_force = IN_FORCE_CLAIM.search(own)
        if in_force and status == "under-review" and not NOT_YET.search(own[: in_force.end() + 40]):
            problems.append(f"says `{protocol_id}` was extended, launched or published, but its entry is under review")
        if UNDER_REVIEW_CLAIM.search(own) and status != "under-review" and not _dated_before(sentence, protocols[protocol_id]):
            problems.append(f"says `{protocol_id}` is under review, but its entry is {status}")
    return problems


def _replacer(after: str, offset: int, later: list[tuple[int, int, str]]) -> str | None:
    """The protocol named straight after 'was replaced by' in 'B was replaced by A'."""
    claim = SUPERSEDED_CLAIM.search(after)
    if not claim or not claim.group("by") or not later or later[0][0] - offset > claim.end() + 30:
        return None
    return later[0][2]


def _replaced(after: str, offset: int, later: list[tuple[int, int, str]]) -> str | None:
    """The protocol named straight after 'replaced' in 'A replaced B', if the sentence says so."""
    claim = REPLACES_CLAIM.search(after)
    if not claim or not later or later[0][0] - offset > claim.end() + 30:
        return None
    return later[0][2]


def _dated_before(sentence: str, protocol: dict[str, Any]) -> bool:
    """'In 2021 it was being reviewed' stays true if the entry took its present status after 2021."""
    years = [int(year) for year in YEAR.findall(sentence)]
    status_year = int(str(protocol.get("status_date", "0"))[:4] or 0)
    return bool(years) and max(years) <= status_year


def reads_protocols(document: Document, schema_name: str) -> bool:
    """Whether `problems_across` could find anything in this file, so `kb validate PATH` reads the protocols only then."""
    data = document.data or {}
    if schema_name == "topic" or (schema_name == "protocol" and data.get("status") == "superseded"):
        return True
    return any(word in text.lower() for _, text in _prose(data) for word in REPLACEMENT_WORDS)


def problems_across(documents: list[tuple[Document, str]], protocols: Protocols) -> list[Problem]:
    """The checks that read the protocols, for each (document, schema name) given."""
    names = protocol_names(protocols)
    problems: list[Problem] = []
    for document, schema_name in documents:
        if document.data is None:
            continue
        if schema_name == "protocol":
            problems += chain_problems(document, protocols)
        problems += status_problems(document, schema_name, protocols, names)
    return problems
