"""The search page on a phone (issue 16): results on the first screen, filters behind one "Filter" button that
opens and closes by keyboard, filter labels nothing draws over, touch targets, and counts that agree with
`kb search` for acronyms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.browser import site_search, site_searches_in_page, wait_for_results
from kb.search.index import on_disk
from kb.search.query import search
from tests.relevance.judged import judged_queries

pytestmark = pytest.mark.shared_profile  # they only read pages (conftest.py)

REPO = Path(__file__).resolve().parents[2]
PHONE_HEIGHT = 812
COUNT_RATIO = 1.5  # the site's count and `kb search`'s total may differ by at most this factor
TOUCH_TARGET = 44  # px

# The centre of an element, and whether the element drawn there is it or inside it.
_COVERED = """
nodes => nodes.filter(node => {
  const box = node.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !(top && (top === node || node.contains(top)));
}).map(node => node.textContent)
"""
# Each rendered control (one with a box: not display:none) whose height is under the touch target.
_SMALL = """
([selector, least]) => [...document.querySelectorAll(selector)]
  .filter(node => node.getClientRects().length && node.getBoundingClientRect().height < least)
  .map(node => [node.textContent, node.getBoundingClientRect().height])
"""
# Each label scrolled to the middle of the panel and the page (as a reader scrolls to it), then checked.
_EACH_IN_VIEW_COVERED = f"""
selector => [...document.querySelectorAll(selector)].flatMap(node => {{
  node.scrollIntoView({{block: "center", inline: "center", behavior: "instant"}});
  return ({_COVERED})([node]);
}})
"""


@pytest.mark.parametrize("query", ["CCE", "county lines", "what to do when a child goes missing from care"])
def test_first_result_starts_on_the_first_screen(phone_page, site_url, query) -> None:  # type: ignore[no-untyped-def]
    assert site_search(phone_page, site_url, query)
    top = phone_page.evaluate("document.querySelector('#kb-search-results li').getBoundingClientRect().top")
    assert 0 < top < PHONE_HEIGHT - 40, f"the first result starts {top:.0f} px down"
    assert phone_page.evaluate("window.scrollY") == 0


def test_filters_closed_on_a_phone_and_the_button_counts_them(phone_page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(phone_page, site_url, "exploitation", {"kind": ["Protocol or guidance"], "area": ["Newham"]})
    assert not phone_page.locator("#kb-filter-panel").is_visible()
    assert phone_page.locator("#kb-filter-toggle").text_content() == "Filter (2 applied)"


def test_every_filter_label_is_drawn_uncovered_and_big_enough(phone_page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(phone_page, site_url, "exploitation")
    phone_page.click("#kb-filter-toggle")
    for toggle in phone_page.locator(".kb-facet-toggle").all():
        toggle.click()
    # Measured in the page in one call each (a call per control was a round trip each, over a hundred of them).
    small = phone_page.evaluate(_SMALL, ["#kb-filter-panel button, .kb-facet, #kb-filter-toggle", TOUCH_TARGET])
    assert not small, f"touch targets under {TOUCH_TARGET} px: {small[:5]}"
    covered = phone_page.evaluate(_EACH_IN_VIEW_COVERED, ".kb-facet, .kb-facet-toggle")
    assert not covered, f"labels with something drawn over their centre: {covered[:5]}"


def test_filter_button_opens_and_closes_by_keyboard_keeping_focus(phone_page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(phone_page, site_url, "exploitation")
    toggle = phone_page.locator("#kb-filter-toggle")
    toggle.focus()
    phone_page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and phone_page.locator("#kb-filter-panel").is_visible()
    assert phone_page.evaluate("document.activeElement.id") == "kb-filter-toggle"
    phone_page.keyboard.press("Tab")  # into the panel: the first group's button
    phone_page.keyboard.press("Enter")  # opens the group
    phone_page.keyboard.press("Tab")
    phone_page.keyboard.press("Space")  # ticks its first value
    phone_page.wait_for_function("new URLSearchParams(location.search).has('kind')")
    wait_for_results(phone_page)
    assert phone_page.evaluate("document.activeElement.type") == "checkbox"  # the search kept focus where it was
    phone_page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not phone_page.locator("#kb-filter-panel").is_visible()
    assert phone_page.evaluate("document.activeElement.id") == "kb-filter-toggle"
    assert toggle.text_content() == "Filter (1 applied)"
    phone_page.keyboard.press("Space")  # opens again; "Show the results" closes it and returns focus
    phone_page.locator("#kb-filter-done").focus()
    phone_page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert phone_page.evaluate("document.activeElement.id") == "kb-filter-toggle"


def test_filters_beside_the_results_on_a_wide_screen(page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(page, site_url, "CCE")
    assert not page.locator("#kb-filter-toggle").is_visible()
    facets = page.locator("#kb-search-facets").bounding_box()
    results = page.locator("#kb-search-results").bounding_box()
    assert facets and results and facets["x"] + facets["width"] <= results["x"]


def test_an_acronym_says_what_it_was_expanded_to(page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(page, site_url, "CCE")
    said = page.text_content("#kb-search-correction")
    assert re.fullmatch(r"Showing results for CCE and “child criminal exploitation”\.", said, re.IGNORECASE), said


def test_acronym_counts_agree_with_kb_search(page, site_url) -> None:  # type: ignore[no-untyped-def]
    index = on_disk(REPO)
    # acronyms alone: in "TCE programme" the count is the ordinary word's, which the two searches count differently
    acronyms = [judged.query for judged in judged_queries() if judged.type == "acronym" and " " not in judged.query][:10]
    assert len(acronyms) == 10
    far, figures = [], []
    statuses = site_searches_in_page(page, site_url, acronyms)
    for query in acronyms:
        shown = int(re.match(r"(\d+) result", statuses[query].status).group(1))
        total = search(index, query).total
        figures.append(f"{query} {shown}/{total}")
        if not (total / COUNT_RATIO <= shown <= total * COUNT_RATIO):
            far.append(f"{query}: site {shown}, kb search {total}")
    print("\nsite count / kb search total: " + ", ".join(figures))
    assert not far, far


def test_no_axe_violations_with_the_filters_open_on_a_phone(phone_page, site_url, axe_violations) -> None:  # type: ignore[no-untyped-def]
    site_search(phone_page, site_url, "CCE")
    phone_page.click("#kb-filter-toggle")
    phone_page.locator(".kb-facet-toggle").first.click()
    assert axe_violations(phone_page) == ""
