"""The page `contribute/new/`: a form that writes a valid entry, generated in the browser from the content model.

The build writes the page, its script and style, the vendored libraries and `form-data.json`:
the bundled JSON Schema of each kind the form offers, the taxonomy terms by label, the ids
already taken, the repository to propose the file to, and the validator's rules
(`rules.shared_rules`). The script builds the form from that data, so a field added to the
content model appears in the form without touching either.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from ..content_model import ENUM_LABELS, KINDS_BY_NAME, kind_schema, schema_modeline
from ..model import KnowledgeBase
from ..site.hooks import BuildContext
from ..site.links import branch
from ..validation.cross_rules import TAXONOMY_FILES
from ..validation.schema_rules import bundled
from .rules import shared_rules

FOLDER = "contribute/new"
# The submit page leads with the form: its hand-written text marks where the build puts the link,
# so a build without this generator (as some tests make) has no link to a page it lacks.
LEAD_PAGE = "contribute/index.md"
LEAD_MARKER = re.compile(r"<!-- kb-entry-form-lead\b.*?-->")
DATA_FILE = "form-data.json"
ASSETS = ("entry-form.js", "entry-checks.js", "entry-yaml.js", "entry-form.css")
# The practice example first: it is what the form is for. The others cost nothing more to offer.
OFFERED_KINDS = ("practice_example", "protocol", "case_review", "resource")
# Fields the form fills itself or leaves to maintainers: the id comes from the title (as `kb new`
# makes it), the dates are today's, and a new entry has no former ids or chosen related entries yet.
DERIVED_FIELDS = {"id": "title"}
TODAY_FIELDS = ("last_reviewed", "added")
NOT_ASKED = ("aliases", "related")
# GitHub's new-file address carries the YAML in its query. Web servers commonly refuse a request
# line over 8 KB (HTTP 414); below this many characters the link is used, above it the
# contributor pastes the YAML into an empty file instead.
ADDRESS_LIMIT = 8000


def write_form_page(context: BuildContext) -> None:
    folder = context.docs_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    assets = resources.files("kb.entry_form") / "assets"
    (folder / "index.md").write_text((assets / "page.md").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ASSETS:
        with resources.as_file(assets / name) as path:
            shutil.copyfile(path, folder / name)
    with resources.as_file(assets / "vendor") as vendor:
        shutil.copytree(vendor, folder / "vendor", dirs_exist_ok=True)
    lead_with_the_form(context.docs_dir / LEAD_PAGE, (assets / "lead.md").read_text(encoding="utf-8").strip())
    data = form_data(context.knowledge_base, context.repo_url, branch(context.root) if context.repo_url else "main")
    (folder / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def lead_with_the_form(page: Path, lead: str) -> None:
    if page.is_file():
        page.write_text(LEAD_MARKER.sub(lambda _: lead, page.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def form_data(knowledge_base: KnowledgeBase, repo_url: str, branch_name: str) -> dict[str, Any]:
    return {
        "kinds": [kind_data(name) for name in OFFERED_KINDS],
        "taxonomy": taxonomy_terms(knowledge_base),
        "taken": taken_ids(knowledge_base),
        "repository": repository(repo_url, branch_name),
        "form": {
            "derived": DERIVED_FIELDS,
            "today": list(TODAY_FIELDS),
            "not_asked": list(NOT_ASKED),
            "address_limit": ADDRESS_LIMIT,
        },
        "rules": shared_rules(OFFERED_KINDS),
        "enum_labels": ENUM_LABELS,
    }


def kind_data(name: str) -> dict[str, Any]:
    kind = KINDS_BY_NAME[name]
    return {
        "name": kind.name,
        "label": kind.label,
        "folder": kind.folder,
        "description": kind.description,
        "modeline": schema_modeline(kind.name),
        "schema": bundled(kind_schema(kind)),
    }


def taxonomy_terms(knowledge_base: KnowledgeBase) -> dict[str, list[dict[str, str]]]:
    """Each vocabulary's terms as [{id, label, description}], in the taxonomy file's order."""
    return {
        name: [
            {"id": term.id, "label": term.label, "description": term.description}
            for term in knowledge_base.taxonomy.vocabulary(name).values()
        ]
        for name in TAXONOMY_FILES
    }


def taken_ids(knowledge_base: KnowledgeBase) -> dict[str, str]:
    """Every id and alias in use -> the file that uses it, as `kb validate` names it."""
    taken: dict[str, str] = {}
    for entry in knowledge_base.entries.values():
        for name in (entry.id, *entry.aliases):
            taken.setdefault(name, entry.path)
    for collection in knowledge_base.collections.values():
        taken.setdefault(collection.id, collection.path)
    return taken


def repository(repo_url: str, branch_name: str) -> dict[str, str]:
    """Where "Propose on GitHub" goes: only a github.com repository; {} when none is known."""
    prefix = "https://github.com/"
    if not repo_url.startswith(prefix) or repo_url.count("/") != 4:
        return {}
    owner, name = repo_url.removeprefix(prefix).split("/")
    return {"url": repo_url, "owner": owner, "name": name, "branch": branch_name}
