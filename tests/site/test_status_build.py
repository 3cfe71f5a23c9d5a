"""A status's confirmation, end to end: backdate one protocol in a scratch copy of the knowledge base's
protocols, build the site once, and read what each built page says."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kb.dates import human_date
from kb.site.build import BuildOptions, build_site
from tests.conftest import ScratchBase, entry_yaml

from .conftest import REPO

BACKDATED, FRESH, SECONDARY = "philomena-protocol", "national-referral-mechanism", "youth-justice-kpis-2023"
# The real protocols are copied, so "today" is the real day: their own dates are never in its future.
TODAY = dt.date.today()
BACKDATED_TO = TODAY - dt.timedelta(days=400)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    scratch = ScratchBase(tmp_path_factory.mktemp("kb"))
    for path in sorted((REPO / "protocols").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("related", None)  # the entries they point at are not copied
        if data["id"] == BACKDATED:
            data["status_checked"] = BACKDATED_TO.isoformat()
        if data["id"] == FRESH:
            data["status_checked"] = TODAY.isoformat()
            data["status_source"] = {
                "title": "A publication page",
                "publisher": "Home Office",
                "date": "2026-11",
                "url": "https://www.example.org/publication-page",
            }
            data["watch"] = {"url": "https://www.example.org/publication-page", "text_digest": "sha256:" + "0" * 64}
        if data["id"] == SECONDARY:  # confirmed today, but on a third party's page, not the watched issuer's
            data["status_checked"] = TODAY.isoformat()
            data["status_source"] = {
                "title": "A blog post",
                "publisher": "A training company",
                "date": "2024-02-05",
                "url": "https://blog.example.net/post",
            }
            data["watch"] = {"url": "https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services"}
        data.setdefault("watch", {"url": "https://www.gov.uk/government/publications/example"})  # until every protocol has one
        scratch.write_text("protocol", data["id"], entry_yaml("protocol", data))
    output = tmp_path_factory.mktemp("built") / "site"
    options = BuildOptions(root=scratch.root, output=output, today=TODAY, project_dir=REPO, scratch=scratch.root / ".build")
    build_site(options, say=lambda line: None)  # no plugins: the site's own pages only, no search index or sharing
    yield output


def page_text(site: Path, entry_id: str) -> str:
    html = (site / "protocols" / entry_id / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", article))


def test_a_backdated_confirmation_says_not_confirmed_since_above_the_summary(built: Path) -> None:
    text = page_text(built, BACKDATED)
    assert f"Current, but not confirmed since {human_date(BACKDATED_TO)}." in text
    assert text.index("not confirmed since") < text.index("Who it applies to")
    assert "Current: confirmed" not in text


def test_a_fresh_confirmation_says_confirmed_and_against_what(built: Path) -> None:
    text = page_text(built, FRESH)
    assert (
        f"Current: confirmed on {human_date(TODAY)} against the Home Office's page, A publication page; watched weekly." in text
    )
    assert "not confirmed since" not in text
    html = (built / "protocols" / FRESH / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.example.org/publication-page">' in html


def test_a_confirmation_against_a_secondary_source_says_so_in_amber_never_green(built: Path) -> None:
    text = page_text(built, SECONDARY)
    assert f"Current: confirmed on {human_date(TODAY)} against a secondary source (A training company, 5 February 2024)" in text
    assert "not the issuer’s own page" in text and "Current, secondary source" in text
    html = (built / "protocols" / SECONDARY / "index.html").read_text(encoding="utf-8")
    assert "kb-status-secondary" in html and "kb-callout--caution" in html
    assert "kb-badge--current" not in html and "kb-status-line--confirmed" not in html
    assert '<a href="https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services">' in html


def test_every_page_says_when_it_was_checked_against_its_sources(built: Path) -> None:
    for page in (built / "protocols").glob("*/index.html"):
        assert "Checked against its sources on" in page_text(built, page.parent.name), page
