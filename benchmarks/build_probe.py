"""`python -m benchmarks.build_probe ROOT OUTPUT TIMINGS.json`: run `kb build` and keep its stage timings.

The same call `kb build --root ROOT --output OUTPUT` makes, run in a child process, timing each stage and
plug-in function through the build's one hook (`build_site(..., watch=...)`). It records when each stage
started and ended (wall clock), so the benchmark, which samples the memory of this process and its children
from outside (as it does for the plain mkdocs build), can tell each stage's peak: nothing in the build's
own process measures memory, so the build is timed with no sampler competing for its interpreter.
Afterwards it times the related-entries finder over every entry, one process: the processor time page
generation spends on it, whichever cores it ran on. That after-build time is recorded apart
(`probe_seconds_after_build`) so the benchmark can leave it out of the build's time.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Plug-in functions (by name) whose time the report shows as a stage of its own.
NAMED_STEPS = {"index_site": "search indexing"}


class StageClock:
    """Time per build stage, and each top-level stage's wall-clock span, told by the build's watch hook."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.spans: list[tuple[str, float, float]] = []

    @contextmanager
    def watch(self, name: str) -> Iterator[None]:
        is_stage = ":" not in name  # "post-build: module.function" is a step inside the post-build stage
        started, wall_started = time.perf_counter(), time.time()
        try:
            yield
        finally:
            label = NAMED_STEPS.get(name.rsplit(".", 1)[-1], name)
            self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - started
            if is_stage:
                self.spans.append((name, wall_started, time.time()))


def main(root: Path, output: Path, timings_file: Path) -> int:
    from kb.plugins import default_plugins
    from kb.site.build import BuildFailed, BuildOptions, build_site

    clock = StageClock()
    started = time.perf_counter()
    try:
        context = build_site(
            BuildOptions(root=root, output=output, plugins=default_plugins()),
            say=lambda line: print(line, flush=True),
            watch=clock.watch,
        )
    except BuildFailed as failure:
        for problem in failure.problems[:20]:
            print(problem.format())
        timings_file.write_text(json.dumps({"error": str(failure)}), encoding="utf-8")
        return 1
    built = time.perf_counter()
    timings = {**clock.timings, "total": built - started, "related entries": related_seconds(context)}
    report = {"timings": timings, "stage_spans": clock.spans, "probe_seconds_after_build": time.perf_counter() - built}
    timings_file.write_text(json.dumps(report), encoding="utf-8")
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
