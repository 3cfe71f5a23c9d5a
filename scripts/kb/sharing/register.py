"""The committed register of every id ever published, so no short link ever breaks.

One id a line, optionally followed by `# title` (kept so a withdrawn notice can name what was withdrawn).
Ids are only ever appended, never removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import KnowledgeBase

REGISTER_PATH = Path("registry") / "published-ids.txt"
HEADER = (
    "# Every entry id ever published. Each one keeps a working short link, /go/<id>/, for ever.\n"
    "# Append only: `kb register` adds new ids. Never remove or edit a line.\n"
)


@dataclass(frozen=True)
class RegisteredId:
    id: str
    title: str


def read_register(root: Path) -> list[RegisteredId]:
    path = root / REGISTER_PATH
    if not path.exists():
        return []
    registered: list[RegisteredId] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        entry_id, _, title = text.partition("#")
        registered.append(RegisteredId(entry_id.strip(), title.strip()))
    return registered


def unregistered_ids(root: Path, knowledge_base: KnowledgeBase) -> list[str]:
    """Ids and aliases published now that the register does not list yet, sorted."""
    known = {item.id for item in read_register(root)}
    current = set(knowledge_base.entries)
    current.update(alias for entry in knowledge_base.entries.values() for alias in entry.aliases)
    return sorted(current - known)


def append_to_register(root: Path, knowledge_base: KnowledgeBase) -> list[str]:
    """Add every unregistered id (with its title) to the register; return the ids added."""
    added = unregistered_ids(root, knowledge_base)
    if not added:
        return []
    path = root / REGISTER_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if not text.endswith("\n"):
        text += "\n"
    for entry_id in added:
        entry = knowledge_base.resolve(entry_id)
        title = entry.title.replace("\n", " ") if entry and entry.id == entry_id else ""
        text += f"{entry_id}  # {title}\n" if title else f"{entry_id}\n"
    path.write_text(text, encoding="utf-8")
    return added
