"""In Debian's Chromium, on the real built site: short links, copy link, the handouts and the sharing pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kb.sharing.register import read_register
from tests.conftest import REAL_SITE_ADDRESS

REPO = Path(__file__).resolve().parents[2]
PACK_IDS = sorted(path.stem for path in (REPO / "collections").glob("*.yaml"))
ENTRY = "protocols/national-referral-mechanism/"


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_a_short_link_lands_on_its_entry(page, site_url: str) -> None:
    page.goto(site_url + "go/national-referral-mechanism/")
    page.wait_for_url(site_url + ENTRY)
    assert "National Referral Mechanism" in page.locator("h1").inner_text()


def test_copy_link_copies_the_absolute_short_link(page, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + ENTRY)
    expected = REAL_SITE_ADDRESS + "go/national-referral-mechanism/"  # the address the site was built for
    assert page.text_content(".kb-short-link") == expected
    assert page.text_content(".kb-cite-url") == expected
    assert page.text_content(".kb-accessed") != "date you read it"
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("document.querySelector('.kb-copy-status').textContent !== ''")
    assert page.text_content(".kb-copy-status") == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.console_errors == []


def test_without_javascript_the_link_is_text_and_there_is_no_button(chromium, site_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + ENTRY)
    assert page.text_content(".kb-short-link") == REAL_SITE_ADDRESS + "go/national-referral-mechanism/"
    assert not page.is_visible(".kb-copy-link")
    context.close()


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_print_shows_the_short_link_and_hides_the_button(page, site_url: str) -> None:
    page.goto(site_url + ENTRY)
    page.emulate_media(media="print")
    expect(page.locator(".kb-copy-link")).to_be_hidden()  # waits: the media change applies asynchronously
    expect(page.locator(".kb-short-link")).to_be_visible()


@pytest.mark.shared_profile
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_each_handout_prints_on_one_a4_page(page, site_url: str, pack_id: str) -> None:
    page.goto(f"{site_url}packs/{pack_id}/handout/")
    assert page.locator("svg[role=img]").count() == page.locator("li").count() > 0
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


@pytest.mark.shared_profile
@pytest.mark.parametrize(
    "path",
    [
        "whats-new/",
        "packs/",
        *(f"packs/{pack_id}/" for pack_id in PACK_IDS),
        *(f"packs/{pack_id}/handout/" for pack_id in PACK_IDS),
    ],
)
def test_sharing_pages_pass_axe(page, site_url: str, axe_violations: Callable[[object], str], path: str) -> None:
    page.goto(site_url + path)
    assert axe_violations(page) == ""


def test_every_registered_short_link_page_exists(built_site: Path) -> None:
    missing = [item.id for item in read_register(REPO) if not (built_site / "go" / item.id / "index.html").exists()]
    assert missing == []
