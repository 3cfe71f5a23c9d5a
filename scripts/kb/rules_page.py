"""The site's /contribute/rules/ page, written from the rule registry and committed (docs/contribute/rules/index.md).

`kb rules --write` writes it; `kb rules --check` fails when it differs from the registry, as
`kb schema --check` does for schemas/, so the page never drifts from what `kb validate` checks.
"""

from __future__ import annotations

import re
from pathlib import Path

from .rules import Rule

PAGE = Path("docs/contribute/rules/index.md")
EXAMPLE_LINES = 30
LINE_WIDTH = 160
# Characters a page must not carry raw (the examples of control-character, bidi-character and encoding hold them).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def render_page(rules: list[Rule]) -> str:
    from .validation.language_rules import QUOTATION_HELP, TERMS

    parts = [
        "---\ntitle: What kb validate checks\n---\n\n",
        "# What kb validate checks\n\n",
        "<!-- Written by `kb rules --write` from the rule registry (scripts/kb/rules.py and the modules that declare "
        "rules); `kb rules --check` fails when it is out of date. Do not edit by hand. -->\n\n",
        "`kb validate` (and the pre-commit hook, the build and the form at /contribute/new/) prints one line per "
        "problem: `PATH:LINE: error|warning: MESSAGE [code]`. An error stops the entry from being published; a "
        "warning asks you to look again. Each rule below has a stable code, the message it prints (`{name}` is "
        "filled in with your file's details) and an entry that breaks it. The same list is available as "
        "`kb rules` and, for tools, `kb rules --format json`.\n\n",
        f"There are {len(rules)} rules: {sum(r.severity == 'error' for r in rules)} errors and "
        f"{sum(r.severity == 'warning' for r in rules)} warnings.\n\n",
        "| Code | Severity | What it finds |\n|---|---|---|\n",
        *(f"| [`{r.code}`](#{r.code}) | {r.severity} | {_cell(r.summary)} |\n" for r in rules),
        "\n## Wording about exploited children\n\n",
        "`language-victim-blaming` warns about these terms, each named in published guidance on language about "
        f"exploited children (read on 3 December 2026). {QUOTATION_HELP}\n\n",
        "| Wording | Why | Write instead | Guidance |\n|---|---|---|---|\n",
        *(
            f"| `{t.pattern.replace('|', '¦')}` | {_cell(t.why)} | {_cell(t.preferred)} | [{_cell(t.source[0])}]({t.source[1]}) |\n"
            for t in TERMS
        ),
        "\n## Every rule\n",
    ]
    for each in rules:
        parts.append(_rule_section(each))
    return "".join(parts)


def _rule_section(each: Rule) -> str:
    lines = [f"\n### {each.code}\n\n", f"**{each.severity.capitalize()}**: {_cell(each.summary)}.\n\n"]
    lines.append(f"The message:\n\n```text\n{each.message}\n```\n\n")
    if each.example is None:
        lines.append(f"No example: {each.no_example}.\n")
        return "".join(lines)
    lines.append(f"An entry that breaks it, `{each.example.path}`:\n\n```yaml\n{_shown(each.example.text)}\n```\n")
    return "".join(lines)


def _shown(text: str) -> str:
    """The example as a page can show it: invisible characters escaped, long lines and long files cut."""
    text = _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    lines = text.rstrip("\n").split("\n")
    shown = [line if len(line) <= LINE_WIDTH else line[:LINE_WIDTH] + f"… ({len(line):,} characters)" for line in lines]
    if len(shown) > EXAMPLE_LINES:
        shown = [*shown[:EXAMPLE_LINES], f"# … {len(shown) - EXAMPLE_LINES} more lines"]
    return "\n".join(shown)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_page(root: Path, rules: list[Rule]) -> Path:
    path = root / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(rules), encoding="utf-8")
    return path


def page_is_stale(root: Path, rules: list[Rule]) -> bool:
    path = root / PAGE
    return not path.exists() or path.read_text(encoding="utf-8") != render_page(rules)
