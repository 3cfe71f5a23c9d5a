"""What `kb sources check` prints: a table a person reads, or JSON a workflow reads."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from .states import FAILED, STATES, TO_RECONFIRM, Finding


def as_json(findings: list[Finding], checked: dt.date) -> str:
    return json.dumps({"checked": checked.isoformat(), "sources": [f.as_json() for f in findings]}, indent=2, ensure_ascii=False)


def as_table(findings: list[Finding], checked: dt.date) -> str:
    if not findings:
        return f"No watched page to check on {checked.isoformat()}: add `watch` to the protocols in force."
    width = max(len(finding.id) for finding in findings)
    lines = [f"{'state':<10} {'id':<{width}} {'updated':<10}  address / note"]
    for finding in findings:
        updated = finding.updated.isoformat() if finding.updated else "-"
        kind = "" if finding.check == "watch" else " (cited)"
        lines.append(f"{finding.state:<10} {finding.id:<{width}} {updated:<10}  {finding.url}{kind}")
        if finding.note:
            lines.append(f"{'':<10} {'':<{width}} {'':<10}  {finding.note}")
    lines += ["", summary(findings, checked)]
    return "\n".join(lines)


def summary(findings: list[Finding], checked: dt.date) -> str:
    counts = Counter(finding.state for finding in findings)
    parts = ", ".join(f"{counts[state]} {state}" for state in STATES if counts[state])
    line = f"{len(findings)} checked on {checked.isoformat()}: {parts}."
    if any(counts[state] for state in TO_RECONFIRM):
        line += " Confirm each changed, withdrawn, moved or gone page against the issuer's own page, then update the entry."
    elif counts[FAILED]:
        line += " Nothing to re-confirm, but some pages could not be read: run it again later."
    return line


def failure_lines(findings: list[Finding]) -> list[str]:
    """One line per page that could not be read, for standard error."""
    return [f"kb sources check: {f.id}: {f.url}: {f.note}" for f in findings if f.state == FAILED]
