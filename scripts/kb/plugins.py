"""The plugins kb ships with: search, sharing, the contribution form, watched sources and offline reading. The command line passes them to the build and the validator.

Nothing registers itself at import: each part describes what it adds in one `Plugin` value (see
`kb.site.hooks`), and whoever builds or validates passes the plugins it wants (a test passes none,
or just the one it is about).
"""

from __future__ import annotations

from .site.hooks import Plugin


def default_plugins() -> tuple[Plugin, ...]:
    from .entry_form.commands import ENTRY_FORM
    from .offline.commands import OFFLINE
    from .search.commands import SEARCH
    from .sharing.commands import SHARING
    from .sources.commands import SOURCES

    # Post-build steps run in this order. Sharing before search: its short links are written while Pagefind, started
    # beside mkdocs' render, finishes (search's step waits for it). Offline last: its service worker lists every file.
    return (SHARING, SEARCH, ENTRY_FORM, SOURCES, OFFLINE)
