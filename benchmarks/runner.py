"""Measure one corpus size, stage by stage. A stage that cannot run is recorded as not available, never raised."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus import CORPUS_VERSION, write_corpus
from .measure import folder_size, kb_command, peaks_within, run
from .plain_site import write_plain_site

Printer = Callable[[str], None]
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}
MB = 1024 * 1024
SET_ASIDE = "set-aside"  # where earlier runs' corpora and sites wait to be deleted, at the end of a run
SHARED_SENTENCES = 40  # the shared-words corpus's text comes from this many real sentences
# The build's own top-level stages, as kb.site.build records them; anything else it records is a detail.
BUILD_STAGES = (
    "validate",
    "generate pages",
    "related entries",
    "page generators",
    "mkdocs",
    "search indexing",
    "post-build",
    "check links",
    "swap in",
)


@dataclass
class Plan:
    repo: Path
    workspace: Path  # scratch folder for corpora and sites, e.g. .build/bench
    serve_up_to: int = 3000  # kb serve and the plain baseline are measured up to this size (their targets are at 3,000)
    browser: bool = True


def not_available(reason: str) -> dict[str, Any]:
    return {"available": False, "reason": reason}


def guarded(name: str, say: Printer, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one measurement; any failure becomes a 'not available' record with its reason."""
    say(f"  {name}…")
    try:
        result = measure()
    except Exception as error:  # the benchmark reports, it never stops on one stage
        result = not_available(f"{type(error).__name__}: {error}")
    if result.get("available") is False:
        say(f"    not available: {result['reason']}")
    return result


def set_aside(path: Path) -> None:
    """Move what an earlier run left at `path` out of the way, to be deleted once the run has measured everything
    (`remove_set_aside`). On a disk without a journal (ext4 here), a new file does not take an inode freed in the
    last minute or more, and the kernel passes over each such inode in turn: deleting a 10,000-file site just
    before a build added 3-10 s of system time to the build, charging it to whichever build came next."""
    if path.exists():
        aside = path.parent / SET_ASIDE
        aside.mkdir(exist_ok=True)
        path.rename(aside / f"{path.name}-{time.time_ns()}")


def remove_set_aside(workspace: Path) -> None:
    shutil.rmtree(workspace / SET_ASIDE, ignore_errors=True)


def measure_size(size: int, plan: Plan, say: Printer) -> dict[str, Any]:
    corpus = plan.workspace / f"corpus-{size}"
    set_aside(corpus)
    started = time.perf_counter()
    write_corpus(plan.repo, size, corpus)
    record: dict[str, Any] = {
        "entries": size,
        "corpus_version": CORPUS_VERSION,
        "corpus_seconds": time.perf_counter() - started,
        "load_average": os.getloadavg()[0],
    }
    say(f"{size} entries: corpus written to {corpus} in {record['corpus_seconds']:.1f} s")
    record["validate"] = guarded("kb validate", say, lambda: validate_stage(corpus))
    record["validate_named"] = guarded("kb validate FILE FILE", say, lambda: validate_named_stage(corpus))
    if size <= plan.serve_up_to:
        shared = plan.workspace / f"corpus-{size}-shared-words"
        set_aside(shared)
        write_corpus(plan.repo, size, shared, shared_sentences=SHARED_SENTENCES)
        record["validate_shared_words"] = guarded("kb validate, entries sharing many words", say, lambda: validate_stage(shared))
        set_aside(shared)
    record["validate_split"] = guarded("kb validate, split", say, lambda: probe("validate_probe", corpus))
    record["build"] = guarded("kb build", say, lambda: build_stage(corpus))
    if size <= plan.serve_up_to:
        record["plain"] = guarded("plain mkdocs-material", say, lambda: plain_stage(corpus, plan.workspace / f"plain-{size}"))
        record["serve"] = guarded("kb serve, one change", say, lambda: serve_stage(corpus))
    else:
        skipped = not_available(f"measured up to {plan.serve_up_to} entries only (its target is at 3,000)")
        record["plain"] = record["serve"] = skipped
    site = corpus / "site"
    if plan.browser:
        record["first_search"] = guarded("first search in Chromium", say, lambda: first_search_stage(site))
    else:
        record["first_search"] = not_available("--no-browser")
    record["mobile"] = (
        guarded("phone profile in Chromium", say, lambda: mobile_stage(site)) if plan.browser else not_available("--no-browser")
    )
    record["offline"] = (
        guarded("offline reading's budgets in Chromium", say, lambda: offline_stage(site, save_all=size <= plan.serve_up_to))
        if plan.browser
        else not_available("--no-browser")
    )
    record["search"] = guarded("kb search", say, lambda: search_stage(corpus))
    return record


def validate_stage(corpus: Path) -> dict[str, Any]:
    result = run(kb_command("validate", "--root", str(corpus)), cwd=corpus)
    summary = result.output.strip().splitlines()[-1] if result.output.strip() else ""
    if not result.ok:
        return not_available(f"kb validate exited {result.returncode}: {summary}")
    return {"seconds": result.seconds, "cpu_seconds": result.cpu_seconds, "peak_mb": result.peak_bytes / MB, "summary": summary}


def validate_named_stage(corpus: Path) -> dict[str, Any]:
    """`kb validate` of two named files (as the pre-commit hook runs it), against the rest of the corpus."""
    named = [str(next(iter(sorted((corpus / folder).glob("*.yaml"))))) for folder in ("practice_examples", "protocols")]
    result = run(kb_command("validate", "--root", str(corpus), *named), cwd=corpus)
    if not result.ok:
        return not_available(f"kb validate FILE exited {result.returncode}: {_last_line(result.output)}")
    return {"seconds": result.seconds, "cpu_seconds": result.cpu_seconds}


