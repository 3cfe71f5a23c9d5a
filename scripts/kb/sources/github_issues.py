"""One GitHub issue per watched page or cited address to re-confirm, opened or updated, never duplicated.

`kb sources issues REPORT` reads what `kb sources check --format json` wrote and talks to the GitHub REST
API with the workflow's GITHUB_TOKEN: it lists the open issues, finds each source's issue by a marker in
its body, updates that issue's text, or opens one (labelled `watched-source`). Pages that could not be read
(`failed`) open nothing: the next week's run tries again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests

from .states import TO_RECONFIRM

DEFAULT_API = "https://api.github.com"
LABEL = "watched-source"
TIMEOUT = 20
WHAT_TO_DO = {
    "changed": "The issuer changed this page after the status was last confirmed. Read it, then confirm the entry's status "
    "(`status_checked`, `status_source`) or update the entry (a new edition: `status: superseded` and `superseded_by`).",
    "withdrawn": "The issuer withdrew this page. Find what replaced it and mark the entry superseded or withdrawn.",
    "moved": "This page now redirects elsewhere. Read the new page; update `watch.url` (and the citation) to it, "
    "then confirm the status there.",
    "gone": "This page is no longer published. Find the issuer's current page, or what replaced the guidance, and update the entry.",
}


class GitHubError(Exception):
    """A request to GitHub that failed: the message is one line."""


@dataclass(frozen=True)
class Action:
    verb: str  # "opened" or "updated"
    number: int
    key: str


def marker(source: dict[str, Any]) -> str:
    """How a source's issue is found again: a watched page by its protocol and address, a cited address by itself."""
    key = f"watch {source['id']} {source['url']}" if source.get("check", "watch") == "watch" else f"link {source['url']}"
    return f"<!-- kb-sources: {key} -->"


def title(source: dict[str, Any]) -> str:
    if source.get("check", "watch") == "watch":
        return f"Re-confirm {source['id']}: its watched page is {source['state']}"
    return f"Cited address {source['state']}: {source['url']}"[:250]


def body(source: dict[str, Any], checked: str) -> str:
    lines = [
        f"`kb sources check` found this on {checked}.",
        "",
        f"- **State:** {source['state']}",
        f"- **Page:** {source['url']}",
        f"- **Entry:** `{source['id']}`"
        if source.get("check", "watch") == "watch"
        else f"- **Cited by:** {', '.join(f'`{i}`' for i in source.get('cited_by') or [source['id']])}",
    ]
    if source.get("updated"):
        lines.append(f"- **Updated by the issuer:** {source['updated']}")
    if source.get("note"):
        lines.append(f"- **Note:** {source['note']}")
    lines += [
        "",
        WHAT_TO_DO.get(source["state"], ""),
        "",
        "Close this issue once the entry is confirmed or updated.",
        "",
        marker(source),
    ]
    return "\n".join(lines)


class GitHub:
    def __init__(self, repo: str, token: str, api_url: str = DEFAULT_API) -> None:
        self.repo, self.api_url = repo, api_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        )

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        try:
            response = self.session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise GitHubError(f"{method} {url}: {type(error).__name__}") from error
        if response.status_code >= 400:
            message = _message(response)
            raise GitHubError(f"{method} {url}: HTTP {response.status_code}{': ' + message if message else ''}")
        return response

    def open_issues(self) -> Iterator[dict[str, Any]]:
        """Every open issue, not only labelled ones: GitHub drops a label the token may not set, and a source's issue
        must still be found again by its marker."""
        url: str | None = f"/repos/{self.repo}/issues?state=open&per_page=100"
        while url:
            response = self.request("GET", url)
            yield from (issue for issue in response.json() if "pull_request" not in issue)
            url = response.links.get("next", {}).get("url")


def sync_issues(report: dict[str, Any], github: GitHub, label: str = LABEL) -> list[Action]:
    """Open or update one issue per source to re-confirm; an open issue is found again by its marker."""
    to_reconfirm = [source for source in report.get("sources", []) if source.get("state") in TO_RECONFIRM]
    if not to_reconfirm:
        return []
    existing = {}
    for issue in github.open_issues():
        for source in to_reconfirm:
            if marker(source) in (issue.get("body") or ""):
                existing.setdefault(marker(source), issue["number"])
    actions = []
    for source in to_reconfirm:
        key, fields = marker(source), {"title": title(source), "body": body(source, str(report.get("checked", "")))}
        if key in existing:
            github.request("PATCH", f"/repos/{github.repo}/issues/{existing[key]}", json=fields)
            actions.append(Action("updated", existing[key], key))
        else:
            created = github.request("POST", f"/repos/{github.repo}/issues", json={**fields, "labels": [label]}).json()
            existing[key] = created["number"]
            actions.append(Action("opened", created["number"], key))
    return actions


def read_report(text: str) -> dict[str, Any]:
    report = json.loads(text)
    if not isinstance(report, dict) or not isinstance(report.get("sources"), list):
        raise ValueError("not a report of `kb sources check --format json`")
    return report


def _message(response: requests.Response) -> str:
    try:
        return str(response.json().get("message", ""))
    except ValueError:
        return ""
