"""`python -m kb.bench.build_probe ROOT OUTPUT TIMINGS.json`: run `kb build` and keep its stage timings.

The same call `kb build --root ROOT --output OUTPUT` makes, run in a child process (so its memory can be
measured apart from the benchmark's), writing `BuildContext.timings` as JSON for the benchmark to read,
with the peak memory of each stage (this process and its children, sampled every 0.1 s).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from pathlib import Path

from .measure import POLL_SECONDS, tree_memory

_STAGE_LINE = re.compile(r"^\[\d+\] (.+?)…$")  # the build prints "[3] mkdocs…" as a stage starts


class StagePeaks:
    """Peak memory per build stage, told where a stage starts by the build's own progress lines."""

    def __init__(self) -> None:
        self.current = "start"
        self.peaks: dict[str, int] = {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.stopped.is_set():
            memory = tree_memory(os.getpid())
            self.peaks[self.current] = max(self.peaks.get(self.current, 0), memory)
            self.stopped.wait(POLL_SECONDS)

    def say(self, line: str) -> None:
        print(line, flush=True)
        match = _STAGE_LINE.match(line.strip())
        if match:
            self.current = match.group(1)

    def megabytes(self) -> dict[str, float]:
        return {stage: peak / (1024 * 1024) for stage, peak in self.peaks.items()}


def main(root: Path, output: Path, timings_file: Path) -> int:
    from .. import plugins
    from ..site.build import BuildFailed, BuildOptions, build_site

    plugins.load()
    peaks = StagePeaks()
    peaks.thread.start()
    try:
        context = build_site(BuildOptions(root=root, output=output), say=peaks.say)
    except BuildFailed as failure:
        for problem in failure.problems[:20]:
            print(problem.format())
        timings_file.write_text(json.dumps({"error": str(failure)}), encoding="utf-8")
        return 1
    finally:
        peaks.stopped.set()
        peaks.thread.join()
    timings_file.write_text(json.dumps({"timings": context.timings, "stage_peak_mb": peaks.megabytes()}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
