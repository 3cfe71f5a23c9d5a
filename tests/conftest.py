"""Shared fixtures: a scratch knowledge base with the real taxonomy and valid entries of each kind, and the
real site, built once per test run (`real_site`) as the publishing workflow builds it: with KB_SITE_URL set to
REAL_SITE_ADDRESS, so its short links, QR codes, feeds and open data are absolute (a page's own links stay
relative, so the browser tests serve it from any address)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock

from kb.rules import BASE_ENTRIES

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)
REAL_SITE_ADDRESS = "https://example.org/kb/"  # KB_SITE_URL for the real site: a base path, as on GitHub Pages

SOURCE = {
    "title": "Rapid Document Review",
    "publisher": "PraxisCollab for The Children's Society",
    "date": "2021-11",
    "locator": "Section 4",
}
COMMON = {
    "summary": "A fictional entry used by the tests. It exists only to exercise the validator.",
    "themes": ["child-criminal-exploitation"],
    "areas": ["pan-london"],
    "audiences": ["childrens-social-care"],
    "sources": [SOURCE],
    "last_reviewed": "2026-01-15",
}
# Each kind's own fields: the valid example entries the rule registry builds its examples from (kb.rules), with a
# content note that says the review is fictional, and the two kinds the registry has no example of.
KIND_FIELDS: dict[str, dict[str, Any]] = {
    **{kind: {key: value for key, value in fields.items() if key not in COMMON} for kind, fields in BASE_ENTRIES.items()},
    "service": {"provider": "An example charity", "what_it_offers": "Support for young people."},
    "topic": {"section": "practice", "introduction": "An introduction.", "key_messages": ["A message."]},
}
KIND_FIELDS["case_review"]["content_note"] = "This fictional review discusses exploitation."
FOLDERS = {
    "practice_example": "practice_examples",
    "protocol": "protocols",
    "case_review": "case_reviews",
    "service": "services",
    "resource": "resources",
    "topic": "topics",
    "collection": "collections",
}


# Modules whose tests share an expensive module- or session-scoped fixture (a site built, `kb serve` started, the
# real entries validated): with `pytest -n`, one worker runs each whole, so the fixture is made once, not once a worker.
ONE_WORKER_MODULES = frozenset(
    {
        "tests/bench/test_corpus.py",
        "tests/browser/test_serve_preview.py",
        "tests/site/test_build.py",
        "tests/site/test_recommendations.py",
        "tests/site/test_status_build.py",
        "tests/test_content.py",
        "tests/validation/test_rule_examples.py",
    }
)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `-n` and the default `--dist load`: each test goes to whichever worker is free, one at a time (so both
    stay busy to the end), except that each module of ONE_WORKER_MODULES goes to one worker whole, and those go
    first. (xdist's own `--dist loadgroup` does this for marked tests, but its marks have no effect on pytest 9.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeModulesOnOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return WholeModulesOnOneWorker(config, log)


def entry_data(kind: str, entry_id: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry_id, "title": f"Example {kind.replace('_', ' ')} {entry_id}", **COMMON}
    data.update(KIND_FIELDS[kind])
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def entry_yaml(kind: str, data: dict[str, Any]) -> str:
    header = f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


class ScratchBase:
    """A knowledge base in a temporary folder, with the real taxonomy."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "taxonomy", root / "taxonomy")

    def write(self, kind: str, entry_id: str, **overrides: Any) -> Path:
        return self.write_text(kind, entry_id, entry_yaml(kind, entry_data(kind, entry_id, **overrides)))

    def write_text(self, kind: str, name: str, text: str | bytes) -> Path:
        folder = self.root / FOLDERS[kind]
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def write_replaced_edition(self, status_date: str) -> None:
        """`old-protocol` ("Example protocol 2023"), superseded on `status_date` by `new-protocol` ("… 2026")."""
        self.write("protocol", "new-protocol", title="Example protocol 2026")
        self.write(
            "protocol",
            "old-protocol",
            title="Example protocol 2023",
            status="superseded",
            superseded_by="new-protocol",
            status_date=status_date,
        )

    def validate(self, today: dt.date = TODAY) -> Any:
        from kb.validation import validate

        return validate(self.root, today=today)

    def rules(self) -> set[str]:
        return {problem.rule for problem in self.validate().problems}


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchBase:
    return ScratchBase(tmp_path)


@pytest.fixture
def write_entry(scratch: ScratchBase) -> Callable[..., Path]:
    return scratch.write


def once_per_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, build: Callable[[Path], None]) -> Path:
    """A folder `build` fills once per test run, shared by every xdist worker (each has its own session).

    The first worker to ask builds, holding a file lock; the others wait for the lock and reuse the folder.
    A build that raises is recorded, so the others fail with its message rather than build again."""
    shared = shared_folder(tmp_path_factory, worker_id)
    build_once(shared, name, build)
    failure = shared / f"{name}.failure"
    if failure.exists():
        pytest.fail(failure.read_text(encoding="utf-8"), pytrace=False)
    return shared / name


def shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The run's base folder, which every xdist worker's own base folder is in."""
    return tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent


def build_once(shared: Path, name: str, build: Callable[[Path], None]) -> None:
    """Run `build` on shared/name under the run's lock for `name`, unless it was done, or failed, before."""
    folder, done, failure = shared / name, shared / f"{name}.done", shared / f"{name}.failure"
    with FileLock(str(shared / f"{name}.lock")):
        if not done.exists() and not failure.exists():
            try:
                build(folder)
            except BaseException as error:
                failure.write_text(f"{name}: {type(error).__name__}: {error}", encoding="utf-8")
                raise
            done.touch()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The site built from the repository's real entries with every plugin, once per test run."""
    return once_per_run(tmp_path_factory, worker_id, "real-site", _build_real_site) / "site"


@pytest.fixture(scope="session", autouse=True)
def _real_site_started_early(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Iterator[None]:
    """In a run with tests that need `real_site`, start building it in a background process as the run begins: the
    tests that do not need it run meanwhile, rather than the first that does wait on an idle core for the whole build.
    The first worker here starts it; `real_site` then waits for its lock as for any other worker's build (and builds
    itself if the process died without a word)."""
    if not any("real_site" in getattr(item, "fixturenames", ()) for item in request.session.items):
        yield
        return
    shared = shared_folder(tmp_path_factory, worker_id)
    try:
        (shared / "real-site.started").open("x").close()
    except FileExistsError:  # another worker started it
        yield
        return
    with (shared / "real-site.log").open("w") as log:
        builder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, pathlib, tests.conftest as c; c.build_real_site_once(pathlib.Path(sys.argv[1]))",
                shared,
            ],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    yield
    builder.wait()  # another worker may be waiting for it


def build_real_site_once(shared: Path) -> None:
    build_once(shared, "real-site", _build_real_site)


def _build_real_site(folder: Path) -> None:
    from kb.plugins import default_plugins
    from kb.site.address import resolve_site_address
    from kb.site.build import BuildFailed, BuildOptions, build_site

    address = resolve_site_address(None, REPO, {"KB_SITE_URL": REAL_SITE_ADDRESS})
    options = BuildOptions(
        root=REPO, output=folder / "site", scratch=folder / "scratch", plugins=default_plugins(), address=address
    )
    try:
        build_site(options, say=lambda line: None)
    except BuildFailed as failed:
        problems = "\n".join(problem.format() for problem in failed.problems[:30])
        raise RuntimeError(f"the real knowledge base did not build: {failed}\n{problems}") from None
