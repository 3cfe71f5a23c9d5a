"""`python -m benchmarks.relevance`: the site's search against mkdocs-material's built-in (lunr) search.

Builds the real knowledge base twice (ours, and the same pages with Material's search plugin switched on),
runs the judged practitioner queries through both in Chromium, and measures what a fresh browser fetches
for a first search on each. Prints the figures and writes them to bench-results/relevance.md.

The comparison lives here rather than in the test suite because it builds a second site and types ~70
queries into Material's search box (about a minute on two cores). The suite keeps the site's own targets:
recall@5 of at least 0.95 and a first search under 300 KB (tests/browser/test_search_relevance.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from .browser import launch, material_search, measure_transfer, site_search_in_page
from .chromium import serve_folder

FIRST_QUERY = "child criminal exploitation"
ENTRY_FOLDERS = ("practice-examples/", "protocols/", "case-reviews/", "services/", "resources/", "topics/")


def ids_from_paths(paths: list[str]) -> list[str]:
    """Entry ids from result paths (kind-folder/id/); other pages (hubs by theme, lists) are skipped."""
    ids = [path.split("/")[1] for path in paths if path.startswith(ENTRY_FOLDERS) and path.count("/") == 2]
    return list(dict.fromkeys(ids))  # Material lists a page once per matching section


def build(root: Path, folder: Path, material_search_plugin: bool) -> Path:
    """The real knowledge base built into folder/site; with Material's own search plugin when asked."""
    from kb.plugins import default_plugins
    from kb.site.build import BuildOptions, build_site

    project_dir = None
    if material_search_plugin:
        project_dir = folder / "project"
        shutil.copytree(root / "docs", project_dir / "docs")
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = ["search", *(config.get("plugins") or [])]
        (project_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    options = BuildOptions(
        root=root, output=folder / "site", project_dir=project_dir, scratch=folder / "scratch", plugins=default_plugins()
    )
    build_site(options, say=lambda line: None)
    return folder / "site"


def compare(root: Path, workspace: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    from tests.relevance.judged import evaluate

    ours_dir = build(root, workspace / "ours", material_search_plugin=False)
    theirs_dir = build(root, workspace / "material", material_search_plugin=True)
    with sync_playwright() as playwright, serve_folder(ours_dir) as ours_url, serve_folder(theirs_dir) as theirs_url:
        browser = launch(playwright)
        page = browser.new_page()
        ours = evaluate("site search (Pagefind)", lambda q: ids_from_paths(site_search_in_page(page, ours_url, q)))
        theirs = evaluate("mkdocs-material search (lunr)", lambda q: ids_from_paths(material_search(page, theirs_url, q)))
        ours_bytes = measure_transfer(browser, ours_dir, ours_url, "pagefind", FIRST_QUERY)
        theirs_bytes = measure_transfer(browser, theirs_dir, theirs_url, "material", FIRST_QUERY)
        browser.close()
    return [
        ours.line(),
        theirs.line(),
        f"site search beats Material on recall@5 and MRR: {ours.recall_at_5 > theirs.recall_at_5 and ours.mrr > theirs.mrr}",
        f"first search for {FIRST_QUERY!r}, gzip: site {ours_bytes.total / 1024:.0f} KB "
        f"(Pagefind engine and index {ours_bytes.part('pagefind/') / 1024:.0f} KB); "
        f"Material + lunr {theirs_bytes.total / 1024:.0f} KB (search_index.json {theirs_bytes.part('search_index.json') / 1024:.0f} KB)",
        *(f"missed by the site: {miss}" for miss in ours.misses),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge base (default: here)")
    parser.add_argument("--out", type=Path, help="the report (default: ROOT/bench-results/relevance.md)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="kb-relevance-") as scratch:
        lines = compare(root, Path(scratch))
    print("\n".join(lines))
    out = args.out or root / "bench-results" / "relevance.md"
    header = f"# Site search against mkdocs-material's search ({dt.date.today().isoformat()})\n\n"
    out.write_text(header + "".join(f"- {line}\n" for line in lines), encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
