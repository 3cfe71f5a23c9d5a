"""Status changes and fresh confirmations, from the git history of protocols' status lines, in What's new and the digest."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from kb.sharing.changes import STATUS, status_changes
from kb.sharing.digest import digest_html, digest_markdown, make_digest
from kb.sharing.history import file_history, parse_status_log, status_edits
from kb.sharing.whats_new import all_changes, whats_new_markdown
from kb.site.address import SiteAddress

from .fixture_base import load, make_context

PROTOCOL = "protocols/new-exploitation-protocol.yaml"
NOVEMBER = dt.date(2026, 11, 1)


def _git(root: Path, *args: str, day: str = "") -> None:
    environment = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=environment if day else None)


def _edit(root: Path, old: str, new: str, day: str) -> None:
    path = root / PROTOCOL
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _git(root, "commit", "-q", "-am", f"edit on {day}", day=day)


@pytest.fixture
def history_root(fixture_root: Path) -> Path:
    """The fixture knowledge base committed in October 2025, then its current protocol confirmed (12 November 2026)
    and put under review (15 November 2026)."""
    _git(fixture_root, "init", "-q")
    _git(fixture_root, "config", "user.email", "test@example.invalid")
    _git(fixture_root, "config", "user.name", "Test")
    _git(fixture_root, "add", ".")
    _git(fixture_root, "commit", "-q", "-m", "first", day="2025-10-20")
    _edit(fixture_root, 'status_checked: "2025-10-01"', 'status_checked: "2026-11-10"', "2026-11-12")
    _edit(fixture_root, "status: current", "status: under-review", "2026-11-15")
    return fixture_root


def test_status_edits_are_read_from_one_pass_over_the_history(history_root: Path) -> None:
    edits = status_edits(history_root)
    assert [(edit.day.isoformat(), edit.old_status, edit.new_status, edit.new_checked) for edit in edits[PROTOCOL]] == [
        ("2026-11-15", "current", "under-review", None),
        ("2026-11-12", None, None, "2026-11-10"),
    ]  # the first commit added the file: not an edit
    assert "protocols/old-exploitation-protocol.yaml" not in edits


def test_the_digest_reports_the_months_status_changes_first(history_root: Path) -> None:
    knowledge_base = load(history_root)
    history = file_history(history_root)
    digest = make_digest(
        knowledge_base,
        history,
        NOVEMBER,
        "Test KB",
        SiteAddress("https://kb.example.org/", "--site-url"),
        status_edits(history_root),
    )
    assert [change.note for change in digest.statuses] == [
        "Status changed from current to under review",
        "Status confirmed on 10 November 2026",
    ]
    markdown = digest_markdown(digest)
    assert "and 2 status changes in the Test KB in November 2026" in markdown
    assert markdown.index("## Status changes") < markdown.index("## Updated entries")
    assert "*Status changed from current to under review (recorded 15 November 2026).*" in markdown
    assert "Status confirmed on 10 November 2026 (recorded 12 November 2026)." in digest_html(digest)
    october = make_digest(knowledge_base, {}, dt.date(2025, 10, 1), "Test KB", SiteAddress(), status_edits(history_root))
    assert october.statuses == []


def test_whats_new_lists_status_changes_among_the_latest_changes(history_root: Path, tmp_path: Path) -> None:
    knowledge_base = load(history_root)
    context = make_context(history_root, knowledge_base, tmp_path / "build")
    changes = all_changes(context, 200)
    statuses = [change for change in changes if change.kind == STATUS]
    assert [change.changed for change in statuses] == [dt.date(2026, 11, 15), dt.date(2026, 11, 12)]
    assert changes[0].kind == STATUS  # the newest change of all
    page = whats_new_markdown(changes)
    assert "<strong>Status</strong> 15 November 2026: " in page
    assert "(protocol or guidance): Status changed from current to under review</li>" in page


def test_a_status_checked_written_long_after_the_day_it_names_is_not_a_new_confirmation(knowledge_base) -> None:  # type: ignore[no-untyped-def]
    log = """@@commit 2026-11-28
diff --git a/protocols/a.yaml b/protocols/a.yaml
--- a/protocols/a.yaml
+++ b/protocols/a.yaml
@@ -20,0 +21 @@
+status_checked: "2021-11-01"
"""
    edits = parse_status_log(log)
    assert edits["protocols/a.yaml"][0].new_checked == "2021-11-01"
    assert status_changes(knowledge_base, {PROTOCOL: edits["protocols/a.yaml"]}) == []  # the source's date, written in 2026
