"""The order of kb's own plugins, which sets the order of the build's post-build steps."""

from __future__ import annotations

from kb.offline.commands import write_service_worker
from kb.plugins import default_plugins
from kb.search.commands import index_site
from kb.sharing.commands import write_short_links
from kb.site.hooks import combine


def test_short_links_are_written_before_the_build_waits_for_pagefind_and_the_service_worker_comes_last() -> None:
    steps = list(combine(default_plugins()).post_build)
    assert steps.index(write_short_links) < steps.index(index_site)  # written while Pagefind, started beside mkdocs, finishes
    assert steps[-1] is write_service_worker  # it lists every file the others wrote
