"""What keeps a phone's first paint quick on every page but search (issue #14; the times are in `make bench`):
nothing but the small critical stylesheet blocks rendering, the theme's script is deferred, and the critical
stylesheet still holds every rule the site's typical pages use when they load."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from benchmarks.critical_css import CRITICAL_CSS, stylesheet, used_rules_in
from tests.browser.real_entries import ENTRY_URLS

CRITICAL_BUDGET = 16 * 1024  # gzip bytes
PAGES = ["", *ENTRY_URLS.values()]
NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S)


def _head(built_site: Path, path: str) -> str:
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    return NOSCRIPT.sub("", html.split("</head>", 1)[0])


def test_only_the_critical_stylesheet_blocks_rendering_and_no_script_does(built_site: Path) -> None:
    for path in PAGES:
        head = _head(built_site, path)
        blocking = [tag for tag in re.findall(r"<link [^>]*rel=\"stylesheet\"[^>]*>", head) if 'media="print"' not in tag]
        assert [re.search(r'href="([^"]+)"', tag).group(1).rsplit("/", 1)[-1] for tag in blocking] == ["critical.css"], path  # type: ignore[union-attr]
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        parser_blocking = [
            tag
            for tag in re.findall(r"<script [^>]*src=[^>]*>", html)
            if not re.search(r"\b(defer|async)\b|type=\"module\"", tag)
        ]
        assert not parser_blocking, f"{path}: {parser_blocking}"
    assert len(gzip.compress((built_site / "assets/stylesheets/critical.css").read_bytes())) <= CRITICAL_BUDGET


def test_critical_stylesheet_holds_every_rule_used_at_load(chromium, site_url: str) -> None:  # type: ignore[no-untyped-def]
    committed = set(CRITICAL_CSS.read_text(encoding="utf-8").splitlines())
    wanted = stylesheet(used_rules_in(chromium, site_url, PAGES)).splitlines()
    missing = [line for line in wanted if line not in committed and not line.startswith(("@", "}"))]
    assert not missing, (
        f"{len(missing)} rules used at load are not in the critical stylesheet (the theme or kb.css changed): "
        f"run `make critical-css`. First: {missing[:3]}"
    )
