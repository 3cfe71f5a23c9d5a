"""The one StatusClaim the page, both searches, the open data and the reports read: against whose page a status
was confirmed, and the words for a secondary source."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.model import Source, StatusClaim, page_key, page_owner, same_site

TODAY = dt.date(2026, 12, 3)


def claim(
    source_url: str | None, watch_url: str | None, publisher: str = "Department for Education", **extra: object
) -> StatusClaim:
    source = Source("Working together to safeguard children 2026", publisher, "2026-11-20", source_url)
    values: dict = {"status": "current", "checked": dt.date(2026, 12, 1), "source": source, "interval_days": 365, "today": TODAY}
    return StatusClaim(**{**values, "watch_url": watch_url, **extra})


def test_confirmed_against_the_watched_page_names_its_owner_and_says_watched_weekly() -> None:
    page = "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
    found = claim(page.replace("www.", ""), page)
    assert found.on_watched_page and not found.secondary
    assert found.label == "Current: confirmed on 1 December 2026 against the Department for Education's page; watched weekly"
    assert found.rank_weight == 1.0 and found.facet == "Current, confirmed"


def test_confirmed_against_another_site_is_a_secondary_source_and_ranks_as_unconfirmed() -> None:
    found = claim(
        "https://staffsscb.org.uk/working-together-2023/", "https://www.gov.uk/x", "Staffordshire Safeguarding Children Board"
    )
    assert found.secondary and not found.on_watched_page
    assert found.label == (
        "Current: confirmed on 1 December 2026 against a secondary source (Staffordshire Safeguarding Children Board, 20 November 2026)"
    )
    assert found.rank_weight < 1.0


def test_without_a_watch_or_an_address_the_claim_says_no_more_than_it_knows() -> None:
    assert claim(None, "https://www.gov.uk/x").label == "Current: confirmed on 1 December 2026"
    assert not claim("https://example.org/x", None).secondary
    assert claim("https://example.org/x", "https://www.gov.uk/x", status="superseded").label == "Superseded"
    old = claim("https://example.net/x", "https://www.gov.uk/x", checked=dt.date(2025, 1, 1))
    assert old.label == "Current: not confirmed since 1 January 2025"


@pytest.mark.parametrize(
    ("publisher", "owner"),
    [
        ("Home Office", "the Home Office"),
        ("Youth Justice Board for England and Wales, on GOV.UK", "the Youth Justice Board for England and Wales"),
        ("Mayor of London / Mayor's Office for Policing and Crime (MOPAC)", "the Mayor of London"),
        ("legislation.gov.uk (The National Archives)", "legislation.gov.uk"),
        ("The National Archives", "The National Archives"),
        ("An example partnership", "An example partnership"),
    ],
)
def test_a_pages_owner_is_named_as_a_reader_says_it(publisher: str, owner: str) -> None:
    assert page_owner(publisher) == owner


def test_sites_and_pages_compare_as_readers_mean_them() -> None:
    assert same_site("https://gov.uk/a", "https://www.gov.uk/b") and not same_site(
        "https://gov.uk/a", "https://staffsscb.org.uk/a"
    )
    assert page_key("https://www.gov.uk/a/b/") == page_key("http://gov.uk/a/b?x=1") == "gov.uk/a/b"
