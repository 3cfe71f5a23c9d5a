"""`python -m benchmarks.build_probe ROOT OUTPUT TIMINGS.json`: run `kb build` and keep its stage timings.

The same call `kb build --root ROOT --output OUTPUT` makes, run in a child process (so its memory can be
measured apart from the benchmark's), timing each stage and plug-in function through the build's one hook
(`build_site(..., watch=...)`), with the peak memory of each stage (this process and its children, sampled
every 0.1 s). Afterwards it times the related-entries finder over every entry, one process: the processor
time page generation spends on it, whichever cores it ran on.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .measure import POLL_SECONDS, tree_memory

# Plug-in functions (by name) whose time the report shows as a stage of its own.
NAMED_STEPS = {"index_site": "search indexing"}


class StagePeaks:
    """Time and peak memory per build stage, told where a stage starts and ends by the build's watch hook."""

    def __init__(self) -> None:
        self.current = "start"
        self.timings: dict[str, float] = {}
        self.peaks: dict[str, int] = {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.stopped.is_set():
            memory = tree_memory(os.getpid())
            self.peaks[self.current] = max(self.peaks.get(self.current, 0), memory)
            self.stopped.wait(POLL_SECONDS)

    @contextmanager
    def watch(self, name: str) -> Iterator[None]:
        is_stage = ":" not in name  # "post-build: module.function" is a step inside the post-build stage
        if is_stage:
            self.current = name
        started = time.perf_counter()
        try:
            yield
        finally:
            label = NAMED_STEPS.get(name.rsplit(".", 1)[-1], name)
            self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - started

    def megabytes(self) -> dict[str, float]:
        return {stage: peak / (1024 * 1024) for stage, peak in self.peaks.items()}


def main(root: Path, output: Path, timings_file: Path) -> int:
    from kb.plugins import default_plugins
    from kb.site.build import BuildFailed, BuildOptions, build_site

    peaks = StagePeaks()
    peaks.thread.start()
    started = time.perf_counter()
    try:
        context = build_site(
            BuildOptions(root=root, output=output, plugins=default_plugins()),
            say=lambda line: print(line, flush=True),
            watch=peaks.watch,
        )
    except BuildFailed as failure:
        for problem in failure.problems[:20]:
            print(problem.format())
        timings_file.write_text(json.dumps({"error": str(failure)}), encoding="utf-8")
        return 1
    finally:
        peaks.stopped.set()
        peaks.thread.join()
    timings = {**peaks.timings, "total": time.perf_counter() - started, "related entries": related_seconds(context)}
    timings_file.write_text(json.dumps({"timings": timings, "stage_peak_mb": peaks.megabytes()}), encoding="utf-8")
    return 0


def related_seconds(context: object) -> float:
    """Seconds the related-entries finder takes over every entry, as page generation calls it."""
    finder, entries = context.hooks.related, context.knowledge_base.entries.values()  # type: ignore[attr-defined]
    if finder is None:
        return 0.0
    started = time.perf_counter()
    for entry in entries:
        finder(entry, context)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
