"""Browser fixtures: the REAL knowledge base, built once per test session, served on loopback, driven in Chromium.

Reusable by every browser test (search, sharing, site). Fixtures:

- `built_site` (session): Path of the site built from the repository's real entries with every
  plug-in (search index, short links...): `real_site` of tests/conftest.py, built once per run and
  shared by the xdist workers. Fails with the problems listed if the build fails.
- `site_url` (session): base address of `built_site`, served by http.server on 127.0.0.1 at a
  free port, ending with "/" (so `site_url + "practice-examples/<id>/"` works).
- `chromium` (session): a Playwright Browser, Debian's headless Chromium (/usr/bin/chromium-headless-shell, the
  package chromium-headless-shell: the same Blink and V8 as /usr/bin/chromium, without a browser window behind
  each page; never a downloaded browser), or /usr/bin/chromium where only that is installed; skips the test if
  neither is (make browser).
- `page` (function): a fresh Page in its own context (1280x900), service workers blocked. Console errors and uncaught
  page errors are collected in `page.console_errors` (a list of strings).
- `phone_page` (function): the same at 375x812, as on a small phone.
  A test marked `shared_profile` (it only reads pages: no storage, permissions, cookies, routes or listeners of its
  own, nothing measured of loading) gets the one page the module's marked tests share, in a browser profile of
  their own, with its cache; media emulation reset and no console errors yet (a page of its own after a failed test).
  A fresh profile and page cost about 1.5 s of CPU a test, a new page in a shared profile 0.9 s, the shared page
  0.45 s in /usr/bin/chromium, less in the headless shell (Chromium's processes included, which `time` does not see:
  they are not reaped by the test's process).
- `axe_violations` (function): call `axe_violations(page)` for a readable report of axe-core
  violations for WCAG 2.0/2.1/2.2 A and AA on the loaded page ("" when there are none).

Every test here is marked `browser` (run `pytest -m "not browser"` to skip them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, HEADLESS_SHELL, serve_folder

REPO = Path(__file__).resolve().parents[2]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    # Debian's chromium without its headless shell (a machine set up before `make browser` installed both) runs
    # the same tests, with more CPU.
    executable = next((path for path in (HEADLESS_SHELL, CHROMIUM) if path.exists()), None)
    if executable is None:
        pytest.skip("Debian's Chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def _context(chromium: object, viewport: dict[str, int]) -> object:
    # No service worker: it would keep the site's shell in the background of every test's fresh profile (seconds in
    # all); the offline tests (test_offline.py) make their own profiles, with it.
    return chromium.new_context(viewport=viewport, service_workers="block")  # type: ignore[attr-defined]


def _new_page(context: object) -> Iterator[object]:
    """A new page of `context` that collects console errors and uncaught page errors; closed afterwards."""
    page = context.new_page()  # type: ignore[attr-defined]
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: page.console_errors.append(f"{page.url}: {error}"))
    yield page
    page.close()


def _page(request: pytest.FixtureRequest, chromium: object, viewport: dict[str, int], shared: str) -> Iterator[object]:
    if request.node.get_closest_marker("shared_profile"):
        yield from request.getfixturevalue(shared).lend(request.session)
        return
    context = _context(chromium, viewport)
    yield from _new_page(context)
    context.close()  # type: ignore[attr-defined]


class SharedPage:
    """The page a module's `shared_profile` tests take in turn: each finds it as a new page would be but for the
    document it shows (the next test opens its own) and the cache. After a failed test it is replaced, so that what
    the failure left cannot make the next test fail."""

    def __init__(self, context: object) -> None:
        self.context = context
        self.pages = _new_page(context)
        self.page = next(self.pages)

    def lend(self, session: pytest.Session) -> Iterator[object]:
        self.page.console_errors.clear()  # type: ignore[attr-defined]
        self.page.emulate_media(media="null")  # type: ignore[attr-defined]
        failed = session.testsfailed
        yield self.page
        if session.testsfailed != failed:
            self.close()
            self.pages = _new_page(self.context)
            self.page = next(self.pages)

    def close(self) -> None:
        next(self.pages, None)  # closes the page


@pytest.fixture
def page(request: pytest.FixtureRequest, chromium: object) -> Iterator[object]:
    yield from _page(request, chromium, DESKTOP, "_module_profile")


@pytest.fixture
def phone_page(request: pytest.FixtureRequest, chromium: object) -> Iterator[object]:
    yield from _page(request, chromium, PHONE, "_module_phone_profile")


@pytest.fixture(scope="module")
def _module_profile(chromium: object) -> Iterator[SharedPage]:
    yield from _shared_page(chromium, DESKTOP)


@pytest.fixture(scope="module")
def _module_phone_profile(chromium: object) -> Iterator[SharedPage]:
    yield from _shared_page(chromium, PHONE)


def _shared_page(chromium: object, viewport: dict[str, int]) -> Iterator[SharedPage]:
    context = _context(chromium, viewport)
    shared = SharedPage(context)
    yield shared
    shared.close()
    context.close()  # type: ignore[attr-defined]


@pytest.fixture
def axe_violations() -> Callable[[object], str]:
    # axe-core as axe-playwright-python ships it; put into the page once (572 KB of script to parse), not on every call
    from axe_playwright_python.base import AXE_SCRIPT

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

    def report(page: object) -> str:
        if not page.evaluate("typeof window.axe?.run === 'function'"):  # type: ignore[attr-defined]
            page.evaluate(AXE_SCRIPT)  # type: ignore[attr-defined]
        results = page.evaluate("options => axe.run(document, options)", options)  # type: ignore[attr-defined]
        return "\n".join(_describe(violation) for violation in results["violations"])

    return report


def _describe(violation: dict) -> str:
    nodes = violation["nodes"]
    lines = [f"{violation['id']} ({violation['impact']}), {len(nodes)} element(s): {violation['help']}"]
    for node in nodes[:5]:
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        message = checks[0]["message"] if checks else ""
        lines.append(f"  {', '.join(map(str, node['target']))}: {message}")
    return "\n".join(lines)
