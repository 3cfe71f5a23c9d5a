"""Review dates: stale detection at fixed dates, the banner, and `kb report stale`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kb.cli import main
from kb.model import KnowledgeBase
from kb.sharing.commands import review_banner
from kb.sharing.freshness import is_review_overdue, overdue_entries, review_due
from kb.site.hooks import BuildContext


def test_due_date_follows_the_kinds_interval(knowledge_base: KnowledgeBase) -> None:
    protocol = knowledge_base.entries["new-exploitation-protocol"]  # protocols: 365 days
    assert review_due(protocol) == dt.date(2026, 10, 15)
    assert not is_review_overdue(protocol, dt.date(2026, 10, 15))
    assert is_review_overdue(protocol, dt.date(2026, 10, 16))


def test_overdue_at_a_fixed_date_oldest_first(knowledge_base: KnowledgeBase) -> None:
    overdue = overdue_entries(knowledge_base, dt.date(2026, 11, 22))
    assert [item.entry.id for item in overdue] == ["old-exploitation-protocol", "example-newsletter", "new-exploitation-protocol"]
    first = overdue[0]
    assert (first.due, first.days_overdue) == (dt.date(2025, 3, 1), 631)
    assert first.responsible == "Example Safeguarding Partnership"  # the owner
    assert overdue[1].responsible == "Example Newsletter Publisher"  # no owner: the first source's publisher


def test_nothing_is_overdue_earlier(knowledge_base: KnowledgeBase) -> None:
    assert overdue_entries(knowledge_base, dt.date(2025, 3, 1)) == []


def test_banner_on_an_overdue_entry_only(knowledge_base: KnowledgeBase, context: BuildContext) -> None:
    banner = review_banner(knowledge_base.entries["example-newsletter"], context)
    assert 'role="note"' in banner
    assert "Review overdue" in banner  # said in words, not by colour alone
    assert "31 January 2026" in banner
    assert review_banner(knowledge_base.entries["example-mentoring"], context) == ""


def test_report_stale_json(fixture_root: Path, capsys) -> None:
    assert main(["report", "stale", "--today", "2026-11-22", "--json", "--root", str(fixture_root)]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["overdue"]
    assert [row["id"] for row in rows] == ["old-exploitation-protocol", "example-newsletter", "new-exploitation-protocol"]
    assert rows[1] == {
        "id": "example-newsletter",
        "title": "Example practice newsletter",
        "kind": "resource",
        "path": "resources/example-newsletter.yaml",
        "responsible": "Example Newsletter Publisher",
        "last_reviewed": "2023-02-01",
        "due": "2026-01-31",
        "days_overdue": 295,
    }


def test_report_stale_text(fixture_root: Path, capsys) -> None:
    assert main(["report", "stale", "--today", "2025-06-01", "--root", str(fixture_root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 entry is overdue for review on 2025-06-01:")
    assert "protocols/old-exploitation-protocol.yaml: due 2025-03-01, 92 days overdue" in out


def test_report_stale_lists_unconfirmed_statuses_apart_from_overdue_reviews(fixture_root: Path, capsys) -> None:
    assert main(["report", "stale", "--today", "2026-11-22", "--json", "--root", str(fixture_root)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unconfirmed_statuses"] == [
        {
            "id": "new-exploitation-protocol",
            "title": "Example exploitation protocol (second edition)",
            "path": "protocols/new-exploitation-protocol.yaml",
            "status": "current",
            "status_checked": "2025-10-01",
            "days_since_confirmed": 417,
            "label": "Current: not confirmed since 1 October 2025",
            "check_at": "Example Safeguarding Partnership",
        }
    ]
    assert main(["report", "stale", "--today", "2026-11-22", "--root", str(fixture_root)]) == 0
    out = capsys.readouterr().out
    overdue, statuses, _ = out.split("\n\n")
    assert "new-exploitation-protocol" in overdue  # its review is overdue too: listed in both, for different work
    assert statuses.startswith("1 protocol status is not confirmed recently on 2026-11-22")
    assert "protocols/new-exploitation-protocol.yaml: Current: not confirmed since 1 October 2025; check Example" in statuses
    assert main(["report", "stale", "--today", "2026-09-30", "--root", str(fixture_root)]) == 0
    assert "Every protocol's status was confirmed within its review interval on 2026-09-30." in capsys.readouterr().out


def test_report_stale_lists_entries_that_refer_to_replaced_guidance(scratch, capsys) -> None:  # type: ignore[no-untyped-def]
    scratch.write_replaced_edition(status_date="2026-11")
    scratch.write("practice_example", "uses-old", related=["old-protocol"], last_reviewed="2026-11-01")
    assert main(["report", "stale", "--today", "2026-11-22", "--json", "--root", str(scratch.root)]) == 0
    (row,) = json.loads(capsys.readouterr().out)["refers_to_replaced"]
    assert row["id"] == "uses-old" and row["refers_to"] == "old-protocol" and row["via"] == "related"
    assert row["words"] == "refers to Example protocol 2023, replaced by Example protocol 2026 in November 2026"
    assert main(["report", "stale", "--today", "2026-11-22", "--root", str(scratch.root)]) == 0
    last = capsys.readouterr().out.split("\n\n")[-1]
    assert last.startswith("1 entry refers to superseded or withdrawn guidance")
    assert (
        "practice_examples/uses-old.yaml: refers to Example protocol 2023, replaced by Example protocol 2026 in November 2026 (in `related`)"
        in last
    )
