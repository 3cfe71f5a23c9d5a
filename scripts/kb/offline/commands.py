"""Offline reading as a plugin of the site build (listed in `kb.plugins.default_plugins`).

Its page generator writes the manifest, the icons, the page `offline/` and its script; after Pagefind has
indexed the site, its post-build step writes the service worker, `sw.js`, with what it must keep for this
build. The modules are imported inside the functions, so commands other than the build start fast.
"""

from __future__ import annotations

from ..site.hooks import BuildContext, Plugin


def write_offline_page(context: BuildContext) -> None:
    from .page import write_offline_files

    write_offline_files(context)


def write_service_worker(context: BuildContext) -> None:
    from .service_worker import write_service_worker as write

    write(context.site_dir)


# After search in the plugins' order: the service worker lists Pagefind's files, so it is written once they exist.
OFFLINE = Plugin(name="offline", page_generators=(write_offline_page,), post_build=(write_service_worker,))
