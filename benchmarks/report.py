"""The benchmark's results: targets judged PASS or MISS, a Markdown table for the README, and JSON."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

TARGET_SIZE = 3000
LARGE_SIZE = 10000
LINEAR_TOLERANCE = 0.25  # bytes per added entry may vary this much between size steps and still count as linear


@dataclass
class Verdict:
    target: str
    measured: str
    status: str  # PASS, MISS or "not measured"


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def git_commit(repo: Path) -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "scripts"], cwd=repo, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip() or "unknown"
    return commit + (" (with uncommitted changes under scripts/)" if dirty.stdout.strip() else "")


def _get(record: dict[str, Any] | None, *keys: str) -> Any:
    value: Any = record
    for key in keys:
        if not isinstance(value, dict) or value.get("available") is False or key not in value:
            return None
        value = value[key]
    return value


def _judge(target: str, value: float | None, limit: float, shown: str, size: int | None, idle: float | None = None) -> Verdict:
    """PASS or MISS on the wall-clock figure; `idle` is what an idle machine would take (CPU time), shown beside it."""
    if value is None:
        return Verdict(target, "not measured", "not measured")
    where = f" at {size:,}" if size else ""
    status = "PASS" if value <= limit else "MISS"
    if idle is not None:
        shown += f" (CPU {idle:.1f})"
        if status == "MISS" and idle <= limit:
            status = "MISS (machine load; CPU time within target)"
    return Verdict(target, shown + where, status)


def verdicts(results: dict[int, dict[str, Any]]) -> list[Verdict]:
    target_size = TARGET_SIZE if TARGET_SIZE in results else max((n for n in results if n <= TARGET_SIZE), default=None)
    at = results.get(target_size) if target_size else None
    large = results.get(LARGE_SIZE)
    ratio, cpu_ratio = _ratio(at, "seconds"), _ratio(at, "cpu_seconds")
    found = [
        _judge(
            "full build ≤ 1.0 × plain mkdocs-material (3,000), issue #23's goal", ratio, 1.0, f"{ratio or 0:.2f}×", target_size
        ),
        _judge("full build ≤ 1.5 × plain mkdocs-material (3,000)", ratio, 1.5, f"{ratio or 0:.2f}×", target_size, cpu_ratio),
        _seconds("kb validate ≤ 5 s (3,000)", _get(at, "validate", "seconds"), 5, target_size, _parallel_cpu(at, "validate")),
        _seconds(
            "kb validate ≤ 5 s, entries sharing many words (3,000)",
            _get(at, "validate_shared_words", "seconds"),
            5,
            target_size,
            _parallel_cpu(at, "validate_shared_words"),
        ),
        _seconds("kb validate FILE FILE ≤ 1 s (3,000)", _get(at, "validate_named", "seconds"), 1, target_size),
        _seconds(
            "kb validate ≤ 15 s (10,000)", _get(large, "validate", "seconds"), 15, LARGE_SIZE, _parallel_cpu(large, "validate")
        ),
        _seconds("changed entry visible under kb serve ≤ 3 s (3,000)", _get(at, "serve", "change_seconds"), 3, target_size),
        _kilobytes("first search ≤ 300 KB gzip (3,000)", _get(at, "first_search", "gzip_bytes"), 300, target_size),
        _milliseconds(
            "kb search p95 ≤ 100 ms warm (3,000)",
            _get(at, "search", "p95_ms"),
            100,
            target_size,
            _get(at, "search", "cpu_p95_ms"),
        ),
        _seconds("kb search ≤ 1 s cold command (3,000)", _get(at, "search", "cold_seconds"), 1, target_size),
        _seconds(
            "10,000 entries build < 10 min", _get(large, "build", "seconds"), 600, LARGE_SIZE, _get(large, "build", "cpu_seconds")
        ),
        _judge("10,000 entries build within 4 GB", _peak_gb(large), 4, f"{_peak_gb(large) or 0:.2f} GB", LARGE_SIZE),
        _linear(results),
        *_phone_verdicts(at, target_size),
        *_offline_verdicts(at, target_size),
    ]
    return found


def _offline_verdicts(at: dict[str, Any] | None, size: int | None) -> list[Verdict]:
    """Issue #20 (benchmarks/offline_budget.py): two budgets, and the cost of saving everything, which has no target."""
    device, wire = (_get(at, "offline", "whole_site", key) for key in ("device_bytes", "wire_bytes"))
    where = f" at {size:,}" if size else ""
    saved = (
        f"{device / 1e6:.1f} MB on the device, {wire / 1e6:.1f} MB over the network{where}" if device and wire else "not measured"
    )
    return [
        _kilobytes(
            "offline: service worker + manifest ≤ 15 KB gzip (3,000)",
            _get(at, "offline", "worker_and_manifest_gzip_bytes"),
            15,
            size,
        ),
        _kilobytes(
            "offline: first visit fetches ≤ 50 KB extra before the page is usable (3,000)",
            _get(at, "offline", "first_visit", "extra_before_usable_bytes"),
            50,
            size,
        ),
        Verdict("offline: saving the whole knowledge base (3,000)", saved, "measured" if device else "not measured"),
    ]


