"""Time from saving one changed entry to its page showing the change under `kb serve`.

Starts `kb serve` on a free loopback port, waits until the entry's page is served, rewrites the entry's
YAML with a marker word in its summary, and polls the page until the marker appears. The server is
always stopped and the entry restored.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from ..content_model import KINDS_BY_NAME, SUMMARY_MAX
from .corpus import dump_entry
from .measure import free_port, kb_command, stop_tree

POLL_SECONDS = 0.05
MARKER = "Benchmarkmarker"


def page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, wanted: str, timeout: float) -> float | None:
    """Seconds until the page at url contains `wanted`, or None after timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        text = page_text(url)
        if text is not None and wanted in text:
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    return None


def serve_latency(
    corpus: Path, kind_name: str = "practice_example", start_timeout: float = 1800, change_timeout: float = 600
) -> dict[str, object]:
    folder = corpus / KINDS_BY_NAME[kind_name].folder
    path = sorted(folder.glob("*.yaml"))[len(list(folder.glob("*.yaml"))) // 2]
    original = path.read_bytes()
    data = yaml.load(original, Loader=yaml.CSafeLoader)
    port = free_port()
    url = f"http://127.0.0.1:{port}/{KINDS_BY_NAME[kind_name].folder.replace('_', '-')}/{data['id']}/"
    log = (corpus.parent / f"serve-{corpus.name}.log").open("w")
    process = subprocess.Popen(
        kb_command("serve", "--root", str(corpus), "--address", f"127.0.0.1:{port}"), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        ready = wait_for(url, data["title"].split(":")[0], start_timeout)
        if ready is None:
            return {"error": f"the page was not served within {start_timeout:.0f} s (see {log.name})"}
        marker = f"{MARKER}{int(time.time())}"
        data["summary"] = f"{marker}. {data['summary']}"[:SUMMARY_MAX]
        saved = time.perf_counter()
        dump_entry(path, kind_name, data)
        seen = wait_for(url, marker, change_timeout)
        if seen is None:
            return {"startup_seconds": ready, "error": f"the change did not appear within {change_timeout:.0f} s"}
        return {"startup_seconds": ready, "change_seconds": time.perf_counter() - saved, "page": url.split("/", 3)[-1]}
    finally:
        stop_tree(process)
        log.close()
        path.write_bytes(original)
