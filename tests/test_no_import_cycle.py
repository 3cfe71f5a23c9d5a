"""The kb package has no import cycle: data flows one way (load, validate, model, pages), so no module imports
one that imports it back, not even inside a function (the usual way to hide a cycle). Imports only for type
checking do not count: they never run."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

SCRIPTS = REPO / "scripts"


def modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in (SCRIPTS / "kb").rglob("*.py"):
        parts = list(path.relative_to(SCRIPTS).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def imports(name: str, known: dict[str, tuple[Path, bool]]) -> set[str]:
    path, is_package = known[name]
    package = name if is_package else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            nodes: list[ast.AST] = list(node.orelse)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.update(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module for alias in node.names)
            return
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            return
        else:
            nodes = list(ast.iter_child_nodes(node))
        for child in nodes:
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {module for module in found if module in known and module != name}


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := walk(target)):
                return found
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return []


def test_the_kb_package_has_no_import_cycle() -> None:
    known = modules()
    graph = {name: imports(name, known) for name in known}
    assert graph["kb.site.pages"], "the test reads the imports"
    assert cycle(graph) == []


def test_the_check_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
