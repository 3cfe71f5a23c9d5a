"""`python -m benchmarks.search_probe ROOT`: `kb search` latency with the index warm, printed as JSON.

Opens the on-disk index once (as a long-running process would), then times each query of a fixed set
several times in-process. Run in a child process so the benchmark's own imports do not colour it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .measure import percentile

# Acronyms, place names, phrases, a typo and a filter-free question: what practitioners type.
QUERIES = (
    "CCE",
    "county lines",
    "missing children philomena",
    "knife crime",
    "exploitation",
    "contextual safeguarding",
    "youth justice diversion",
    "transitional safeguarding",
    "school exclusion",
    "mental health",
    "online harm",
    "NRM trafficking",
    "serious case review",
    "child criminal exploitaton",
    "domestic abuse",
    "what works with young people at risk of violence",
    "Newham",
    "MACE panel",
    "racial disproportionality",
    "care leavers",
)
REPEATS = 5


def measure(root: Path) -> dict[str, object]:
    from kb.search.index import on_disk
    from kb.search.query import Filters, search

    started = time.perf_counter()
    index = on_disk(root)
    open_seconds = time.perf_counter() - started
    search(index, "warm up", Filters(), 10)
    times: list[float] = []
    cpu_times: list[float] = []  # this process's CPU time per query: what an idle machine would take
    for _ in range(REPEATS):
        for query in QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            search(index, query, Filters(), 10)
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
    return {
        "queries": len(QUERIES),
        "repeats": REPEATS,
        "open_seconds": open_seconds,
        "p50_ms": percentile(times, 0.5) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "max_ms": max(times) * 1000,
        "cpu_p50_ms": percentile(cpu_times, 0.5) * 1000,
        "cpu_p95_ms": percentile(cpu_times, 0.95) * 1000,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
