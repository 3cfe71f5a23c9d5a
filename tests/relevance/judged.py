"""The judged practitioner queries and the figures computed from them: recall@5 and MRR."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

JUDGED_FILE = Path(__file__).with_name("judged_queries.yaml")
CUTOFF = 5


@dataclass(frozen=True)
class Judged:
    query: str
    type: str
    relevant: tuple[str, ...]


@dataclass
class Figures:
    engine: str
    recall_at_5: float
    mrr: float
    misses: list[str] = field(default_factory=list)  # queries whose judged entries are not all in the first five

    def line(self) -> str:
        return f"{self.engine:<34} recall@5 {self.recall_at_5:.3f}   MRR {self.mrr:.3f}   queries missing an entry: {len(self.misses)}"


def judged_queries() -> list[Judged]:
    data = yaml.safe_load(JUDGED_FILE.read_text(encoding="utf-8"))
    return [Judged(item["query"], item["type"], tuple(item["relevant"])) for item in data["queries"]]


def evaluate(engine: str, ranked_ids: Callable[[str], list[str]], queries: list[Judged] | None = None) -> Figures:
    """recall@5: the share of each query's judged entries in its first five results, averaged over queries.
    MRR: the mean over queries of 1 / the rank of the first judged entry (0 when none is found)."""
    queries = queries or judged_queries()
    recalls, reciprocal_ranks, misses = [], [], []
    for judged in queries:
        ranked = ranked_ids(judged.query)
        found = set(ranked[:CUTOFF]) & set(judged.relevant)
        recalls.append(len(found) / len(judged.relevant))
        first = next((rank for rank, entry_id in enumerate(ranked, 1) if entry_id in judged.relevant), None)
        reciprocal_ranks.append(1 / first if first else 0.0)
        if len(found) < len(judged.relevant):
            missing = ", ".join(sorted(set(judged.relevant) - found))
            misses.append(f"{judged.query!r}: missing {missing}; got {', '.join(ranked[:CUTOFF])}")
    count = len(queries)
    return Figures(engine, sum(recalls) / count, sum(reciprocal_ranks) / count, misses)
