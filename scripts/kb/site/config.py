"""The mkdocs configuration a build runs with: mkdocs.yml plus the generated parts.

mkdocs.yml lists the whole navigation, optional pages included; items whose page does not
exist after the page generators have run (say, no search page yet) are dropped here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HOOKS_FILE = Path(__file__).with_name("mkdocs_hooks.py")
THEME_DIR = Path(__file__).with_name("theme")  # the theme's overrides: a phone's first paint (issue #14)


def load_base(project_dir: Path) -> dict[str, Any]:
    path = project_dir / "mkdocs.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping")
    return data


def existing_nav(nav: list[Any], docs_dir: Path) -> list[Any]:
    """The nav without items whose Markdown file is missing, and without sections left empty."""
    kept: list[Any] = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(target, list):
            children = existing_nav(target, docs_dir)
            if children:
                kept.append({title: children} if title else children)
        elif "://" in str(target) or (docs_dir / str(target)).is_file():
            kept.append(item)
    return kept


def final_config(project_dir: Path, docs_dir: Path, site_dir: Path, site_url: str, extra: dict[str, Any]) -> dict[str, Any]:
    config = load_base(project_dir)
    config["docs_dir"] = str(docs_dir.resolve())
    config["site_dir"] = str(site_dir.resolve())
    config["nav"] = existing_nav(config.get("nav") or [], docs_dir)
    config["hooks"] = [*config.get("hooks", []), str(HOOKS_FILE)]
    config["extra"] = {**(config.get("extra") or {}), **extra, "deferred_css": config.pop("extra_css", [])}
    config["theme"] = {**(config.get("theme") or {}), "custom_dir": str(THEME_DIR)}
    if site_url:
        config["site_url"] = site_url
    return config


def write_config(config: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
