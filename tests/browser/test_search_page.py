"""The site's search page in Chromium: acronyms, typos, filters, the URL, a phone, accessibility."""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from benchmarks.browser import search_url, site_search, wait_for_results
from tests.browser.real_entries import KNOWLEDGE_BASE

FRAGMENT_PREFIX = b"pagefind_dcd"


def rewrite_status_meta(page, change) -> None:  # type: ignore[no-untyped-def]
    """Serve Pagefind's result fragments with `change(url, meta)` applied to each page's metadata."""

    def handle(route) -> None:  # type: ignore[no-untyped-def]
        original = route.fetch()
        data = gzip.decompress(original.body())
        fragment = json.loads(data[len(FRAGMENT_PREFIX) :])
        change(fragment["url"], fragment["meta"])
        body = gzip.compress(FRAGMENT_PREFIX + json.dumps(fragment).encode("utf-8"))
        route.fulfill(response=original, body=body)

    page.route("**/pagefind/fragment/*", handle)


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_acronym_finds_entries_that_spell_it_out(page, site_url) -> None:  # type: ignore[no-untyped-def]
    by_acronym = site_search(page, site_url, "NRM")
    by_expansion = site_search(page, site_url, "national referral mechanism")
    assert "protocols/national-referral-mechanism/" in by_acronym[:3]
    assert "protocols/national-referral-mechanism/" in by_expansion[:3]
    assert not page.console_errors


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_typo_is_corrected_and_said(page, site_url) -> None:  # type: ignore[no-untyped-def]
    found = site_search(page, site_url, "philomina protocol")
    assert "protocols/philomena-protocol/" in found[:3]
    assert "Showing results for “philomena protocol”" in page.text_content("#kb-search-correction")
    assert page.locator("#kb-search-results mark").count() > 0  # the snippet highlights the words


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_filter_alone_and_with_words_and_the_url_carries_both(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_url(site_url, ""))
    page.fill("#kb-search-input", "exploitation")
    wait_for_results(page)
    page.locator("#kb-search-facets .kb-facet-toggle", has_text="Kind").click()
    page.get_by_label("Protocol or guidance", exact=False).first.check()
    page.wait_for_function("new URLSearchParams(location.search).get('kind') === 'Protocol or guidance'")
    wait_for_results(page)
    kinds = page.eval_on_selector_all("#kb-search-results .kb-result-kind", "nodes => nodes.map(node => node.textContent)")
    assert kinds and set(kinds) == {"Protocol or guidance"}
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["exploitation"], "kind": ["Protocol or guidance"]}
    page.goto(page.url)  # the shared link shows the same search
    wait_for_results(page)
    assert page.input_value("#kb-search-input") == "exploitation"
    assert page.is_checked("#kb-search-facets input[name='kind'][value='Protocol or guidance']")
    only_filter = site_search(page, site_url, "", {"area": ["Newham"]})
    in_newham = {entry.url for entry in KNOWLEDGE_BASE.entries.values() if "newham" in entry.areas}
    assert only_filter and set(only_filter) <= in_newham  # in Pagefind's page order: no words, so no ranking


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_superseded_protocol_is_marked_and_below_its_successor(page, site_url) -> None:  # type: ignore[no-untyped-def]
    found = site_search(page, site_url, "London CSE protocol")
    old, new = "protocols/pan-london-cse-protocol-2017/", "protocols/london-child-exploitation-operating-protocol-2021/"
    assert old in found and new in found and found.index(new) < found.index(old)
    assert page.locator(".kb-status-superseded").count() >= 1


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_result_shows_kind_status_and_last_reviewed(page, site_url) -> None:  # type: ignore[no-untyped-def]
    found = site_search(page, site_url, "Philomena Protocol")
    first = page.locator("#kb-search-results li").first
    assert first.locator(".kb-result-kind").text_content()
    assert "protocols/philomena-protocol/" in found[:3], found
    protocol = page.locator("#kb-search-results li", has=page.locator('a[href$="/protocols/philomena-protocol/"]'))
    facts = protocol.locator(".kb-result-facts").text_content()
    assert "Checked against its sources on" in facts
    assert "Current: confirmed" in facts or "⚠ Current: not confirmed since" in facts  # the page's own status line


