"""`python -m benchmarks.validate_probe ROOT`: where `kb validate`'s time goes, printed as JSON.

Times the per-file checks (load, schema, text; in worker processes as `kb validate` runs them), the
cross-file checks and model, and each whole-model check a plugin gives (model and review checks, e.g. likely
duplicates).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path


def measure(root: Path) -> dict[str, float]:
    from kb.plugins import default_plugins
    from kb.site.hooks import combine
    from kb.validation import check_files, discover, validate

    started = time.perf_counter()
    jobs = discover(root)
    check_files(jobs, dt.date.today())
    split = {"per-file checks (load, schema, text)": time.perf_counter() - started}
    started = time.perf_counter()
    knowledge_base = validate(root).knowledge_base
    split["whole validation without model checks"] = time.perf_counter() - started
    for check in combine(default_plugins()).every_check:  # review checks too: likely duplicates is one
        started = time.perf_counter()
        check(knowledge_base)
        split[f"model check {check.__module__}.{check.__name__}"] = time.perf_counter() - started
    return split


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
