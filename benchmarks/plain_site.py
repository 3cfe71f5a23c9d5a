"""The baseline: the same entries as a plain mkdocs-material site, to compare `kb build` against.

One Markdown page per entry with the same text, a flat one-level nav (home and one index page per kind,
which lists its entries), the theme's built-in search and no other plugins. Putting every entry in the
nav would make mkdocs-material quadratic (every page's sidebar lists every page), so no sensible site
would, and neither does the baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kb.content_model import KINDS

_META_KEYS = {"id", "title", "themes", "areas", "audiences", "age_bands", "last_reviewed", "added", "related", "aliases"}


def write_plain_site(corpus: Path, target: Path) -> Path:
    """Write `mkdocs.yml` and `docs/` for the corpus under `target`; returns the config file."""
    docs = target / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    nav: list[dict[str, str]] = [{"Home": "index.md"}]
    (docs / "index.md").write_text("# Knowledge base\n\nEvery entry, by kind.\n", encoding="utf-8")
    for kind in KINDS:
        section = kind.folder.replace("_", "-")
        lines = [f"# {kind.plural}", ""]
        (docs / section).mkdir(exist_ok=True)
        for path in sorted((corpus / kind.folder).glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            (docs / section / f"{data['id']}.md").write_text(entry_markdown(data), encoding="utf-8")
            lines.append(f"- [{data['title']}]({data['id']}.md)")
        (docs / section / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        nav.append({kind.plural: f"{section}/index.md"})
    config = {
        "site_name": "Plain mkdocs-material baseline",
        "theme": {"name": "material"},
        "plugins": ["search"],
        "nav": nav,
        "validation": {"nav": {"not_in_nav": "ignore"}},
    }
    config_file = target / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def entry_markdown(data: dict[str, Any]) -> str:
    parts = [f"# {data['title']}", ""]
    for key, value in data.items():
        if key in _META_KEYS:
            continue
        parts += [f"## {key.replace('_', ' ').capitalize()}", "", _markdown_value(value), ""]
    return "\n".join(parts)


def _markdown_value(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(f"- {_inline(item)}" for item in value)
    return _inline(value)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)
