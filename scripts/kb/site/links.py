"""Site-relative links between pages, and where an entry's YAML can be edited.

Generated pages carry their links in raw HTML, which mkdocs neither rewrites nor checks,
so every href is made relative to the page that holds it here, and the build checks them
all afterwards (`link_check`).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path


def relative(target: str, from_page: str) -> str:
    """Link from the page at directory URL `from_page` (e.g. 'themes/x/', '' for home) to `target`.

    Both are site-relative. The link climbs to the site root and back down: not the shortest
    path, but exact, and cheap enough to call for every link of ten thousand pages.
    """
    if target.startswith("#"):
        return target
    return ("../" * from_page.count("/") + target) or "./"


def repo_url(root: Path, environ: dict[str, str] | None = None) -> str:
    """The repository's web address, or '' when none is known (never a guess)."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get("KB_REPO_URL"):
        return environ["KB_REPO_URL"].rstrip("/")
    if environ.get("GITHUB_SERVER_URL") and environ.get("GITHUB_REPOSITORY"):
        return f"{environ['GITHUB_SERVER_URL'].rstrip('/')}/{environ['GITHUB_REPOSITORY']}"
    return web_address(_git(root, "remote", "get-url", "origin"))


def web_address(remote: str) -> str:
    """https://host/org/repo for an https or scp-style (git@host:org/repo.git) remote; '' otherwise."""
    remote = remote.strip()
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(.+?)(\.git)?/?", remote)
    if scp:
        return f"https://{scp.group(1)}/{scp.group(2)}"
    https = re.fullmatch(r"https://(?:[^@/]+@)?([\w.-]+)/(.+?)(\.git)?/?", remote)
    return f"https://{https.group(1)}/{https.group(2)}" if https else ""


def branch(root: Path, environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    return environ.get("KB_REPO_BRANCH") or _git(root, "branch", "--show-current") or "main"


def edit_url(repository: str, branch_name: str, path: str) -> str:
    return f"{repository}/edit/{branch_name}/{path}" if repository else ""


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
