"""No page asks another site for anything (issue #14): every request the browser makes, on the home page, an
entry of each kind, the search page running a search, and a session pack, goes to the site's own origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.real_entries import ENTRY_URLS

LOCAL_SCHEMES = ("data", "blob", "about")


def test_every_request_goes_to_the_sites_own_origin(page, site_url: str, built_site) -> None:  # type: ignore[no-untyped-def]
    requested: list[tuple[str, str]] = []
    pack = next(path.parent.name for path in sorted((built_site / "packs").glob("*/index.html")))
    # Each page in a tab of its own, all open at once, so that their waits for the network to be idle (half a second
    # with no request, each) run side by side rather than one after the other.
    tabs = []
    for path in ["", *ENTRY_URLS.values(), f"packs/{pack}/", "search/?q=county+lines"]:
        tab = page.context.new_page()
        tab.on("request", lambda request, tab=tab: requested.append((tab.url, request.url)))
        tab.goto(site_url + path, wait_until="load")
        tabs.append(tab)
    tabs[-1].wait_for_selector("#kb-search-results li")
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    own = urlsplit(site_url).netloc
    elsewhere = [
        f"{on}: {url}" for on, url in requested if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != own
    ]
    assert len(requested) > 20, "the pages made too few requests for this test to mean anything"
    assert not elsewhere, "requests to another origin:\n" + "\n".join(elsewhere)
