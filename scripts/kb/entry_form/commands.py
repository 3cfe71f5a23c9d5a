"""Register the contribution form with the site build (imported by `kb.plugins`).

The page module is imported inside the generator, so commands other than the build start fast.
"""

from __future__ import annotations

from ..site import hooks
from ..site.hooks import BuildContext


def write_form_page(context: BuildContext) -> None:
    from .page import write_form_page as write

    write(context)


# The one place the form joins the build: the page `contribute/new/` and its data.
hooks.register((hooks.PAGE_GENERATORS, write_form_page))
