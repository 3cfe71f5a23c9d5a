"""The built site in Chromium: every kind of page renders, axe finds nothing, phones, print, console."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kb.content_model import KINDS
from tests.browser.real_entries import ENTRY_URLS, STATUS_BOX_URLS

KIND_NAMES = [kind.name for kind in KINDS if kind.name in ENTRY_URLS]
HUB_PAGES = ["", "contents/", "useful-links/", "spotlight/", "themes/", "areas/", "audiences/", "kinds/", "glossary/",
             "contribute/", "contribute/rules/", "about/accessibility/", "about/licence/", "about/open-data/"]  # fmt: skip


pytestmark = pytest.mark.shared_profile  # they only read pages (conftest.py)


def visit(page, url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_each_kind_of_entry_page_renders_with_its_parts(page, site_url: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    visit(page, site_url + ENTRY_URLS[kind])
    article = page.locator("[data-pagefind-body]")
    assert article.count() == 1
    assert page.locator("h1").first.is_visible()
    for section in ("#sources", "#related", "#about-this-entry"):
        assert article.locator(section).count() == 1, section
    assert "Checked against its sources on" in article.inner_text()
    assert page.console_errors == []


@pytest.mark.parametrize("path", HUB_PAGES)
def test_hub_and_index_pages_render_without_console_errors(page, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    visit(page, site_url + path)
    assert page.locator("h1").first.is_visible()
    assert page.locator("[data-pagefind-body]").count() == 0
    assert page.console_errors == []


def axe_targets() -> list[str]:
    """Each page once: a protocol with a status box may also be the first protocol."""
    targets = ["", "search/", "contents/", "spotlight/", "contribute/rules/", *STATUS_BOX_URLS]
    return list(dict.fromkeys(targets + [ENTRY_URLS[kind] for kind in KIND_NAMES]))


@pytest.mark.parametrize("path", axe_targets())
def test_axe_finds_no_wcag_a_or_aa_violation(page, site_url: str, built_site: Path, axe_violations: Callable, path: str) -> None:  # type: ignore[no-untyped-def]
    if path and not (built_site / path / "index.html").exists():
        pytest.skip(f"{path} is not built yet")
    visit(page, site_url + path)
    # the theme's stylesheets load without blocking (media="print", then "all" once in): axe must see them applied.
    # (This waited for the network to be idle, 0.5 s a page, but nothing a page asks for after "load" matters here.)
    page.wait_for_function("[...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.media !== 'print')")
    assert axe_violations(page) == ""


def test_home_page_does_not_scroll_sideways_on_a_375px_phone(phone_page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    visit(phone_page, site_url)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone_page.locator("#kb-home-search").is_visible()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_entry_pages_fit_a_375px_phone(phone_page, site_url: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    visit(phone_page, site_url + ENTRY_URLS[kind])
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_search_form_goes_to_the_search_page_with_the_query(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    visit(page, site_url)
    page.fill("#kb-home-search", "exploitation")
    page.press("#kb-home-search", "Enter")
    page.wait_for_load_state("load")
    assert page.url == site_url + "search/?q=exploitation"


def test_entry_pages_print_without_navigation_and_with_link_targets(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    visit(page, site_url + ENTRY_URLS["practice_example"])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    after = page.evaluate(
        """() => {
          const link = document.querySelector('[data-pagefind-body] a[href]:not([href^="#"]):not(.kb-printed-link)');
          return [link.getAttribute('href'), getComputedStyle(link, '::after').content];
        }"""
    )
    assert after[0] in after[1]


@pytest.mark.parametrize("path", STATUS_BOX_URLS)
def test_a_status_warning_is_above_the_summary_on_a_phone_and_in_print(phone_page, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    visit(phone_page, site_url + path)
    box = phone_page.locator(".kb-status-warning, .kb-status-unconfirmed").first
    assert box.is_visible() and "⚠" in box.inner_text()
    assert box.bounding_box()["y"] < phone_page.locator(".kb-summary").bounding_box()["y"]
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone_page.emulate_media(media="print")
    assert box.is_visible()


def test_acronyms_expand_on_keyboard_focus(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    visit(page, site_url + "glossary/")
    abbr = page.locator("abbr[tabindex='0']").first
    abbr.focus()
    shown = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    assert abbr.get_attribute("title") in shown