def _phone_verdicts(at: dict[str, Any] | None, size: int | None) -> list[Verdict]:
    """Issue #14, in Lighthouse's mobile profile with the site served gzip-compressed (benchmarks/mobile_profile.py)."""
    ours, theirs = (_get(at, "mobile", "gzip", "first_result_seconds", name) for name in ("ours", "pagefind-ui"))
    ahead = None if ours is None or theirs is None else ours - theirs
    return [
        _seconds("phone: first search result ≤ 2.5 s (3,000)", ours, 2.5, size),
        _judge("phone: first result ahead of Pagefind's default UI (3,000)", ahead, 0, f"{ahead or 0:+.2f} s", size),
        *[
            _seconds(
                f"phone: largest contentful paint ≤ 2.0 s, {page} (3,000)",
                _get(at, "mobile", "gzip", "lcp_seconds", page),
                2,
                size,
            )
            for page in ("home", "entry", "search")
        ],
    ]


def _ratio(record: dict[str, Any] | None, key: str) -> float | None:
    build, plain = _get(record, "build", key), _get(record, "plain", key)
    return build / plain if build and plain else None


def _parallel_cpu(record: dict[str, Any] | None, stage: str) -> float | None:
    """CPU time spread over the cores: a lower bound on wall time on an idle machine for a command that uses them all."""
    cpu = _get(record, stage, "cpu_seconds")
    return cpu / (os.cpu_count() or 1) if cpu is not None else None


def _seconds(target: str, value: float | None, limit: float, size: int | None, idle: float | None = None) -> Verdict:
    return _judge(target, value, limit, f"{value:.1f} s" if value is not None else "", size, idle)


def _milliseconds(target: str, value: float | None, limit: float, size: int | None, idle: float | None = None) -> Verdict:
    return _judge(target, value, limit, f"{value:.0f} ms" if value is not None else "", size, idle)


def _kilobytes(target: str, value: float | None, limit: float, size: int | None) -> Verdict:
    kilobytes = value / 1000 if value is not None else None
    return _judge(target, kilobytes, limit, f"{kilobytes:.0f} KB" if kilobytes is not None else "", size)


def _peak_gb(record: dict[str, Any] | None) -> float | None:
    peak = _get(record, "build", "peak_mb")
    return peak / 1024 if peak is not None else None


def _linear(results: dict[int, dict[str, Any]]) -> Verdict:
    target = "site size grows linearly"
    points = sorted((n, _get(r, "build", "site_bytes")) for n, r in results.items() if _get(r, "build", "site_bytes"))
    if len(points) < 3:
        return Verdict(target, "needs three sizes", "not measured")
    rates = [(b2 - b1) / (n2 - n1) for (n1, b1), (n2, b2) in itertools.pairwise(points)]
    spread = max(rates) / min(rates) - 1 if min(rates) > 0 else float("inf")
    shown = ", ".join(f"{rate / 1000:.1f} KB" for rate in rates) + " per added entry"
    return Verdict(target, shown, "PASS" if spread <= LINEAR_TOLERANCE else "MISS")


def _cell(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}"


