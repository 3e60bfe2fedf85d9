"""Dependencies point one way (docs: design.md, "Layout").

``references`` is a citation library: it never imports ``articles`` (at module level,
inside functions, under ``TYPE_CHECKING``) nor names its models or modules in strings.
Between the apps ``articles``, ``references``, ``leads`` and ``mindlab`` the import graph
has no cycle. The project's wiring in ``mindlab`` (settings, root URLconf, WSGI/ASGI) is
the one place that names every app; it is left out of the graph, and the rest of
``mindlab`` imports no app.

Imports are read with ``ast`` from every module (migrations and tests excluded), so an
import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "references", "leads", "mindlab")
# Project wiring: may name any app (INSTALLED_APPS, include("leads.urls"), ...).
PROJECT_WIRING = {
    "mindlab.settings",
    "mindlab.test_settings",
    "mindlab.urls",
    "mindlab.wsgi",
    "mindlab.asgi",
    "mindlab.gunicorn.conf",
}
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(app: str, root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    """``(module name, path)`` of every module of ``app``, migrations and caches excluded."""
    for path in sorted((root / app).rglob("*.py")):
        if {"migrations", "__pycache__"} & set(path.relative_to(root).parts):
            continue
        yield module_name(path, root), path


def references_in(path: Path, module: str) -> Iterator[tuple[int, str]]:
    """``(line, dotted name)`` for each module this file imports or names in a string.

    Relative imports are resolved against ``module``; ``from a import b`` yields ``a.b``
    (``b`` may be a module). Strings count when they are a dotted name, e.g. a lazy model
    reference ``"articles.Article"`` or ``import_module("articles.models")``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DOTTED.fullmatch(node.value):
            yield node.lineno, node.value


def app_of(name: str) -> str | None:
    top = name.split(".")[0]
    return top if top in APPS else None


def forbidden_imports(app: str, forbidden: str, root: Path = ROOT) -> list[str]:
    """``path:line name`` for every place in ``app`` that imports or names ``forbidden``."""
    found = []
    for module, path in app_modules(app, root):
        for line, name in references_in(path, module):
            if app_of(name) == forbidden:
                found.append(f"{path.relative_to(root)}:{line} {name}")
    return sorted(set(found))


def app_graph(root: Path = ROOT, skip: set[str] = PROJECT_WIRING) -> dict[str, dict[str, set[str]]]:
    """``{app: {other app: {"module:line", ...}}}``: who imports whom, and where."""
    graph: dict[str, dict[str, set[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for module, path in app_modules(app, root):
            if module in skip:
                continue
            for line, name in references_in(path, module):
                other = app_of(name)
                if other and other != app:
                    graph[app].setdefault(other, set()).add(f"{module}:{line}")
    return graph


def find_cycle(graph: dict[str, dict[str, set[str]]]) -> list[str] | None:
    """One cycle of apps (``[a, b, a]``), or ``None`` when the graph is acyclic."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = "open"
        stack.append(app)
        for other in sorted(graph.get(app, {})):
            if state.get(other) == "open":
                return [*stack[stack.index(other) :], other]
            if other not in state:
                cycle = visit(other)
                if cycle:
                    return cycle
        stack.pop()
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state:
            cycle = visit(app)
            if cycle:
                return cycle
    return None


def describe(graph: dict[str, dict[str, set[str]]], cycle: list[str]) -> str:
    edges = itertools.pairwise(cycle)
    return "; ".join(f"{a} -> {b} ({', '.join(sorted(graph[a][b])[:3])})" for a, b in edges)


# --- the rules ------------------------------------------------------------------------
def test_references_never_imports_articles():
    assert forbidden_imports("references", "articles") == []


def test_the_apps_import_each_other_without_a_cycle():
    graph = app_graph()
    cycle = find_cycle(graph)
    assert cycle is None, f"import cycle between apps: {describe(graph, cycle)}"


def test_only_the_project_wiring_in_mindlab_names_the_apps():
    """``mindlab``'s own modules (page cache, site defaults, security...) serve the apps."""
    assert app_graph()["mindlab"] == {}


# --- the checks can fail --------------------------------------------------------------
PLANTS = {
    "module level": "from articles.models import Article\n",
    "plain import": "import articles.citations\n",
    "in a function": "def f():\n    from articles import citations\n    return citations\n",
    "type checking": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from articles.models import Hub\n",
    "model string": 'page = ForeignKey("articles.Article", on_delete=CASCADE)\n',
    "import string": 'api = importlib.import_module("articles.citations")\n',
}


def planted_tree(tmp_path: Path, source: str) -> Path:
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "references" / "models.py").write_text("from .apa import format\n")
    (tmp_path / "references" / "planted.py").write_text(source)
    (tmp_path / "references" / "migrations").mkdir()
    (tmp_path / "references" / "migrations" / "0001_initial.py").write_text(
        'dependencies = [("articles", "0001_initial")]\nto = "articles.article"\n'
    )
    return tmp_path


@pytest.mark.parametrize("source", PLANTS.values(), ids=PLANTS.keys())
def test_a_planted_import_of_articles_is_found(tmp_path, source):
    root = planted_tree(tmp_path, source)
    assert {hit.split(":")[0] for hit in forbidden_imports("references", "articles", root)} == {
        "references/planted.py"
    }


def test_relative_imports_and_migrations_do_not_count(tmp_path):
    root = planted_tree(tmp_path, "from . import models\nfrom .models import Citation\n")
    assert forbidden_imports("references", "articles", root) == []


def test_a_planted_cycle_is_found(tmp_path):
    root = planted_tree(tmp_path, "def later():\n    from articles import citations\n")
    (root / "articles" / "citations.py").write_text("from references.models import Citation\n")
    graph = app_graph(root)
    assert find_cycle(graph) in (
        ["articles", "references", "articles"],
        ["references", "articles", "references"],
    )
    (root / "references" / "planted.py").write_text("")
    assert find_cycle(app_graph(root)) is None
