"""Independent work split over forked processes, for large knowledge bases.

Workers are forked, so they inherit the model (and anything else the work reads) without
pickling it; only the arguments going in and the results coming back cross between processes.
The items are handed out a few at a time to whichever process asks next, the calling process
included, so the processes finish together even when some items take far longer than others.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

Item = TypeVar("Item")
Output = TypeVar("Output")

PARALLEL_THRESHOLD = 400  # below this many items, starting workers costs more than it saves
MAX_CHUNK = 25  # items a process takes at a time, at most
_JOB: _Job | None = None  # set in the parent just before forking; read by the workers
_BESIDE: Callable[[], Any] | None = None  # the same, for `beside`


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
    global _JOB
    context = multiprocessing.get_context("fork")
    _JOB = _Job(work, items, _chunk_size(len(items), count), context.Value("l", 0))
    # Objects made before the fork are left out of garbage collection meanwhile: the collector's passes write to
    # every object they visit, which makes the kernel copy each page the workers share with this process.
    gc.freeze()
    try:
        # The parent works too: one process fewer holding (and, counted by its resident memory, seeming to hold)
        # a copy of everything the work reads.
        with context.Pool(count - 1) as pool:
            others = pool.map_async(_take_chunks, range(count - 1))
            done = [*_take_chunks(0), *(chunk for chunks in others.get() for chunk in chunks)]
    finally:
        _JOB = None
        gc.unfreeze()
    results: list[Any] = [None] * len(items)
    for start, outputs in done:
        results[start : start + len(outputs)] = outputs
    return results


@dataclass
class _Job:
    work: Callable[[Any], Any]
    items: Sequence[Any]
    chunk: int
    taken: Any  # a multiprocessing.Value shared by the processes: how many items have been handed out


def _chunk_size(items: int, processes: int) -> int:
    # Items are handed out a few at a time, to whichever process asks next, so a slow item (a long entry, a listing)
    # holds back only its own process, and all processes finish within one small chunk of each other.
    return max(1, min(MAX_CHUNK, items // (processes * 8)))


def _take_chunks(_: int) -> list[tuple[int, list[Any]]]:
    """(start, outputs) of each chunk this process took, until none is left."""
    assert _JOB is not None
    job, done = _JOB, []
    while True:
        with job.taken.get_lock():
            start = job.taken.value
            job.taken.value = start + job.chunk
        if start >= len(job.items):
            return done
        done.append((start, [job.work(item) for item in job.items[start : start + job.chunk]]))


@contextmanager
def beside(function: Callable[[], Output], parallel: bool = True) -> Iterator[Callable[[], Output]]:
    """Run `function` in a forked process while the caller goes on; call what this yields for its result (which
    waits for it, and raises what it raised). With `parallel=False` the function runs when its result is asked for."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield function
        return
    global _BESIDE
    _BESIDE = function
    # Frozen only while forking: the child inherits the objects frozen, so its collector leaves them (and the pages
    # it shares with this process) alone; this process unfreezes at once, since fork_map freezes again for its own.
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(1)  # forks here: the child has its own _BESIDE
    finally:
        _BESIDE = None
        gc.unfreeze()
    with pool:
        yield pool.apply_async(_call_beside).get


def _call_beside() -> Any:
    assert _BESIDE is not None
    return _BESIDE()
