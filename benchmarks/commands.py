"""`python -m benchmarks`: generate synthetic corpora and measure validate, build, serve and search."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_SIZES = "300,3000,10000"
QUICK_SIZE = 60


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a list of sizes; write e.g. 300,3000") from None
    if not sizes or min(sizes) < 20:
        raise argparse.ArgumentTypeError("each size must be at least 20 entries")
    return sizes


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=run_bench.__doc__)
    parser.add_argument("--sizes", type=_sizes, default=_sizes(DEFAULT_SIZES), help=f"corpus sizes (default {DEFAULT_SIZES})")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_SIZE} entries, results in the workspace only")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-search measurement in Chromium")
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base whose taxonomy and text to imitate")
    parser.add_argument("--workspace", type=Path, help="scratch folder for corpora and sites (default: ROOT/.build/bench)")
    parser.add_argument("--out", type=Path, help="where results go (default: ROOT/bench-results)")
    return parser


def run_bench(args: argparse.Namespace) -> int:
    """Benchmark validate, build, serve and search on synthetic corpora of 300, 3,000 and 10,000 entries."""
    from .report import figure_rows, previous_sizes, run_meta, verdicts, write_results
    from .runner import Plan, measure_size, remove_set_aside

    root = args.root.resolve()
    if not (root / "taxonomy").is_dir():
        print(f"benchmarks: {root} has no taxonomy/ folder; run it from the knowledge base", file=sys.stderr)
        return EXIT_USAGE
    workspace = (args.workspace or root / ".build" / "bench").resolve()
    sizes = [QUICK_SIZE] if args.quick else args.sizes
    out_dir = workspace if args.quick else (args.out or root / "bench-results").resolve()
    name = "quick" if args.quick else "latest"
    meta = run_meta(root)
    results = {} if args.quick else previous_sizes(out_dir / f"{name}.json")
    plan = Plan(repo=root, workspace=workspace, browser=not args.no_browser)
    for size in sizes:
        record = measure_size(size, plan, say=lambda line: print(line, flush=True))
        results[size] = {**record, "run": meta}
        write_results(results, out_dir, meta, name)  # after every size, so a long run keeps what it measured
    remove_set_aside(workspace)  # what earlier runs left, now that nothing more is measured
    for label, cells in figure_rows({n: results[n] for n in sizes}):
        print(f"{label:<48} " + " | ".join(f"{cell:>14}" for cell in cells))
    print()
    for verdict in verdicts(results):
        print(f"{verdict.status:<13} {verdict.target}: {verdict.measured}")
    md_path, _ = write_results(results, out_dir, meta, name)
    print(f"\nresults written to {md_path} and {md_path.with_suffix('.json')}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    return run_bench(parser().parse_args(argv))
