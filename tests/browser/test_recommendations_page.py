"""The recommendations page in Chromium, on the session's real built site: filters, sorting, phone, print, axe."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.shared_profile  # they only read pages (conftest.py)

REPO = Path(__file__).resolve().parents[2]
PAGE = "recommendations/"
ROWS = "#kb-rec-table tbody tr"


def yaml_count() -> int:
    """Recommendations in the YAML of every review, read without the code under test."""
    files = [*REPO.glob("case_reviews/*.yaml"), *REPO.glob("resources/*.yaml")]
    return sum(len(yaml.safe_load(path.read_text(encoding="utf-8")).get("recommendations") or []) for path in files)


def open_page(page, site_url: str, query: str = "") -> None:  # type: ignore[no-untyped-def]
    response = page.goto(site_url + PAGE + query, wait_until="load")
    assert response is not None and response.status == 200
    page.wait_for_selector("#kb-rec-filters:not([hidden])")


def visible_rows(page) -> int:  # type: ignore[no-untyped-def]
    """Rows the reader can see (rendered boxes, not just the attribute), checked to agree with the script's marks."""
    seen = page.locator(ROWS).evaluate_all("rows => rows.filter(row => row.getClientRects().length > 0).length")
    assert seen == page.locator(ROWS + ":not([hidden])").count()
    return seen


def test_the_built_page_and_csv_hold_every_recommendation_in_the_yaml(built_site: Path) -> None:
    expected = yaml_count()
    with (built_site / "api" / "recommendations.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == expected >= 14
    assert sum(row["review_id"] == "rapid-document-review-2021" for row in rows) == 12
    assert (built_site / PAGE / "index.html").read_text(encoding="utf-8").count('<tr id="') == expected


def test_filters_hide_rows_and_update_the_count(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site_url)
    total = page.locator(ROWS).count()
    assert total == yaml_count() and visible_rows(page) == total
    page.select_option("#kb-rec-filter-level", "local")
    local = page.locator(ROWS + "[data-level='local']").count()
    assert 0 < local < total and visible_rows(page) == local
    assert page.locator("#kb-rec-count").inner_text() == f"Showing {local} of {total} recommendations."
    assert "level=local" in page.url  # a filtered view can be shared
    page.select_option("#kb-rec-filter-status", "completed")
    assert visible_rows(page) == page.locator(ROWS + "[data-level='local'][data-status='completed']").count()
    assert page.locator("#kb-rec-none").is_visible() == (visible_rows(page) == 0)
    page.click("#kb-rec-filters button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('{ROWS}:not([hidden])').length === {total}")
    assert page.locator("#kb-rec-count").inner_text() == f"Showing all {total} recommendations."
    assert page.console_errors == []


def test_area_year_review_and_theme_filters_and_a_shared_address(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site_url, "?areas=brent&year=2021")
    assert page.locator("#kb-rec-filter-areas").input_value() == "brent"
    expected = page.locator(ROWS + "[data-year='2021'][data-areas~='brent']").count()
    assert expected >= 12 and visible_rows(page) == expected
    page.click("#kb-rec-filters button[type=reset]")
    page.select_option("#kb-rec-filter-review", "rapid-document-review-2021")
    assert visible_rows(page) == 12
    page.select_option("#kb-rec-filter-themes", "children-in-custody")  # a review has several themes
    assert visible_rows(page) == 12 and "themes=children-in-custody" in page.url


def test_column_headings_are_buttons_that_sort_and_say_so(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site_url)
    year = page.locator("#kb-rec-table thead th", has_text="Year")
    year.locator("button").click()
    assert year.get_attribute("aria-sort") == "ascending"
    years = page.locator(ROWS).evaluate_all("rows => rows.map(row => Number(row.dataset.year))")
    assert years == sorted(years) and years[0] < years[-1]
    year.locator("button").press("Enter")
    assert year.get_attribute("aria-sort") == "descending"
    years = page.locator(ROWS).evaluate_all("rows => rows.map(row => Number(row.dataset.year))")
    assert years == sorted(years, reverse=True)
    assert page.locator("#kb-rec-table th[aria-sort]").count() == 1


def test_usable_on_a_375px_phone(phone_page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(phone_page, site_url)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first = phone_page.locator(ROWS).first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"  # a card, not a wide row
    box = first.bounding_box()
    assert box is not None and box["width"] <= 375
    assert phone_page.locator("#kb-rec-filter-status").is_visible()
    assert phone_page.locator("#kb-rec-table thead button").first.is_visible()  # sorting still reachable
    phone_page.select_option("#kb-rec-filter-level", "local")
    assert visible_rows(phone_page) == phone_page.locator(ROWS + "[data-level='local']").count()


def test_prints_the_table_without_the_filters(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site_url)
    page.emulate_media(media="print")
    assert not page.locator("#kb-rec-filters").is_visible()
    assert not page.locator(".md-header").first.is_visible()
    assert page.locator("#kb-rec-table thead").evaluate("head => getComputedStyle(head).display") == "table-header-group"


def test_axe_finds_no_violation_with_the_script_running(page, site_url: str, axe_violations: Callable) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site_url)
    page.select_option("#kb-rec-filter-level", "regional")
    assert axe_violations(page) == ""


def test_review_pages_and_the_case_review_hub_link_to_the_page(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "case-reviews/", "resources/rapid-document-review-2021/", "case-reviews/waltham-forest-scr/"):
        page.goto(site_url + path, wait_until="load")
        assert page.locator("a[href$='recommendations/']").count() >= 1, path
    assert page.locator("#recommendations").count() == 1


def test_axe_finds_no_violation_on_a_review_page_with_its_recommendations(page, site_url: str, axe_violations: Callable) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "resources/rapid-document-review-2021/", wait_until="load")
    assert page.locator("#recommendations + .kb-table-wrap tbody tr").count() == 12
    assert axe_violations(page) == ""