def figure_rows(results: dict[int, dict[str, Any]]) -> list[tuple[str, list[str]]]:
    sizes = sorted(results)
    stage_names: list[str] = []
    for n in sizes:
        for name in _get(results[n], "build", "stages") or {}:
            if name not in stage_names:
                stage_names.append(name)

    peak_names: list[str] = []
    for n in sizes:
        for name in _get(results[n], "build", "stage_peak_mb") or {}:
            if name not in peak_names and name != "start":
                peak_names.append(name)

    def row(label: str, *keys: str, unit: str = "", digits: int = 1, scale: float = 1.0) -> tuple[str, list[str]]:
        cells = []
        for n in sizes:
            value = _get(results[n], *keys)
            if value is None:
                reason = _get_reason(results[n], keys[0])
                cells.append(f"not available{f' ({reason})' if reason else ''}" if reason is not None else "n/a")
            else:
                cells.append(_cell(value / scale if scale != 1.0 else value, unit, digits))
        return label, cells

    rows = [
        row("load average when the size started", "load_average", unit=""),
        row("kb validate (cold command)", "validate", "seconds", unit=" s"),
        row("kb validate CPU time (user + system)", "validate", "cpu_seconds", unit=" s"),
        row("kb validate peak memory", "validate", "peak_mb", unit=" MB", digits=0),
        row("kb validate, entries sharing many words", "validate_shared_words", "seconds", unit=" s"),
        row("kb validate FILE FILE (two named files)", "validate_named", "seconds", unit=" s", digits=2),
    ]
    for n in sizes:
        for name in _get(results[n], "validate_split") or {}:
            if name != "available" and all(name != label.removeprefix("  validate: ") for label, _ in rows):
                rows.append(row(f"  validate: {name}", "validate_split", name, unit=" s", digits=2))
    rows += [
        row("kb build, total", "build", "seconds", unit=" s"),
        row("kb build CPU time (user + system)", "build", "cpu_seconds", unit=" s"),
        row("kb build peak memory (process tree)", "build", "peak_mb", unit=" MB", digits=0),
        *[row(f"  build stage: {name}", "build", "stages", name, unit=" s", digits=2) for name in stage_names],
        *[row(f"  peak memory in stage: {name}", "build", "stage_peak_mb", name, unit=" MB", digits=0) for name in peak_names],
        row("plain mkdocs-material build (flat nav)", "plain", "seconds", unit=" s"),
        row("plain mkdocs-material CPU time", "plain", "cpu_seconds", unit=" s"),
        _ratio_row(results, sizes, "seconds", "kb build ÷ plain mkdocs (wall)"),
        _ratio_row(results, sizes, "cpu_seconds", "kb build ÷ plain mkdocs (CPU time)"),
        row("kb serve: saved entry visible after", "serve", "change_seconds", unit=" s", digits=2),
        row("kb serve: first page served after start", "serve", "startup_seconds", unit=" s"),
        row("site size", "build", "site_bytes", unit=" MB", scale=1e6),
        row("site files", "build", "site_files"),
        row("plain mkdocs site size", "plain", "site_bytes", unit=" MB", scale=1e6),
        row("first search: fetched, gzip", "first_search", "gzip_bytes", unit=" KB", digits=0, scale=1e3),
        row("first search: requests", "first_search", "requests"),
        *[
            row(f"phone, {serving}: {label}", "mobile", serving, *keys, unit=" s", digits=2)
            for serving in ("gzip", "as files")
            for label, keys in (
                ("LCP home", ("lcp_seconds", "home")),
                ("LCP entry", ("lcp_seconds", "entry")),
                ("LCP search page", ("lcp_seconds", "search")),
                ("first search result, ours", ("first_result_seconds", "ours")),
                ("first search result, Pagefind UI", ("first_result_seconds", "pagefind-ui")),
            )
        ],
        row("offline: sw.js + manifest, gzip", "offline", "worker_and_manifest_gzip_bytes", unit=" KB", scale=1e3),
        row(
            "offline: first visit, extra before usable",
            "offline",
            "first_visit",
            "extra_before_usable_bytes",
            unit=" KB",
            scale=1e3,
        ),
        row(
            "offline: first visit, kept after load",
            "offline",
            "first_visit",
            "kept_in_background_bytes",
            unit=" KB",
            digits=0,
            scale=1e3,
        ),
        row("offline: save everything, on the device", "offline", "whole_site", "device_bytes", unit=" MB", scale=1e6),
        row("offline: save everything, over the network", "offline", "whole_site", "wire_bytes", unit=" MB", scale=1e6),
        row(
            "offline: Save all pages in Chromium, cached",
            "offline",
            "save_all_in_chromium",
            "cached_bytes",
            unit=" MB",
            scale=1e6,
        ),
        row("offline: Save all pages in Chromium, time", "offline", "save_all_in_chromium", "seconds", unit=" s"),
        row("kb search warm p50", "search", "p50_ms", unit=" ms"),
        row("kb search warm p95", "search", "p95_ms", unit=" ms"),
        row("kb search warm p50, CPU time", "search", "cpu_p50_ms", unit=" ms"),
        row("kb search warm p95, CPU time", "search", "cpu_p95_ms", unit=" ms"),
        row("kb search cold command", "search", "cold_seconds", unit=" s", digits=2),
        row("kb search first run (builds its index)", "search", "first_run_seconds", unit=" s"),
    ]
    return rows