def test_the_weight_the_build_gives_a_status_decides_the_order(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """With every status counted the same, note the first protocol; given a weight far below the others'
    (as the build gives unconfirmed and superseded guidance a weight below confirmed guidance's 1), it falls."""
    query = "exploitation protocol"
    rewrite_status_meta(page, lambda url, meta: meta.get("rank_weight") and meta.update(rank_weight="1"))
    neutral = site_search(page, site_url, query)
    protocols = [path for path in neutral if path.startswith("protocols/")]
    assert len(protocols) >= 2, neutral
    first = protocols[0]
    page.unroute("**/pagefind/fragment/*")

    def distrust_first(url: str, meta: dict) -> None:
        if url.strip("/").endswith(first.strip("/")):
            meta.update(rank_weight="0.01", status_label="Current: not confirmed since 1 July 2025")

    rewrite_status_meta(page, distrust_first)
    weighted = site_search(page, site_url, query)
    assert weighted.index(first) > neutral.index(first)
    facts = page.eval_on_selector_all("#kb-search-results .kb-result-facts", "nodes => nodes.map(node => node.textContent)")
    below = facts[weighted.index(first) + 1 :]  # no guidance in force follows it (what it replaced may: kept below it)
    assert not any(label in text for text in below for label in ("Current", "Under review")), (weighted, facts)
    item = page.locator("#kb-search-results li", has=page.locator(f'a[href$="/{first}"]'))
    assert "⚠ Current: not confirmed since 1 July 2025" in item.locator(".kb-result-facts").text_content()
    assert not page.console_errors


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_status_facet_lists_unconfirmed_guidance_apart(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_url(site_url, ""))
    wait_for_results(page)
    values = page.eval_on_selector_all("#kb-search-facets input[name='status']", "boxes => boxes.map(box => box.value)")
    assert values and set(values) <= {"Current, confirmed", "Under review", "Not confirmed recently", "Superseded", "Withdrawn"}
    assert "Superseded" in values
    found = site_search(page, site_url, "", {"status": ["Superseded"]})
    assert "protocols/pan-london-cse-protocol-2017/" in found or any("working-together-2018" in path for path in found)
    assert all(path.startswith("protocols/") for path in found)


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_live_region_announces_the_count(page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(page, site_url, "county lines")
    region = page.locator("#kb-search-status")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    assert "results for “county lines”" in region.text_content()


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_works_on_a_phone_without_sideways_scrolling(phone_page, site_url) -> None:  # type: ignore[no-untyped-def]
    found = site_search(phone_page, site_url, "CCE")
    assert found
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_facets_are_keyboard_usable(page, site_url) -> None:  # type: ignore[no-untyped-def]
    site_search(page, site_url, "exploitation")
    page.locator("#kb-search-facets .kb-facet-toggle").first.focus()
    page.keyboard.press("Enter")  # opens the first facet
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # ticks its first value
    page.wait_for_function("new URLSearchParams(location.search).has('kind')")


@pytest.mark.shared_profile  # it only reads pages (conftest.py)
def test_no_axe_violations(page, site_url, axe_violations) -> None:  # type: ignore[no-untyped-def]
    site_search(page, site_url, "CCE")
    page.locator("#kb-search-facets .kb-facet-toggle").first.click()
    assert axe_violations(page) == ""


def test_without_javascript_a_message_explains(chromium, site_url) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_url(site_url, "CCE"))
    assert "Search needs JavaScript" in page.text_content("main")
    context.close()


def test_first_search_fetches_no_filter_chunk_vocabulary_or_worker(page, site_url) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    assert site_search(page, site_url, "county lines")  # a theme's word ("exploitation") would fetch the theme filter
    assert any(path.endswith(".pf_index") for path in fetched)  # the requests were seen
    deferred = ("/pagefind/filter/", "vocabulary.txt", "pagefind-worker.js")
    assert not [path for path in fetched if any(part in path for part in deferred)]
    page.locator("#kb-search-facets .kb-facet-toggle", has_text="Kind").click()  # a search by words shows no counts
    assert page.get_by_label("Protocol or guidance", exact=False).first.is_visible()
    assert not [path for path in fetched if "/pagefind/filter/" in path]


def test_opening_a_facet_shows_every_value_with_pagefind_counts(page, site_url) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    site_search(page, site_url, "")
    assert not page.locator(".kb-facet-count:not(:empty)").count()
    page.locator("#kb-search-facets .kb-facet-toggle", has_text="Theme").click()
    page.wait_for_function(
        "[...document.querySelectorAll('.kb-facet-count')].every(count => /\\(\\d+\\)/.test(count.textContent))"
    )
    assert any("/pagefind/filter/" in path for path in fetched)
    shown = page.eval_on_selector_all(
        "#kb-search-facets input", "boxes => boxes.map(box => [box.name, box.value, box.labels[0].textContent])"
    )
    pagefind = page.evaluate("async () => (await import(new URL('../pagefind/pagefind.js', location.href).href)).filters()")
    expected = [
        [key, value, f"{value} ({count})"]
        for key in ("kind", "theme", "area", "audience", "age", "status")
        for value, count in pagefind.get(key, {}).items()
    ]
    assert sorted(shown) == sorted(expected)  # the values written into the page are Pagefind's, with its counts


def test_head_preloads_what_every_search_needs_and_pagefind_uses_it(page, site_url) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    assert site_search(page, site_url, "county lines")
    preloaded = page.eval_on_selector_all(
        "head link[rel=preload], head link[rel=modulepreload], head script[src]",
        "nodes => nodes.map(node => node.href || node.src)",
    )
    names = {urlsplit(url).path.rsplit("/", 1)[-1] for url in preloaded}
    assert {"pagefind.js", "pagefind-entry.json", "search.js", "lexicon.json"} <= names
    assert any(name.endswith(".pf_meta") for name in names) and any(name.startswith("wasm.") for name in names)
    assert any(name.endswith(".pf_index") for name in names)  # the chunk of the query's longest word
    assert all(fetched.count(url) == 1 for url in preloaded), "a preloaded file was fetched again (not used)"
    entry_requests = [url for url in fetched if "pagefind-entry.json" in url]
    assert entry_requests and set(entry_requests) <= set(preloaded)  # Pagefind asked with the preloaded cache tag


def test_the_theme_stylesheets_held_for_the_first_results_apply_once_they_are_drawn(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """The <head> holds them while the search in the address runs (hold-theme.js); search.js lets them go at "done"."""
    deferred = 'link[rel=stylesheet][onload^="kbStylesheetArrived"]'
    for url in (search_url(site_url, "county lines"), f"{site_url}search/"):
        page.goto(url)
        wait_for_results(page)
        media = page.eval_on_selector_all(deferred, "links => links.map(link => link.media)")
        assert media and set(media) == {"all"}, (url, media)
    assert not page.console_errors  # Pagefind found its files inflated (no "Missing signature")


# When the theme's script started to be fetched, and when the first result's data file had arrived (0: none).
THEME_SCRIPT_TIMING = """() => {
  const started = (pattern) => performance.getEntriesByType("resource").filter((entry) => pattern.test(entry.name));
  const [script] = started(/\\/javascripts\\/bundle\\.[0-9a-f]+\\.min\\.js$/);
  const fragments = started(/\\.pf_fragment$/).map((entry) => entry.responseEnd);
  return { script: script?.startTime, firstResultData: fragments.length ? Math.min(...fragments) : 0 };
}"""
THEME_RUNNING = (
    "() => typeof window.document$ === 'object' && document.querySelector('[data-md-component=sidebar]').style.top !== ''"
)


def test_the_theme_script_is_fetched_after_the_first_results_and_still_sets_up_the_page(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """With a search in the address the theme's script (35 KB gzip, 300 ms of a phone's CPU) waits for the first
    results (hold-theme.js); without one it loads at once. Either way it sets up its components (a sidebar's
    position), though it runs after DOMContentLoaded, which it otherwise waits for."""
    page.goto(search_url(site_url, "county lines"))
    wait_for_results(page)
    page.wait_for_function(THEME_RUNNING)
    timing = page.evaluate(THEME_SCRIPT_TIMING)
    assert timing["firstResultData"] and timing["script"] >= timing["firstResultData"], timing
    page.goto(f"{site_url}search/")
    page.wait_for_function(THEME_RUNNING)
    assert page.evaluate(THEME_SCRIPT_TIMING)["firstResultData"] == 0
    assert not page.console_errors


def test_every_index_and_filter_chunk_a_first_search_needs_was_preloaded(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """The <head> preloads the chunk of each word in the address; search.js, once its lexicon is in, those of
    the words a glossary swap adds ("criminal" for CCE) and the theme filter a practitioner's word searches
    within ("missing"): none waits for Pagefind to have loaded and run to be asked for."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for query in ("county lines", "CCE", "missing from care"):
        fetched.clear()
        assert site_search(page, site_url, query)
        preloaded = set(page.eval_on_selector_all("head link[rel=preload]", "links => links.map(link => link.href)"))
        chunks = [url for url in fetched if url.endswith((".pf_index", ".pf_filter"))]
        assert chunks and set(chunks) <= preloaded, (query, set(chunks) - preloaded)
        assert len(chunks) == len(set(chunks)), query  # each fetched once: Pagefind used the preloaded response
