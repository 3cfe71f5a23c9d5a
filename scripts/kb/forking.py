"""Independent work split over forked processes, for large knowledge bases.

Workers are forked, so they inherit the model (and anything else the work reads) without
pickling it; only the arguments going in and the results coming back cross between processes.
The calling process works on one share itself while the workers do theirs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Output = TypeVar("Output")

PARALLEL_THRESHOLD = 400  # below this many items, starting workers costs more than it saves
_WORK: Callable[[Any], Any] | None = None  # set in the parent just before forking; called by the workers


def worker_count(items: int, workers: int | None = None, threshold: int = PARALLEL_THRESHOLD) -> int:
    if workers is not None:
        return max(1, workers)
    if items < threshold or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 4)


def fork_map(
    work: Callable[[Item], Output], items: Sequence[Item], workers: int | None = None, threshold: int = PARALLEL_THRESHOLD
) -> list[Output]:
    """[work(item) for item in items], the items dealt out to forked workers when there are enough of them."""
    count = worker_count(len(items), workers, threshold)
    if count == 1 or len(items) < 2:
        return [work(item) for item in items]
    global _WORK
    _WORK = work
    shares = [list(items[index::count]) for index in range(count)]
    # Objects made before the fork are left out of garbage collection meanwhile: the collector's passes write to
    # every object they visit, which makes the kernel copy each page the workers share with this process.
    gc.freeze()
    try:
        # The parent takes the first share itself: one process fewer holding (and, counted by its resident
        # memory, seeming to hold) a copy of everything the work reads.
        with multiprocessing.get_context("fork").Pool(count - 1) as pool:
            others = pool.map_async(_work_on, shares[1:])
            dealt = [_work_on(shares[0]), *others.get()]
    finally:
        _WORK = None
        gc.unfreeze()
    results: list[Any] = [None] * len(items)
    for index, outputs in enumerate(dealt):
        results[index::count] = outputs
    return results


def _work_on(items: list[Any]) -> list[Any]:
    assert _WORK is not None
    return [_WORK(item) for item in items]
