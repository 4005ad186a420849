"""The import structure, checked from the source: no cycles between modules and dependencies in
one direction (kernel <- converters <- stores <- features <- service <- edges).

Every import counts, wherever it stands (module level, inside a function, under
``TYPE_CHECKING``): a cycle hidden by a lazy import is still a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("copilot", "ingestion", "ui", "evals")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _imported(tree: ast.AST, name: str, is_package: bool, known: dict[str, Path]) -> Iterator[str]:
    """Project modules named by every import statement in ``tree`` (relative imports resolved)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # the longest known module that the target names (a name imported from a module
            # resolves to that module)
            parts = target.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts:
                yield ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    known = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges = set(_imported(tree, name, path.name == "__init__.py", known))
        # a package's own __init__ is implied by importing any module under it; not an edge
        graph[name] = {t for t in edges if t != name and not name.startswith(t + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _in(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _violations(source: str, allowed: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} -> {target}"
        for name, targets in import_graph().items()
        if _in(name, source)
        for target in targets
        if not _in(target, *allowed)
    )


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_checker_sees_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_kernel_imports_no_feature() -> None:
    assert _violations("copilot.core", ("copilot.core",)) == []


def test_converters_depend_only_on_the_kernel() -> None:
    assert _violations("ingestion", ("ingestion", "copilot.core")) == []


def test_stores_depend_on_kernel_and_converters_only() -> None:
    assert _violations("copilot.store", ("copilot.store", "copilot.core", "ingestion")) == []


def test_the_product_does_not_import_the_evals() -> None:
    product = [
        edge
        for package in ("copilot", "ingestion", "ui")
        for edge in _violations(package, ("copilot", "ingestion", "ui"))
    ]
    # `copilot eval` runs the eval runner: the one lazy import allowed
    allowed = [e for e in product if e.startswith("copilot.eval_cli -> evals")]
    assert [e for e in product if e not in allowed] == []
