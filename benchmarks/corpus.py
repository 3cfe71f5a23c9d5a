"""A synthetic knowledge base of N entries: every kind, the real taxonomy, text like the real entries.

The corpus is written to a scratch folder (never into the repository's content folders) with a copy
of `taxonomy/`, so `kb validate`, `kb build` and `kb search` can run on it with `--root`.
Same size and seed, same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.content_model import KINDS, KINDS_BY_NAME, SUMMARY_MAX, TEXT_MAX, TITLE_MAX, schema_modeline
from kb.loader import load_file

from .text_model import TextModel, read_real_text

# Shares of each kind at national scale: many practice examples and review learning, few hubs.
KIND_SHARES = {
    "practice_example": 0.42,
    "case_review": 0.28,
    "service": 0.12,
    "protocol": 0.08,
    "resource": 0.08,
    "topic": 0.02,
}
COLLECTION_SHARE = 0.01
# Hubs follow the themes, not the number of entries: a national knowledge base still has a few dozen.
MAX_TOPICS = 40
DEFAULT_SEED = 20261122
# Bump when the generator changes what it writes; results record it, so sizes from different versions are not compared blindly.
# 2: topic hubs capped at MAX_TOPICS (version 1 made 2% of N, so hub pages grew with N squared); own report per entry.
CORPUS_VERSION = 2
SITE_FILES = ("mkdocs.yml", "docs")
TODAY = dt.date(2026, 11, 22)
_FALLBACK_SOURCE = {
    "title": "Rapid Document Review",
    "publisher": "PraxisCollab for The Children's Society",
    "date": "2021-11",
    "locator": "Section 4",
}


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the strict loader refuses anchors and aliases
        return True


@dataclass
class Vocabularies:
    themes: list[str]
    areas: list[str]
    area_labels: dict[str, str]
    agencies: list[str]
    age_bands: list[str]
    categories: list[str]


def read_vocabularies(taxonomy_dir: Path) -> Vocabularies:
    def items(name: str) -> list[dict[str, Any]]:
        return (load_file(taxonomy_dir / f"{name}.yaml").data or {}).get(name) or []

    areas = items("areas")
    return Vocabularies(
        themes=[item["id"] for item in items("themes")],
        areas=[item["id"] for item in areas],
        area_labels={item["id"]: item["label"] for item in areas},
        agencies=[item["id"] for item in items("agencies")],
        age_bands=[item["id"] for item in items("age_bands")],
        categories=[item["id"] for item in items("categories")],
    )


def kind_counts(size: int) -> dict[str, int]:
    counts = {name: max(1, round(size * share)) for name, share in KIND_SHARES.items()}
    counts["topic"] = min(counts["topic"], MAX_TOPICS)
    counts["practice_example"] += size - sum(counts.values())
    return counts


def slug(text: str, limit: int = 60) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "entry"


class CorpusWriter:
    def __init__(self, repo: Path, size: int, seed: int = DEFAULT_SEED, shared_sentences: int | None = None) -> None:
        self.rng = random.Random(seed)
        self.real = read_real_text(repo)
        if shared_sentences:  # text stitched from a few sentences: entries share most of their words
            self.real.sentences = self.real.sentences[:shared_sentences]
        self.text = TextModel(self.real, self.rng)
        self.vocab = read_vocabularies(repo / "taxonomy")
        self.repo = repo
        self.size = size
        self.plan = self._plan_ids()

    def _plan_ids(self) -> dict[str, list[tuple[str, str]]]:
        """Kind -> (id, title) for every entry, decided first so entries can point at each other."""
        plan: dict[str, list[tuple[str, str]]] = {}
        number = 0
        for kind_name, count in kind_counts(self.size).items():
            plan[kind_name] = []
            for _ in range(count):
                number += 1
                title = self._title(kind_name)
                plan[kind_name].append((f"{slug(title)}-{number}", title))
        return plan

    def _title(self, kind_name: str) -> str:
        area = self.vocab.area_labels[self.rng.choice(self.vocab.areas)]
        name = self.text.coined_name()
        patterns = {
            "practice_example": f"{area} {name}: {self.text.phrase()}",
            "case_review": f"{area} review: Child {name[:1]}{self.rng.randint(1, 99)} ({self.rng.randint(2012, 2026)})",
            "service": f"{name} {self.text.phrase(2, 4).lower()} service, {area}",
            "protocol": f"{area} {self.text.phrase(2, 5).lower()} protocol",
            "resource": f"{self.text.phrase(3, 8)} ({name} report)",
            "topic": f"{self.text.phrase(2, 5)}",
        }
        return patterns[kind_name][:TITLE_MAX].rstrip(" :,")

    def write(self, target: Path) -> Path:
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.repo / "taxonomy", target / "taxonomy")
        _copy_site_files(self.repo, target)
        all_ids = [entry_id for entries in self.plan.values() for entry_id, _ in entries]
        for kind_name, entries in self.plan.items():
            folder = target / KINDS_BY_NAME[kind_name].folder
            folder.mkdir(parents=True, exist_ok=True)
            for entry_id, title in entries:
                data = self._entry(kind_name, entry_id, title, all_ids)
                dump_entry(folder / f"{entry_id}.yaml", kind_name, data)
        self._write_collections(target, all_ids)
        for kind in KINDS:
            (target / kind.folder).mkdir(exist_ok=True)
        return target

    def _write_collections(self, target: Path, all_ids: list[str]) -> None:
        folder = target / "collections"
        folder.mkdir(exist_ok=True)
        for number in range(max(1, round(self.size * COLLECTION_SHARE))):
            title = f"Session pack {number + 1}: {self.text.phrase(2, 5).lower()}"
            data = {
                "id": f"session-pack-{number + 1}",
                "title": title[:TITLE_MAX],
                "audience": self.text.sentences(1, 400),
                "trainer_notes": self.text.paragraph("trainer_notes", TEXT_MAX),
                "items": [{"id": item, "why": self.text.sentences(1, 300)} for item in self.rng.sample(all_ids, 5)],
            }
            dump_entry(folder / f"{data['id']}.yaml", "collection", data)

    def _entry(self, kind_name: str, entry_id: str, title: str, all_ids: list[str]) -> dict[str, Any]:
        reviewed = TODAY - dt.timedelta(days=self.rng.randint(0, 300))
        added = reviewed - dt.timedelta(days=self.rng.randint(0, 400))
        data: dict[str, Any] = {
            "id": entry_id,
            "title": title,
            "summary": self.text.paragraph("summary", SUMMARY_MAX),
            "themes": self._some(self.vocab.themes, 1, 4),
            "areas": self._some(self.vocab.areas, 1, 2),
            "audiences": self._some(self.vocab.agencies, 1, 4),
            "age_bands": self._some(self.vocab.age_bands, 0, 2),
            "sources": self._sources(kind_name, title),
            "last_reviewed": reviewed.isoformat(),
            "added": added.isoformat(),
            "related": [other for other in self.rng.sample(all_ids, self.rng.randint(0, 4)) if other != entry_id],
        }
        if self.rng.random() < 0.4:
            data["details"] = self.text.paragraph("details", TEXT_MAX)
        data.update(getattr(self, f"_{kind_name}")(entry_id))
        return {key: value for key, value in data.items() if value != []}

    def _some(self, options: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(options, min(len(options), self.rng.randint(low, high)))

    def _sources(self, kind_name: str, title: str) -> list[dict[str, str]]:
        """One or two of the real documents, and for most reviews and practice examples a report of their own,
        as a national knowledge base would cite thousands of distinct documents."""
        sources = [dict(self.rng.choice(self.real.source_titles or [_FALLBACK_SOURCE])) for _ in range(self.rng.randint(1, 2))]
        if kind_name in ("case_review", "practice_example") and self.rng.random() < 0.7:
            area = self.vocab.area_labels[self.rng.choice(self.vocab.areas)]
            own = {
                "title": f"{title}: report",
                "publisher": f"{area} Safeguarding Children Partnership",
                "date": "2024",
                "locator": "Section 2",
            }
            sources.insert(0, own)
        return [source for number, source in enumerate(sources) if source not in sources[:number]]

    def _para(self, field_name: str, max_length: int = TEXT_MAX) -> str:
        return self.text.paragraph(field_name, max_length)

    def _practice_example(self, entry_id: str) -> dict[str, Any]:
        data = {
            "organisation": f"London Borough of {self.vocab.area_labels[self.rng.choice(self.vocab.areas)]}",
            "category": self.rng.choice(self.vocab.categories),
            "stage": self.rng.choice(["planned", "pilot", "running", "completed"]),
            "problem": self._para("problem"),
            "what_was_done": self._para("what_was_done"),
            "impact": self._para("impact"),
            "evidence_level": self.rng.choice(["not-evaluated", "theory", "preliminary", "robust"]),
        }
        for optional in ("child_voice", "equality"):
            if self.rng.random() < 0.5:
                data[optional] = self._para(optional)
        return data

    def _case_review(self, entry_id: str) -> dict[str, Any]:
        review_types = ["child-safeguarding-practice-review", "serious-case-review", "rapid-review", "thematic-review"]
        return {
            "review_type": self.rng.choice(review_types),
            "partnership": f"{self.vocab.area_labels[self.rng.choice(self.vocab.areas)]} Safeguarding Children Partnership",
            "year_published": self.rng.randint(2012, TODAY.year),
            "harm_types": self._some(self.vocab.themes, 1, 3),
            "content_note": self.text.sentences(1, 400),
            "learning_themes": [self.text.phrase(2, 5) for _ in range(self.rng.randint(2, 5))],
            "learning_points": list(self.text.items("learning_points", 2, 6, 2000)),
            "recommendations": [self._recommendation() for _ in range(self.rng.randint(0, 4))],
        }

    def _recommendation(self) -> dict[str, str]:
        return {
            "text": self.text.sentences(self.rng.randint(1, 2), 1000),
            "owner": "Not published",
            "level": self.rng.choice(["local", "regional", "national"]),
            "by_when": "Not published",
            "status": "not-published",
            "status_checked": "2024-01-01",
        }

    def _protocol(self, entry_id: str) -> dict[str, Any]:
        # Replaced only by a protocol later in the plan, so a chain of successors always ends, in force (the validator's
        # successor-chain rule refuses a loop; picking among all protocols made one at 3,000 entries)
        ids = [pid for pid, _ in self.plan["protocol"]]
        later = ids[ids.index(entry_id) + 1 :]
        superseded = self.rng.random() < 0.1 and bool(later)
        data: dict[str, Any] = {
            "document_type": self.rng.choice(["protocol", "procedure", "framework", "guidance", "statutory-guidance"]),
            "issuing_body": f"{self.vocab.area_labels[self.rng.choice(self.vocab.areas)]} Safeguarding Children Partnership",
            "applies_to": self.text.sentences(1, 1000),
            "status": "superseded" if superseded else "current",
            "version": str(self.rng.randint(2015, TODAY.year)),
            "key_steps": list(self.text.items("key_steps", 3, 8, 2000)),
        }
        if superseded:
            data["superseded_by"] = self.rng.choice(later)
        else:  # confirmed some day in the last two years: about half are no longer confirmed recently
            checked = TODAY - dt.timedelta(days=self.rng.randint(0, 730))
            data["status_checked"] = checked.isoformat()
            data["status_source"] = {"title": "Publication page", "publisher": data["issuing_body"], "date": checked.isoformat()}
            data["watch"] = {"url": f"https://www.gov.uk/government/publications/{entry_id}"}
        return data

    def _service(self, entry_id: str) -> dict[str, Any]:
        return {
            "provider": f"{self.text.coined_name()} Trust",
            "what_it_offers": self._para("what_it_offers"),
            "eligibility": self.text.sentences(self.rng.randint(1, 3), 1500),
            "how_to_refer": self.text.sentences(self.rng.randint(1, 2), 1500),
        }

    def _resource(self, entry_id: str) -> dict[str, Any]:
        return {
            "resource_type": self.rng.choice(["research", "report", "review", "toolkit", "newsletter", "data"]),
            "key_findings": list(self.text.items("key_findings", 2, 7, 2000)),
        }

    def _topic(self, entry_id: str) -> dict[str, Any]:
        others = [pid for kind, entries in self.plan.items() if kind != "topic" for pid, _ in entries]
        return {
            "section": self.rng.choice(["foundations", "practice", "systems", "learning"]),
            "introduction": self._para("introduction"),
            "key_messages": list(self.text.items("key_messages", 3, 6, 2000)),
            "subtopics": [
                {"title": self.text.phrase(2, 5), "text": self.text.sentences(self.rng.randint(1, 4), 2000)}
                for _ in range(self.rng.randint(0, 4))
            ],
            "entries": self.rng.sample(others, min(len(others), self.rng.randint(5, 20))),
        }


def _copy_site_files(repo: Path, target: Path) -> None:
    """mkdocs.yml and the hand-written docs/, so `kb build --root` and `kb serve --root` work on the corpus."""
    for name in SITE_FILES:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)


def dump_entry(path: Path, schema_name: str, data: dict[str, Any]) -> None:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    modeline = schema_modeline(schema_name) + "\n"
    path.write_text(modeline + body, encoding="utf-8")


def write_corpus(repo: Path, size: int, target: Path, seed: int = DEFAULT_SEED, shared_sentences: int | None = None) -> Path:
    """Write a corpus of `size` entries (plus a few session packs) to `target`, replacing what is there.
    `shared_sentences` trains the text on that many real sentences only, so the entries share many words
    (the hard case for the likely-duplicate check)."""
    return CorpusWriter(repo, size, seed, shared_sentences).write(target)
