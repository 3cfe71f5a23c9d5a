"""The search page, its script and style, and the vocabulary it corrects typos from."""

from __future__ import annotations

import json
import shutil
from importlib import resources

from ..site.hooks import BuildContext
from .documents import full_text
from .vocabulary import site_vocabulary, word_counts

ASSETS = ("search.js", "search.css")
SEARCH_FOLDER = "search"


def write_search_page(context: BuildContext) -> None:
    folder = context.docs_dir / SEARCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    assets = resources.files("kb.search") / "assets"
    (folder / "index.md").write_text((assets / "page.md").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ASSETS:
        with resources.as_file(assets / name) as path:
            shutil.copyfile(path, folder / name)
    counts = site_vocabulary(word_counts(full_text(entry) for entry in context.knowledge_base.entries.values()))
    (folder / "vocabulary.json").write_text(json.dumps(counts, separators=(",", ":")), encoding="utf-8")
