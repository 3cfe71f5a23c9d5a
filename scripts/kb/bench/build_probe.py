"""`python -m kb.bench.build_probe ROOT OUTPUT TIMINGS.json`: run `kb build` and keep its stage timings.

The same call `kb build --root ROOT --output OUTPUT` makes, run in a child process (so its memory can be
measured apart from the benchmark's), writing `BuildContext.timings` as JSON for the benchmark to read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(root: Path, output: Path, timings_file: Path) -> int:
    from .. import plugins
    from ..site.build import BuildFailed, BuildOptions, build_site

    plugins.load()
    try:
        context = build_site(BuildOptions(root=root, output=output), say=lambda line: print(line, flush=True))
    except BuildFailed as failure:
        for problem in failure.problems[:20]:
            print(problem.format())
        timings_file.write_text(json.dumps({"error": str(failure)}), encoding="utf-8")
        return 1
    timings_file.write_text(json.dumps({"timings": context.timings}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