def probe(module: str, corpus: Path) -> dict[str, Any]:
    result = run([sys.executable, "-m", f"benchmarks.{module}", str(corpus)], cwd=corpus)
    if not result.ok:
        return not_available(_last_line(result.output))
    return json.loads(result.output.strip().splitlines()[-1])


def build_stage(corpus: Path) -> dict[str, Any]:
    if not _module_exists("kb.site.build"):
        return not_available("kb build is not installed yet (kb.site.build)")
    timings_file = corpus / "build-timings.json"
    site = corpus / "site"
    shutil.rmtree(site, ignore_errors=True)  # none in a corpus just written
    result = run(
        [sys.executable, "-m", "benchmarks.build_probe", str(corpus), str(site), str(timings_file)], cwd=corpus, env=QUIET_MKDOCS
    )
    report = json.loads(timings_file.read_text(encoding="utf-8")) if timings_file.exists() else {}
    if not result.ok:
        return not_available(report.get("error") or _last_line(result.output))
    timings = report.get("timings", {})
    stage_peaks = peaks_within(result.memory_samples, [tuple(span) for span in report.get("stage_spans", [])])
    size, files = folder_size(site)
    stages = {name: timings[name] for name in BUILD_STAGES if name in timings}
    # Related entries are timed inside page generation; when pages render on several cores their times add up
    # past the stage's own wall time, and the difference means nothing.
    if stages.get("generate pages", 0) > stages.get("related entries", float("inf")):
        stages["generate pages (without related entries)"] = stages["generate pages"] - stages["related entries"]
    details = {name: seconds for name, seconds in timings.items() if name not in BUILD_STAGES and name != "total"}
    return {
        # The probe's own timing of the related-entries finder, after the build, is not part of the build.
        "seconds": result.seconds - report.get("probe_seconds_after_build", 0.0),
        "cpu_seconds": result.cpu_seconds,
        "peak_mb": result.peak_bytes / MB,
        "stages": stages,
        "stage_peak_mb": {name: peak / MB for name, peak in stage_peaks.items()},
        "details": details,
        "site_bytes": size,
        "site_files": files,
    }


def plain_stage(corpus: Path, target: Path) -> dict[str, Any]:
    set_aside(target)
    config = write_plain_site(corpus, target)
    result = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(target / "site")],
        cwd=target,
        env=QUIET_MKDOCS,
    )
    if not result.ok:
        return not_available(f"mkdocs exited {result.returncode}: {_last_line(result.output)}")
    size, files = folder_size(target / "site")
    return {
        "seconds": result.seconds,
        "cpu_seconds": result.cpu_seconds,
        "peak_mb": result.peak_bytes / MB,
        "site_bytes": size,
        "site_files": files,
    }


def serve_stage(corpus: Path) -> dict[str, Any]:
    if not _module_exists("kb.site.serve"):
        return not_available("kb serve is not installed yet (kb.site.serve)")
    from .serve_latency import serve_latency

    result = serve_latency(corpus.resolve())
    if "error" in result:
        reason = str(result.pop("error"))
        return {**result, **not_available(reason)}
    return result


def first_search_stage(site: Path) -> dict[str, Any]:
    if not (site / "search" / "index.html").is_file() or not (site / "pagefind").is_dir():
        return not_available("the built site has no search page or Pagefind index")
    if not Path("/usr/bin/chromium").exists():
        return not_available("Debian's chromium is not installed (make browser)")
    from .first_search import first_search_bytes

    return first_search_bytes(site)


REPO = Path(__file__).resolve().parents[1]


def mobile_stage(site: Path) -> dict[str, Any]:
    """Largest contentful paint and first search result in Lighthouse's mobile profile (benchmarks/mobile_profile.py)."""
    result = run([sys.executable, "-m", "benchmarks.mobile_profile", str(site), "--json"], cwd=REPO)
    if not result.ok:
        return not_available(_last_line(result.output))
    return json.loads(result.output.strip().splitlines()[-1])


def offline_stage(site: Path, save_all: bool) -> dict[str, Any]:
    """Issue #20's budgets: the worker and manifest, a first visit, saving the whole site (benchmarks/offline_budget.py)."""
    if not (site / "sw.js").is_file():
        return not_available("the built site has no service worker (sw.js)")
    command = [sys.executable, "-m", "benchmarks.offline_budget", str(site), "--json", *([] if save_all else ["--no-save-all"])]
    result = run(command, cwd=REPO)
    if not result.ok:
        return not_available(_last_line(result.output))
    return json.loads(result.output.strip().splitlines()[-1])


def search_stage(corpus: Path) -> dict[str, Any]:
    if not _module_exists("kb.search.query"):
        return not_available("kb search is not installed yet")
    shutil.rmtree(corpus / ".cache", ignore_errors=True)
    first = run(kb_command("search", "county lines", "--root", str(corpus)), cwd=corpus)
    if not first.ok:
        return not_available(f"kb search exited {first.returncode}: {_last_line(first.output)}")
    cold = run(kb_command("search", "missing children", "--root", str(corpus)), cwd=corpus)
    warm = probe("search_probe", corpus)
    return {"first_run_seconds": first.seconds, "cold_seconds": cold.seconds, "cold_peak_mb": cold.peak_bytes / MB, **warm}


def _module_exists(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"
