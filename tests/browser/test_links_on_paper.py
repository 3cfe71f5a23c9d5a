"""Issue 24 in Chromium, on the real site built with KB_SITE_URL=https://example.org/kb/: QR codes read back
from the rendered pages with a barcode reader (zxing-cpp), not from the SVG's text; briefings printed to PDF
(one A4 page each, counted with pypdf); a printed protocol page with its short link and a "Printed" line."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kb.dates import human_date
from tests.conftest import REAL_SITE_ADDRESS

pytestmark = pytest.mark.shared_profile  # they only read pages (conftest.py)

REPO = Path(__file__).resolve().parents[2]
PACK_IDS = sorted(path.stem for path in (REPO / "collections").glob("*.yaml"))
CASE_REVIEW_IDS = sorted(path.stem for path in (REPO / "case_reviews").glob("*.yaml"))
PROTOCOL = "national-referral-mechanism"


def read_qr_codes(page, clip: dict[str, float] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every QR code on the page (or in the part `clip` gives) as Chromium draws it, read from a screenshot."""
    image = Image.open(io.BytesIO(page.screenshot(full_page=True, clip=clip)))
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def pdf_pages(page) -> PdfReader:  # type: ignore[no-untyped-def]
    return PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))


def short_link(entry_id: str) -> str:
    return f"{REAL_SITE_ADDRESS}go/{entry_id}/"


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_handout_qr_code_opens_the_absolute_short_link(page, site_url: str, pack_id: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}packs/{pack_id}/handout/")
    printed = page.eval_on_selector_all("a.link", "links => links.map(link => link.textContent)")
    assert printed and all(link.startswith(f"{REAL_SITE_ADDRESS}go/") for link in printed)
    assert sorted(read_qr_codes(page)) == sorted(printed)


def test_every_briefing_prints_on_one_a4_page_with_a_qr_code_that_opens_its_entry(page, built_site: Path, site_url: str) -> None:  # type: ignore[no-untyped-def]
    briefings = sorted(path.name for path in (built_site / "briefings").iterdir())
    assert set(CASE_REVIEW_IDS) < set(briefings)  # every case review, and protocols that list their steps
    for entry_id in briefings:
        page.goto(f"{site_url}briefings/{entry_id}/")
        headings, code = page.evaluate(
            """() => [[...document.querySelectorAll("main h2")].map(h => h.textContent),
                      document.querySelector("footer svg").getBoundingClientRect().toJSON()]"""
        )
        assert headings[:4] == ["Background", "Why it matters", "Information", "What it means for practice"], entry_id
        if entry_id in CASE_REVIEW_IDS:
            assert headings[4:] == ["Questions for reflection"], entry_id  # written for every case review
        clip = {key: code[key] for key in ("x", "y", "width", "height")}
        assert read_qr_codes(page, clip) == [short_link(entry_id)], entry_id
        assert len(pdf_pages(page).pages) == 1, f"the briefing of {entry_id} does not fit one A4 page"


def test_entry_page_links_its_briefing(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}case-reviews/{CASE_REVIEW_IDS[0]}/")
    page.get_by_role("link", name="7-minute briefing").click()
    page.wait_for_url(f"{site_url}briefings/{CASE_REVIEW_IDS[0]}/")


def test_a_printed_protocol_page_has_its_short_link_and_the_day_it_was_printed(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}protocols/{PROTOCOL}/")
    text = " ".join(pdf_pages(page).pages[0].extract_text().split())
    today = human_date(dt.date.today())
    assert f"Printed {today}: check {short_link(PROTOCOL)} for the current version." in text
    assert not page.locator(".kb-printed").is_visible()  # on paper only


def test_without_javascript_the_printed_line_gives_the_build_date_and_says_so(chromium, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}protocols/{PROTOCOL}/")
    page.emulate_media(media="print")
    line = page.locator(".kb-printed").inner_text()
    assert line.startswith("Printed from the version built on ") and short_link(PROTOCOL) in line
    context.close()
