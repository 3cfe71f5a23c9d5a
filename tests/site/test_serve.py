"""`kb serve` regenerates only what a saved entry changes, and keeps the pages when the entry is invalid."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.site.build import BuildOptions, generate_docs
from kb.site.serve import _context, regenerate

from .conftest import FIXTURE_KB, REPO, TODAY


def test_a_saved_entry_rewrites_its_page_and_the_lists_that_show_it_only(tmp_path: Path, no_plugins: None) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    options = BuildOptions(root=root, today=TODAY, project_dir=REPO, scratch=tmp_path / "scratch")
    context = _context(options, tmp_path / "scratch")
    generate_docs(context, REPO)
    assert regenerate(options, context) == []
    service = root / "services/fixture-service.yaml"
    service.write_text(service.read_text().replace('what_it_offers: "Advice."', 'what_it_offers: "Advice and training."'))
    changed = regenerate(options, context)
    assert changed == ["services/fixture-service/index.md"]
    page = (context.docs_dir / "services/fixture-service/index.md").read_text()
    service.write_text("id: [broken\n")
    assert regenerate(options, context) == []
    assert (context.docs_dir / "services/fixture-service/index.md").read_text() == page
