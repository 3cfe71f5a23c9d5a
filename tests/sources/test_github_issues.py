"""`kb sources issues` against a local fake of GitHub's REST API: one issue per source to re-confirm, opened
once and then updated, never duplicated; failures and pull requests ignored; a GitHub error is one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.cli import main
from kb.sources.github_issues import marker

from .fake_servers import Answer, FakeServer, Request, serving

REPO = Path(__file__).resolve().parents[2]
REPORT = {
    "checked": "2026-12-07",
    "sources": [
        {
            "id": "working-together-2023",
            "url": "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
            "state": "changed",
            "updated": "2026-12-01",
            "note": "Updated to the 2026 edition.",
            "check": "watch",
        },
        {
            "id": "kcsie",
            "url": "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
            "state": "withdrawn",
            "updated": "2026-11-30",
            "note": "Withdrawn.",
            "check": "watch",
        },
        {
            "id": "philomena",
            "url": "https://www.example.org/philomena",
            "state": "failed",
            "updated": None,
            "note": "no answer within 10 s (3 tries)",
            "check": "watch",
        },
        {
            "id": "nrm",
            "url": "https://www.gov.uk/government/publications/nrm",
            "state": "unchanged",
            "updated": "2026-01-01",
            "note": "",
            "check": "watch",
        },
        {
            "id": "ealing-cspr",
            "url": "https://www.example.org/old.pdf",
            "state": "gone",
            "updated": None,
            "note": "the site answered HTTP 404",
            "check": "link",
            "cited_by": ["ealing-cspr", "rapid-document-review-2021"],
        },
    ],
}


class FakeGitHub:
    """Issues kept in memory, served as GitHub's REST API serves them (pages of 100, pull requests among issues)."""

    def __init__(self, fake: FakeServer) -> None:
        self.issues: list[dict[str, Any]] = [
            {"number": 1, "state": "open", "title": "A pull request", "body": marker(REPORT["sources"][0]), "pull_request": {}},
            {"number": 2, "state": "open", "title": "Re-confirm kcsie", "body": "Old text\n" + marker(REPORT["sources"][1])},
            {"number": 3, "state": "closed", "title": "Closed", "body": marker(REPORT["sources"][4])},  # closed: a new one opens
        ]
        self.tokens: set[str] = set()
        fake.routes["GET /repos/org/kb/issues"] = self.list
        fake.routes["POST /repos/org/kb/issues"] = self.create
        for number in range(1, 20):
            fake.routes[f"PATCH /repos/org/kb/issues/{number}"] = self.update

    def list(self, request: Request) -> Answer:
        self.tokens.add(request.headers.get("Authorization", ""))
        assert "state=open" in request.path
        return Answer(200, [issue for issue in self.issues if issue["state"] == "open"])

    def create(self, request: Request) -> Answer:
        issue = {"number": len(self.issues) + 1, "state": "open", **json.loads(request.body)}
        self.issues.append(issue)
        return Answer(201, issue)

    def update(self, request: Request) -> Answer:
        number = int(request.path.rsplit("/", 1)[1])
        issue = next(issue for issue in self.issues if issue["number"] == number)
        issue.update(json.loads(request.body))
        return Answer(200, issue)


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeServer, FakeGitHub]]:
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    with serving() as fake:
        yield fake, FakeGitHub(fake)


def run(fake: FakeServer, report: Path) -> int:
    return main(["sources", "issues", str(report), "--repo", "org/kb", "--api-url", fake.base])


def test_one_issue_per_source_to_reconfirm_opened_once_then_updated(github, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    fake, hub = github
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    assert run(fake, report) == 0
    out = capsys.readouterr().out
    assert "updated #2" in out and out.count("opened #") == 2 and "3 issues opened or updated" in out
    real = [issue for issue in hub.issues if "pull_request" not in issue and issue["state"] == "open"]
    assert len(real) == 3  # #2 updated; the changed page and the gone address opened; nothing for failed or unchanged
    changed = next(issue for issue in real if "working-together-2023" in issue["title"])
    assert changed["labels"] == ["watched-source"] and "Updated to the 2026 edition." in changed["body"]
    assert "confirm the entry's status" in changed["body"] and marker(REPORT["sources"][0]) in changed["body"]
    gone = next(issue for issue in real if issue["title"].startswith("Cited address gone"))
    assert "`ealing-cspr`, `rapid-document-review-2021`" in gone["body"] and gone["number"] != 3  # the closed one stays closed
    assert hub.issues[1]["body"].startswith("`kb sources check` found this on 2026-12-07.")
    assert hub.tokens == {"Bearer test-token"}

    assert run(fake, report) == 0  # next week, the same findings: every issue updated, none opened
    out = capsys.readouterr().out
    assert out.count("updated #") == 3 and "opened #" not in out
    assert len([issue for issue in hub.issues if "pull_request" not in issue and issue["state"] == "open"]) == 3


def test_a_github_error_is_one_line_and_exit_1(github, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    fake, _ = github
    fake.routes["GET /repos/org/kb/issues"] = Answer(403, {"message": "Resource not accessible by integration"})
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    assert run(fake, report) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "HTTP 403: Resource not accessible by integration" in err and "Traceback" not in err


def test_without_a_token_or_with_a_bad_report_it_says_what_to_do(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    report = tmp_path / "report.json"
    report.write_text("not json", encoding="utf-8")
    assert main(["sources", "issues", str(report), "--repo", "org/kb"]) == 2
    assert "set GITHUB_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    assert main(["sources", "issues", str(report), "--repo", "org/kb"]) == 2
    assert "cannot read the report" in capsys.readouterr().err


def test_the_weekly_workflow_runs_the_check_and_files_issues() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/watch-sources.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers and triggers["schedule"][0]["cron"].endswith("* * 1")  # weekly, on Mondays
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert "kb sources check --links --format json" in steps and "kb sources issues sources-report.json" in steps
