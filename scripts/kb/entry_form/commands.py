"""The contribution form as a plugin of the site build (listed in `kb.plugins.default_plugins`).

The page module is imported inside the generator, so commands other than the build start fast.
"""

from __future__ import annotations

from ..site.hooks import BuildContext, Plugin


def write_form_page(context: BuildContext) -> None:
    from .page import write_form_page as write

    write(context)


# The one place the form joins the build: the page `contribute/new/` and its data.
ENTRY_FORM = Plugin(name="entry-form", page_generators=(write_form_page,))
