"""The critical stylesheet: the theme's and kb.css's rules that style some element of a page when it loads.

Every page links it render-blocking (a few KB instead of the theme's 150 KB), and loads the full stylesheets
without blocking the first paint (theme/main.html), so a phone paints an entry sooner (issue #14). The rules
are chosen in Chromium over a built site's typical pages: a rule stays if its selector, with its states
(:hover, ::before...) set aside, matches an element of one of them. The file is committed, as a build
has no browser; regenerate it when the theme or kb.css changes (a browser test fails until then):

    make critical-css   (kb build, then python -m benchmarks.critical_css site)

It lives beside the benchmark, outside the installed kb, because it needs a browser; the build only
reads the file it writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .chromium import CHROMIUM, CHROMIUM_ARGS, serve_folder

CRITICAL_CSS = (
    Path(__file__).resolve().parents[1] / "scripts" / "kb" / "site" / "theme" / "assets" / "stylesheets" / "critical.css"
)
SOURCES = ("main.", "palette.", "kb.css")  # the stylesheets the critical one is cut from (by file name)
VIEWPORTS = ({"width": 412, "height": 823}, {"width": 1280, "height": 900})  # a phone and a desktop
# Run in the page: [[key, wrappers, text]] for each rule of the source stylesheets that some element matches.
USED_RULES = """
(sources) => {
  const STATES = /::?(?:-(?:webkit|moz|ms)-[\\w-]+|after|before|marker|placeholder|selection|first-letter|first-line|backdrop|hover|focus-visible|focus-within|focus|active|visited|target|checked|disabled|enabled|indeterminate|invalid|valid|placeholder-shown|autofill|link|any-link)(?![\\w-])(?:\\([^()]*\\))?/g;
  const parts = (list) => {
    const out = []; let depth = 0, start = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c === "(") depth++; else if (c === ")") depth--;
      else if (c === "," && depth === 0) { out.push(list.slice(start, i)); start = i + 1; }
    }
    return [...out, list.slice(start)];
  };
  const matches = (selectorText) => parts(selectorText).some((part) => {
    const bare = part.replace(STATES, "").trim() || "*";
    try { return document.querySelector(bare) !== null; } catch { return true; } // unknown syntax: keep
  });
  const kept = [];
  const walk = (rules, key, wrappers) => {
    Array.from(rules).forEach((rule, index) => {
      const here = `${key}.${String(index).padStart(5, "0")}`;
      if (rule instanceof CSSStyleRule) { if (matches(rule.selectorText)) kept.push([here, wrappers, rule.cssText]); }
      else if (rule instanceof CSSMediaRule) walk(rule.cssRules, here, [...wrappers, `@media ${rule.conditionText}`]);
      else if (rule instanceof CSSSupportsRule) walk(rule.cssRules, here, [...wrappers, `@supports ${rule.conditionText}`]);
      else if (rule instanceof CSSFontFaceRule || (window.CSSPropertyRule && rule instanceof CSSPropertyRule)) kept.push([here, wrappers, rule.cssText]);
    });
  };
  Array.from(document.styleSheets).forEach((sheet) => {
    const name = (sheet.href || "").split("/").pop();
    const source = sources.findIndex((prefix) => name.startsWith(prefix));
    if (source >= 0) walk(sheet.cssRules, String(source), []);
  });
  return kept;
}
"""


def typical_pages(site: Path) -> list[str]:
    """The home page, and each top-level section's index and first page below it (an entry of each kind...),
    leaving out redirects (the short links under go/)."""
    pages = [""]
    for folder in sorted(path for path in site.iterdir() if path.is_dir() and not path.name.startswith(("assets", "pagefind"))):
        children = sorted(child for child in folder.iterdir() if (child / "index.html").is_file())
        pages += [f"{folder.name}/"] if (folder / "index.html").is_file() else []
        pages += [f"{folder.name}/{children[0].name}/"] if children else []
    return [path for path in pages if 'http-equiv="refresh"' not in (site / path / "index.html").read_text(encoding="utf-8")]


def used_rules(site: Path, pages: list[str]) -> dict[str, tuple[tuple[str, ...], str]]:
    """key (the rule's place in its stylesheet) -> (its @media/@supports wrappers, its text), over every page."""
    from playwright.sync_api import sync_playwright

    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return used_rules_in(browser, base, pages)
        finally:
            browser.close()


def used_rules_in(browser: Any, base: str, pages: list[str]) -> dict[str, tuple[tuple[str, ...], str]]:
    """`used_rules` with a running Playwright browser and the site's address."""
    kept: dict[str, tuple[tuple[str, ...], str]] = {}
    for viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for path in pages:
            page.goto(base + path, wait_until="load")
            for key, wrappers, text in page.evaluate(USED_RULES, list(SOURCES)):
                kept[key] = (tuple(wrappers), text)
        context.close()
    return kept


def stylesheet(rules: dict[str, tuple[tuple[str, ...], str]]) -> str:
    """The rules in their stylesheets' order, consecutive rules under the same wrappers grouped again."""
    lines: list[str] = []
    group: tuple[str, ...] = ()
    for key in sorted(rules, key=lambda key: [int(part) for part in key.split(".")]):
        wrappers, text = rules[key]
        if wrappers != group:
            lines += ["}" * len(group)] if group else []
            lines += ["".join(wrapper + "{" for wrapper in wrappers)] if wrappers else []
            group = wrappers
        lines.append(_compact(text))
    lines += ["}" * len(group)] if group else []
    return "\n".join(lines) + "\n"


def _compact(css: str) -> str:
    """The CSSOM's text without its spacing (a third of the bytes); values keep their inner spaces."""
    return re.sub(r"\s*([{};,])\s*", r"\1", re.sub(r"\s+", " ", css)).replace(";}", "}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else "site")
    if not (site / "index.html").is_file():
        print(f"critical_css: {site} is not a built site; run kb build first", file=sys.stderr)
        return 2
    text = stylesheet(used_rules(site, typical_pages(site)))
    CRITICAL_CSS.parent.mkdir(parents=True, exist_ok=True)
    CRITICAL_CSS.write_text(text, encoding="utf-8")
    print(f"wrote {CRITICAL_CSS} ({len(text.encode()) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
