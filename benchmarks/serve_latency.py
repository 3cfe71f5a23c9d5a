"""Time from saving one changed entry to its page showing the change under `kb serve`.

Starts `kb serve` on a free loopback port, waits until the entry's page is served, rewrites the entry's
YAML with a marker word in its summary, and polls the page until the marker appears. The server is
always stopped and the entry restored.

Besides the wall time it splits the change into our part and mkdocs' dirty rebuild, as the server
reports each round (`kb serve: regenerated 1 page(s) in X s; mkdocs rebuilt them in Y s`), and gives
the CPU time the server spent on the change.

    python -m benchmarks.serve_latency CORPUS [--kind practice_example]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from kb.content_model import KINDS_BY_NAME, SUMMARY_MAX

from .corpus import dump_entry
from .measure import free_port, kb_command, stop_tree, tree_cpu_seconds

POLL_SECONDS = 0.05
SETTLE_SECONDS = 6.0  # the log is quiet this long after the change showed: the rebuilds it started have finished
MARKER = "Benchmarkmarker"
POST_BUILD_DONE = "search index and short links up to date"  # kb serve says this when its background steps end
LISTINGS_DONE = "that list the saved entries in"
_REGENERATED = re.compile(r"kb serve: regenerated \d+ page\(s\) in ([\d.]+) s")
_REFRESHED = re.compile(r"kb serve: refreshed \d+ page\(s\) that list the saved entries in ([\d.]+) s")
_MKDOCS_BUILT = re.compile(r"mkdocs rebuilt them in ([\d.]+) s")


def page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, wanted: str, timeout: float, server: subprocess.Popen[bytes]) -> float | None:
    """Seconds until the page at url contains `wanted`, or None after timeout or once the server has stopped."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and server.poll() is None:
        text = page_text(url)
        if text is not None and wanted in text:
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    return None


def unique_marker() -> str:
    """A word seen nowhere before, of letters only: a 10-digit time may pass as an NHS number, and the
    personal-data check then (rightly) refuses the save."""
    return MARKER + "".join(chr(ord("a") + int(digit)) for digit in str(int(time.time())))


def wait_for_line(log_path: Path, offset: int, text: str, timeout: float = 600) -> None:
    """Until the log, from `offset` on, holds `text`: e.g. the server's background re-index has finished, so
    the change is measured on a server that is doing nothing else."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and text.encode() not in log_path.read_bytes()[offset:]:
        time.sleep(POLL_SECONDS)


def wait_until_quiet(log_path: Path, timeout: float = 60) -> None:
    """Until the log has not grown for SETTLE_SECONDS: mkdocs may log its rebuild just after the page is served."""
    started = time.perf_counter()
    size = log_path.stat().st_size
    quiet_since = time.perf_counter()
    while time.perf_counter() - started < timeout and time.perf_counter() - quiet_since < SETTLE_SECONDS:
        time.sleep(POLL_SECONDS)
        if (grown := log_path.stat().st_size) != size:
            size, quiet_since = grown, time.perf_counter()


def rebuild_parts(log_text: str) -> dict[str, object]:
    """What the server logged after the save: our regeneration of the saved page and mkdocs' dirty rebuild that
    served it (the first of each), then the refresh of the pages listing it, with the rebuild that follows."""
    ours = [float(seconds) for seconds in _REGENERATED.findall(log_text)]
    theirs = [float(seconds) for seconds in _MKDOCS_BUILT.findall(log_text)]
    listings = [float(seconds) for seconds in _REFRESHED.findall(log_text)]
    return {
        "regenerate_seconds": ours[0] if ours else None,
        "mkdocs_rebuild_seconds": theirs[0] if theirs else None,
        "listings_seconds": sum(listings),
        "mkdocs_rebuilds_seconds": theirs,
        "failed_rebuilds": log_text.count("could not regenerate the pages") + log_text.count("Error building page"),
    }


def serve_latency(
    corpus: Path, kind_name: str = "practice_example", start_timeout: float = 1800, change_timeout: float = 600
) -> dict[str, object]:
    folder = corpus / KINDS_BY_NAME[kind_name].folder
    path = sorted(folder.glob("*.yaml"))[len(list(folder.glob("*.yaml"))) // 2]
    original = path.read_bytes()
    data = yaml.load(original, Loader=yaml.CSafeLoader)
    port = free_port()
    url = f"http://127.0.0.1:{port}/{KINDS_BY_NAME[kind_name].folder.replace('_', '-')}/{data['id']}/"
    log_path = corpus.parent / f"serve-{corpus.name}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        kb_command("serve", "--root", str(corpus), "--address", f"127.0.0.1:{port}"), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        ready = wait_for(url, data["title"].split(":")[0], start_timeout, process)
        if ready is None:
            return {"error": f"the page was not served (see {log_path}): {_why(process, start_timeout)}"}
        wait_for_line(log_path, 0, POST_BUILD_DONE)
        wait_until_quiet(log_path)
        marker = unique_marker()
        data["summary"] = f"{marker}. {data['summary']}"[:SUMMARY_MAX]
        log_offset, cpu_before, load = log_path.stat().st_size, tree_cpu_seconds(process.pid), os.getloadavg()[0]
        saved = time.perf_counter()
        dump_entry(path, kind_name, data)
        seen = wait_for(url, marker, change_timeout, process)
        if seen is None:
            return {
                "startup_seconds": ready,
                "error": f"the change did not appear (see {log_path}): {_why(process, change_timeout)}",
            }
        change_seconds, change_cpu = time.perf_counter() - saved, tree_cpu_seconds(process.pid) - cpu_before
        wait_for_line(log_path, log_offset, LISTINGS_DONE)
        wait_until_quiet(log_path)
        log_text = log_path.read_bytes()[log_offset:].decode("utf-8", "replace")
        return {
            "startup_seconds": ready,
            "change_seconds": change_seconds,
            "change_cpu_seconds": change_cpu,
            "cpu_seconds_until_quiet": tree_cpu_seconds(process.pid) - cpu_before,  # the listing pages' refresh too
            "load_average": load,
            **rebuild_parts(log_text),
            "page": url.split("/", 3)[-1],
        }
    finally:
        stop_tree(process)
        log.close()
        path.write_bytes(original)


def _why(server: subprocess.Popen[bytes], timeout: float) -> str:
    code = server.poll()
    return f"kb serve stopped with exit code {code}" if code is not None else f"not within {timeout:.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a knowledge-base root, e.g. .build/bench/corpus-300")
    parser.add_argument("--kind", default="practice_example", choices=sorted(KINDS_BY_NAME), help="the kind of entry changed")
    args = parser.parse_args()
    print(json.dumps(serve_latency(args.corpus.resolve(), args.kind), indent=2))


if __name__ == "__main__":
    main()
