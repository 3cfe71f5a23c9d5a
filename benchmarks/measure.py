"""Run a command and measure it: wall time, exit code, and the peak memory of its whole process tree."""

from __future__ import annotations

import contextlib
import gzip
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

POLL_SECONDS = 0.1


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_bytes: int
    cpu_seconds: (
        float  # user + system time of the command and the processes it waited for: steadier than wall time on a busy machine
    )
    output: str  # stdout and stderr, the tail only
    memory_samples: list[tuple[float, int]] = field(default_factory=list)  # (wall clock, bytes), every POLL_SECONDS

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class _PeakWatcher(threading.Thread):
    """Samples the summed resident memory of a process and its descendants until told to stop."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, int]] = []  # (wall clock, bytes)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.samples.append((time.time(), tree_memory(self.pid)))
            self.stopped.wait(POLL_SECONDS)

    @property
    def peak(self) -> int:
        return max((memory for _, memory in self.samples), default=0)


def tree_memory(pid: int) -> int:
    """Resident memory of a process and its children."""
    return int(_tree_sum(pid, lambda process: process.memory_info().rss))


def tree_cpu_seconds(pid: int) -> float:
    """User + system time of a process, the children it waited for, and the children still running."""

    def cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system + times.children_user + times.children_system

    return _tree_sum(pid, cpu)


def _tree_sum(pid: int, measure: Callable[[psutil.Process], float]) -> float:
    """A figure summed over a process and its children; processes that end meanwhile count nothing."""
    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0.0
    for process in processes:
        try:
            total += measure(process)
        except psutil.Error:
            continue
    return total


def kb_command(*arguments: str) -> list[str]:
    """`kb ...` run with this Python, so the benchmark works from any virtual environment."""
    return [sys.executable, "-m", "kb", *arguments]


BENCHMARKS_HOME = Path(__file__).resolve().parents[1]  # the folder holding benchmarks/, so its probes import from anywhere


def run(command: list[str], cwd: Path, timeout: float = 3600, env: dict[str, str] | None = None) -> Run:
    python_path = os.pathsep.join(filter(None, [str(BENCHMARKS_HOME), os.environ.get("PYTHONPATH")]))
    env = {"PYTHONPATH": python_path, **(env or {})}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})}
    )
    watcher = _PeakWatcher(process.pid)
    watcher.start()
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_tree(process)
        output, _ = process.communicate()
        output += f"\n(stopped after {timeout:.0f} s)"
    seconds = time.perf_counter() - started
    watcher.stopped.set()
    watcher.join()
    tail = (output or "")[-4000:]
    return Run(seconds, process.returncode, watcher.peak, _children_cpu() - cpu_before, tail, watcher.samples)


def peaks_within(samples: list[tuple[float, int]], spans: list[tuple[str, float, float]]) -> dict[str, int]:
    """The highest memory sample inside each named span of wall-clock time (a stage seen more than once keeps its highest)."""
    peaks: dict[str, int] = {}
    for name, start, end in spans:
        inside = [memory for moment, memory in samples if start <= moment <= end]
        if inside:
            peaks[name] = max(peaks.get(name, 0), *inside)
    return peaks


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stop_tree(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Stop a process we started and every process it started."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    for victim in children:
        with contextlib.suppress(psutil.Error):
            victim.terminate()
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    psutil.wait_procs(children, timeout=5)
    for victim in children:
        with contextlib.suppress(psutil.Error):
            victim.kill()


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def gzip_size(data: bytes) -> int:
    """What the bytes cost over the wire: gzip level 6 as web servers use, or as they are if already compressed."""
    return min(len(data), len(gzip.compress(data, compresslevel=6)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[position]
