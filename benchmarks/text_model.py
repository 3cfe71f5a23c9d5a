"""Text that reads like the real entries: a word-level Markov chain trained on their prose and the glossary.

Sentences are stitched from the real entries' word pairs, so word frequencies, sentence lengths and
vocabulary resemble the real knowledge base, and every text stays safe for the validator (links,
brackets, addresses and digits that could look like personal data are dropped from the training text).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.content_model import KINDS
from kb.loader import load_file

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_UNSAFE_TOKEN = re.compile(r"[\[\]{}<>`|*_#@]|://|\d{3,}|^\d")
_START = "\x02"
_FALLBACK_TEXT = "Practitioners across agencies worked together to keep adolescents safe from harm outside the home."
SYLLABLES = ("ar", "bel", "cor", "dan", "el", "fen", "gar", "hol", "is", "jun", "kel", "lor", "mar", "nor", "ol", "pen")
SYLLABLES += ("quin", "ros", "sel", "tor", "ul", "ven", "wil", "yor", "zan", "brig", "cal", "dor", "ever", "fal", "gil")


@dataclass
class RealText:
    """Prose from the real knowledge base: sentences, and per field the lengths seen (in sentences)."""

    sentences: list[str] = field(default_factory=list)
    lengths: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    source_titles: list[dict[str, str]] = field(default_factory=list)


def read_real_text(root: Path) -> RealText:
    real = RealText()
    for kind in KINDS:
        folder = root / kind.folder
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = load_file(path).data or {}
            _collect(data, real)
    glossary = load_file(root / "taxonomy" / "glossary.yaml").data or {}
    for term in glossary.get("glossary", []):
        real.sentences += split_sentences(str(term.get("definition", "")))
    if not real.sentences:
        real.sentences = [_FALLBACK_TEXT]
    return real


def _collect(data: dict[str, Any], real: RealText) -> None:
    for key, value in data.items():
        if key in ("id", "title", "sources", "last_reviewed", "added", "contact"):
            continue
        texts = (
            [value]
            if isinstance(value, str)
            else [item for item in value if isinstance(item, str)]
            if isinstance(value, list)
            else []
        )
        for text in texts:
            found = split_sentences(text)
            if found and len(text) > 40:
                real.sentences += found
                real.lengths[key].append(len(found))
    for source in data.get("sources") or []:
        if isinstance(source, dict) and isinstance(source.get("title"), str) and isinstance(source.get("publisher"), str):
            entry = {"title": source["title"], "publisher": source["publisher"], "date": str(source.get("date") or "2021")}
            # the locator or address too, so the corpus cites as the real entries do (source-locator, source-uncited)
            entry |= {key: source[key] for key in ("url", "locator") if isinstance(source.get(key), str)}
            if entry not in real.source_titles:
                real.source_titles.append(entry)


def split_sentences(text: str) -> list[str]:
    words = [word for word in text.split() if not _UNSAFE_TOKEN.search(word)]
    cleaned = " ".join(words)
    return [sentence for sentence in _SENTENCE_END.split(cleaned) if len(sentence.split()) >= 4]


class TextModel:
    """Generates sentences from word pairs of the real text, seeded so a corpus is reproducible."""

    def __init__(self, real: RealText, rng: random.Random) -> None:
        self.real = real
        self.rng = rng
        self.next_words: dict[str, list[str]] = defaultdict(list)
        for sentence in real.sentences:
            words = sentence.split()
            for before, after in zip([_START, *words], words, strict=False):
                self.next_words[before].append(after)
        self.sentence_lengths = [len(sentence.split()) for sentence in real.sentences]

    def sentence(self) -> str:
        target = max(6, self.rng.choice(self.sentence_lengths))
        words: list[str] = []
        word = _START
        while len(words) < target * 2:
            options = self.next_words.get(word)
            if not options:
                break
            word = self.rng.choice(options)
            words.append(word)
            if len(words) >= target and word[-1] in ".!?":
                break
        text = " ".join(words).strip() or _FALLBACK_TEXT
        text = text[0].upper() + text[1:]
        return text if text[-1] in ".!?" else text.rstrip(",;:") + "."

    def paragraph(self, field_name: str, max_length: int, default_sentences: tuple[int, int] = (2, 5)) -> str:
        lengths = self.real.lengths.get(field_name)
        count = self.rng.choice(lengths) if lengths else self.rng.randint(*default_sentences)
        return self.sentences(count + self.rng.randint(0, 1), max_length)  # Markov sentences run a little short

    def sentences(self, count: int, max_length: int) -> str:
        text = ""
        for _ in range(count):
            candidate = f"{text} {self.sentence()}".strip()
            if len(candidate) > max_length:
                break
            text = candidate
        return text or self.sentence()[:max_length].rstrip() or "Not published."

    def phrase(self, low: int = 3, high: int = 7) -> str:
        words = self.sentence().rstrip(".!?").split()
        start = self.rng.randint(0, max(0, len(words) - low))
        picked = words[start : start + self.rng.randint(low, high)]
        text = " ".join(picked).strip(",;:()'\"")
        return (text[:1].upper() + text[1:]) if text else "Safer futures"

    def coined_name(self) -> str:
        """A made-up project name, so the vocabulary grows with the corpus as it would with real projects."""
        parts = self.rng.randint(2, 3)
        return "".join(self.rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    def items(self, field_name: str, low: int, high: int, max_length: int) -> Iterator[str]:
        for _ in range(self.rng.randint(low, high)):
            yield self.paragraph(field_name, max_length, (1, 3))