def _get_reason(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, dict) and value.get("available") is False:
        return str(value.get("reason", ""))[:80]
    return None


def _ratio_row(results: dict[int, dict[str, Any]], sizes: list[int], key: str, label: str) -> tuple[str, list[str]]:
    cells = [f"{ratio:.2f}×" if (ratio := _ratio(results[n], key)) else "n/a" for n in sizes]
    return label, cells


def markdown(results: dict[int, dict[str, Any]], meta: dict[str, Any]) -> str:
    sizes = sorted(results)
    lines = [
        "# Benchmark results",
        "",
        f"Run {meta['date']} on {meta['machine']['cores']} cores and {meta['machine']['memory_gb']} GB of memory "
        f"(load average at start {meta['machine']['load_average_at_start']}; the machine is shared), Python "
        f"{meta['machine']['python']}, git commit {meta['commit']}. Produced by `make bench` (`python -m benchmarks`); "
        "the corpus is synthetic (see `benchmarks/corpus.py`).",
        "",
        "## Targets",
        "",
        "| Target | Measured | Result |",
        "| --- | --- | --- |",
        *[f"| {v.target} | {v.measured} | {v.status} |" for v in verdicts(results)],
        "",
        "## Figures",
        "",
        "| Measure | " + " | ".join(f"{n:,} entries" for n in sizes) + " |",
        "| --- |" + " --- |" * len(sizes),
        *[f"| {label} | " + " | ".join(cells) + " |" for label, cells in figure_rows(results)],
        "",
    ]
    largest = _largest_first_search(results)
    if largest:
        lines += ["Largest files fetched for the first search: " + largest, ""]
    return "\n".join([*lines, METHOD])


