"""What the watcher can find at a page, and what each finding asks of a maintainer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CHANGED, WITHDRAWN, MOVED, GONE, FAILED, UNCHANGED = "changed", "withdrawn", "moved", "gone", "failed", "unchanged"
STATES = (CHANGED, WITHDRAWN, MOVED, GONE, FAILED, UNCHANGED)  # the order a report lists them in
TO_RECONFIRM = (CHANGED, WITHDRAWN, MOVED, GONE)  # a status or a citation to confirm again
# kb sources check's exit codes: the command line's 0 and 1, and 3 when the only problems are pages it could not read
EXIT_ALL_UNCHANGED, EXIT_TO_RECONFIRM, EXIT_ONLY_FAILURES = 0, 1, 3
NOTE_MAX = 200


def one_line(text: str) -> str:
    """A note as a report shows it: one line, at most NOTE_MAX characters."""
    text = " ".join(text.split())
    return text if len(text) <= NOTE_MAX else text[: NOTE_MAX - 1].rstrip() + "…"


@dataclass(frozen=True)
class Finding:
    """What one watched page or cited address was found to be."""

    id: str  # the protocol's id (a watched page) or the first entry citing the address (a link)
    url: str
    state: str
    updated: dt.date | None = None  # when the issuer last changed it, where it says
    note: str = ""  # one line: what changed, where it moved, why it could not be read
    check: str = "watch"  # "watch" (a protocol's watched page) or "link" (an address cited as a source)
    cited_by: tuple[str, ...] = field(default=())  # every entry citing a link

    def as_json(self) -> dict[str, object]:
        row: dict[str, object] = {
            "id": self.id,
            "url": self.url,
            "state": self.state,
            "updated": self.updated.isoformat() if self.updated else None,
            "note": self.note,
            "check": self.check,
        }
        if self.check == "link":
            row["cited_by"] = list(self.cited_by)
        return row


def exit_code(findings: list[Finding]) -> int:
    states = {finding.state for finding in findings}
    if states & set(TO_RECONFIRM):
        return EXIT_TO_RECONFIRM
    return EXIT_ONLY_FAILURES if FAILED in states else EXIT_ALL_UNCHANGED
