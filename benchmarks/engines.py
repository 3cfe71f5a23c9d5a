"""`python -m benchmarks.engines`: build the same generated pages with MkDocs and with Zensical, and say what differs.

Material for MkDocs reaches its end of life in 2027 and Zensical (from the same team) reads `mkdocs.yml`.
This prepares the pages exactly as `kb serve` gives them to mkdocs (hand-written docs, generated Markdown,
entry pages as Markdown holding their finished HTML, the plug-ins' pages) with the configuration `kb build`
writes, builds them with MkDocs into `.build/engines/site-mkdocs/` and with Zensical (its own virtual
environment, `make build-zensical`) into `site-zensical/`, and writes `bench-results/engines.md`: the time
of each, what the Zensical site has and lacks against the MkDocs one, or exactly why Zensical could not
build it. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0


@dataclass
class EngineRun:
    name: str
    seconds: float = 0.0
    ok: bool = False
    error: str = ""
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def prepare(root: Path, work: Path) -> tuple[Path, int]:
    """The generated docs folder and mkdocs config (kb build's), under `work`; returns the config and the entry count."""
    from kb.plugins import default_plugins
    from kb.site import hooks
    from kb.site.build import BuildOptions, generate_docs, mkdocs_config_file, validated
    from kb.site.links import repo_url

    options = BuildOptions(root=root, plugins=default_plugins())
    knowledge_base, _, _ = validated(options)
    context = hooks.BuildContext(
        root=root,
        knowledge_base=knowledge_base,
        docs_dir=work / "docs",
        site_dir=work / "site",
        today=dt.date.today(),
        site_url="",
        repo_url=repo_url(root),
        hooks=options.hooks,
    )
    generate_docs(context, options.project)
    for generator in context.hooks.page_generators:
        generator(context)
    return mkdocs_config_file(context, options.project, work / "mkdocs.yml"), len(knowledge_base.entries)


def with_site_dir(config: Path, site_dir: Path, target: Path) -> Path:
    text = re.sub(r"(?m)^site_dir: .*$", f"site_dir: {site_dir}", config.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    return target


def run_engine(name: str, command: list[str], site_dir: Path, cwd: Path) -> EngineRun:
    shutil.rmtree(site_dir, ignore_errors=True)
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    run = EngineRun(name, time.perf_counter() - started)
    output = (finished.stderr + finished.stdout).strip()
    run.ok = finished.returncode == 0 and site_dir.is_dir()
    if not run.ok:
        run.error = f"exit {finished.returncode}: " + "\n".join(output.splitlines()[-15:])
    run.pages = len(list(site_dir.rglob("*.html"))) if site_dir.is_dir() else 0
    return run


def compare(mkdocs_site: Path, zensical_site: Path, entry_url: str) -> list[str]:
    """What the Zensical site has and lacks against the MkDocs one, page by page for a few telling pages."""
    notes = []
    ours = {path.relative_to(mkdocs_site) for path in mkdocs_site.rglob("*.html")}
    theirs = {path.relative_to(zensical_site) for path in zensical_site.rglob("*.html")}
    notes.append(f"HTML pages: MkDocs {len(ours)}, Zensical {len(theirs)}; missing from Zensical: {len(ours - theirs)}")
    for missing in sorted(ours - theirs)[:10]:
        notes.append(f"missing page: {missing}")
    for page, looks_for in (
        ("index.html", ["{{", "kb_counts"]),
        (f"{entry_url}index.html", ["kb:finished-html", "kbfinishedhtml", "<abbr", 'class="kb-entry']),
    ):
        path = zensical_site / page
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for needle in looks_for:
            notes.append(f"{page}: {'contains' if needle in text else 'lacks'} `{needle}`")
    return notes


def install_failure(log: Path | None) -> str:
    if log is None or not log.is_file():
        return ""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(line for line in lines if line.startswith("ERROR") or "depends on" in line)


def report(runs: list[EngineRun], entries: int, install_error: str, zensical_version: str, load: tuple[float, ...]) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Engines: the same generated pages with MkDocs and with Zensical",
        "",
        f"Run {when} by `make build-zensical` (`python -m benchmarks.engines`) on the repository's {entries} entries, "
        f"load average {load[0]:.1f} on {os.cpu_count()} cores (shared). Zensical: {zensical_version or 'not installed'}.",
        "",
        "| engine | result | seconds | HTML pages |",
        "| --- | --- | --- | --- |",
    ]
    for run in runs:
        result = "built" if run.ok else "failed"
        lines.append(f"| {run.name} | {result} | {run.seconds:.1f} | {run.pages} |")
    if install_error:
        lines += ["", "## Installing Zensical", "", "pip said:", "", "```", install_error, "```"]
    if any("zensical_ui" in run.error for run in runs):
        lines += [
            "",
            "## What this means",
            "",
            "Zensical 0.1.x cannot build the site on this project's machines: each 0.1 release requires the package",
            "`zensical-ui` (0.1.1 pins `zensical-ui==0.0.42`), the package registry the project installs from has no",
            "`zensical-ui` at all, and without it `zensical build` stops before reading a page (`zensical/config.py`",
            "imports `zensical_ui` for its theme). Nothing about our pages could be compared. `make build-zensical`",
            "installs Zensical again each time it runs, so once `zensical-ui` can be installed it builds and this file",
            "says what the Zensical site has and lacks against the MkDocs one.",
        ]
    for run in runs:
        if run.error:
            lines += ["", f"## {run.name}: the error", "", "```", run.error, "```"]
        if run.notes:
            lines += ["", f"## {run.name}: against the MkDocs site", ""] + [f"- {note}" for note in run.notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--zensical", type=Path, default=Path(".venv-zensical/bin/zensical"), help="the zensical command")
    parser.add_argument("--install-log", type=Path, help="pip's output when installing Zensical")
    parser.add_argument("--out", type=Path, default=Path("bench-results/engines.md"))
    args = parser.parse_args(argv)
    root = args.root.resolve()
    work = root / ".build" / "engines"
    shutil.rmtree(work, ignore_errors=True)
    config, entries = prepare(root, work)
    load = os.getloadavg()
    mkdocs_site = work / "site-mkdocs"
    mkdocs_config = with_site_dir(config, mkdocs_site, work / "mkdocs-engine.yml")
    runs = [
        run_engine(
            "MkDocs 1.6 + Material 9.8",
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs_config)],
            mkdocs_site,
            root,
        )
    ]
    zensical_site = root / "site-zensical"
    version = ""
    if args.zensical.exists():
        version = subprocess.run([str(args.zensical), "--version"], capture_output=True, text=True).stdout.strip()
        zensical_config = with_site_dir(config, zensical_site, work / "zensical-engine.yml")
        zensical = run_engine(
            "Zensical", [str(args.zensical), "build", "--clean", "-f", str(zensical_config)], zensical_site, root
        )
        if zensical.ok and runs[0].ok:
            entry_url = next((line.split("/index.md")[0] + "/" for line in _entry_pages(work / "docs")), "")
            zensical.notes = compare(mkdocs_site, zensical_site, entry_url)
        runs.append(zensical)
    text = report(runs, entries, install_failure(args.install_log), version, load)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return EXIT_OK


def _entry_pages(docs: Path) -> list[str]:
    return sorted(str(path.relative_to(docs)) for path in (docs / "practice-examples").glob("*/index.md"))


if __name__ == "__main__":
    sys.exit(main())