METHOD = """## Method

- **Corpus**: `benchmarks.corpus` writes N entries (42% practice examples, 28% case reviews, 12% services,
  8% protocols, 8% resources, 2% topic hubs, plus session packs for 1% of N) with the real taxonomy. Text is
  generated by a word-pair Markov chain trained on the real entries and the glossary, with field lengths
  drawn from the real entries; each entry coins a project name so the vocabulary grows with N. Seeded:
  the same N gives the same corpus. It is written under `.build/bench/`, never into the content folders.
- **Times** are wall-clock seconds of a fresh command (`kb validate`, the `kb build` pipeline via
  `benchmarks.build_probe`, which calls the same `build_site` and times each stage through its `watch` hook;
  "related entries" is the finder run over every entry afterwards, in one process, and left out of the
  build's time).
  CPU time (user + system, the command and the processes it waited for) is given beside them because the
  machine is shared: when the load average is above the core count, wall time overstates what a
  contributor's laptop would see. In the targets table, "(CPU n)" is that idle-machine estimate: CPU time
  divided by the cores for `kb validate` (it uses both), CPU time for one-process measures. Peak memory is the summed resident memory of the process tree, sampled
  every 0.1 s from the benchmark's process (never from inside the command measured); a build stage's peak is
  the highest sample between the stage's start and end, which the probe records.
- **Plain baseline**: the same entries as one Markdown page each, mkdocs-material with a one-level nav (home
  and an index page per kind listing its entries), the built-in search plugin and nothing else.
- **kb serve**: `kb serve` on a free loopback port; one practice example's summary is rewritten and its page
  polled over HTTP every 50 ms until the change shows (kb serve runs mkdocs' live-reload server with its own
  builder in-process; the split into regeneration and mkdocs' dirty rebuild is what it reports per round).
- **First search**: the built site served on loopback; Debian Chromium (Playwright) opens `search/`, types
  one query and waits for results. Every response body is counted gzip-compressed (level 6), or as it is
  if that is smaller (Pagefind's chunks are already compressed). 1 KB = 1,000 bytes.
- **Phone** (issue #14, `benchmarks/mobile_profile.py`): Chromium throttled through its DevTools protocol
  with Lighthouse's mobile profile figures (150 ms added to each request, 1.6 Mbps down, 750 kbps up,
  CPU 4×), a 412×823 phone viewport, a fresh context per load. LCP is the median of 3 cold loads; the
  first search result is the median over 5 queries of the time from navigation to `search/?q=…` to the
  first result on screen, for our page and for Pagefind's default UI on a bare page over the same index.
  Served gzip-compressed (the targets) and as the files are.
- **Offline** (issue #20, `benchmarks/offline_budget.py`): `sw.js` and the manifest gzip-compressed; a fresh
  Chromium profile opens the home page, and the server counts every request, the service worker's included:
  before the page's load event, offline reading's own files (its script, manifest, icons); after it, what the
  worker keeps in the background (the shell and the whole search index). Saving the whole knowledge base:
  every indexed page and its Pagefind fragment, the shell and its pages, as the device keeps them (bytes) and
  as they cross the network (gzip); up to 3,000 entries also by pressing "Save all pages" on `offline/` in
  Chromium and adding up the worker's caches.
- **kb search**: p50/p95 over 20 fixed queries × 5 with the on-disk index opened once (in-process);
  "cold" is a fresh `kb search` command with the index already cached.
- **Linear growth**: bytes per added entry between successive sizes may differ by at most 25%.
"""


def _largest_first_search(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(n for n in results if _get(results[n], "first_search", "largest"))
    if not sizes:
        return ""
    n = TARGET_SIZE if TARGET_SIZE in sizes else sizes[-1]
    items = _get(results[n], "first_search", "largest")[:6]
    return f"at {n:,} entries, " + ", ".join(f"`{item['path']}` {item['gzip_bytes'] / 1000:.0f} KB" for item in items) + "."


def run_meta(repo: Path) -> dict[str, Any]:
    """Date, machine and commit, taken when the run starts (the load average then is what the figures met)."""
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(), "commit": git_commit(repo)}


def previous_sizes(json_path: Path) -> dict[int, dict[str, Any]]:
    """Sizes recorded by an earlier run, so a later run of one size adds to the table rather than replacing it."""
    try:
        payload = json.loads(json_path.read_text(encoding="utf-8"))
        return {int(n): record for n, record in payload.get("sizes", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def write_results(
    results: dict[int, dict[str, Any]], out_dir: Path, meta: dict[str, Any], name: str = "latest"
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path, json_path = out_dir / f"{name}.md", out_dir / f"{name}.json"
    text = markdown(results, meta)
    sizes_run = {n: record.get("run", meta) for n, record in results.items()}
    if any(run is not meta for run in sizes_run.values()):
        text += (
            "\nSizes measured in different runs: "
            + "; ".join(f"{n:,} on {run['date']} at {run['commit']}" for n, run in sorted(sizes_run.items()))
            + ".\n"
        )
    versions = {n: record.get("corpus_version", 1) for n, record in results.items()}
    if len(set(versions.values())) > 1:
        text += (
            "\nCorpus generator versions differ between sizes (see `CORPUS_VERSION` in `corpus.py`): "
            + ", ".join(f"{n:,}: v{version}" for n, version in sorted(versions.items()))
            + ".\n"
        )
    md_path.write_text(text, encoding="utf-8")
    payload = {
        **meta,
        "targets": [v.__dict__ for v in verdicts(results)],
        "sizes": {str(n): r for n, r in sorted(results.items())},
    }
    json_path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return md_path, json_path
