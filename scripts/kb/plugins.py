"""Import the optional parts of kb so they register their commands and build hooks."""

from __future__ import annotations

import importlib

PLUGIN_MODULES = ("kb.site.commands", "kb.search.commands", "kb.sharing.commands")


def load() -> None:
    for module in PLUGIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name and (error.name == module or module.startswith(error.name + ".")):
                continue  # that part is not installed yet
            raise
