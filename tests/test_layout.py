"""The tree shows the architecture: graph/ in layers that import only what graph/__init__.py allows them,
no import cycle anywhere, no private name taken from another package, and every rule written once."""
from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

import graph
from graph.store.settings import PROJECT_ROOT

PACKAGES = ("graph", "accounts", "webapp", "cli", "importers", "dossiers", "bench")
# What each top-level folder may import of the others (graph/ imports none of them).
ABOVE_GRAPH = {"graph": (), "accounts": ("graph",), "importers": ("graph",), "dossiers": ("graph",),
               "webapp": ("graph", "accounts", "importers", "dossiers"),
               "cli": ("graph", "accounts", "importers", "dossiers", "webapp"),
               "bench": PACKAGES, "tests": PACKAGES + ("tests",)}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    found = {}
    for top in (*PACKAGES, "tests"):
        for path in (PROJECT_ROOT / top).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = modules()[importer].name == "__init__.py"
    base = importer.split(".")[: len(importer.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


@lru_cache(maxsize=1)
def imports() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Module -> [(imported module, names taken from it)], every import anywhere in the module."""
    out: dict[str, list] = {}
    for name, path in modules().items():
        found = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(a.name, ()) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(name, node)
                for alias in node.names:   # `from pkg import module` is an import of pkg.module
                    sub = f"{target}.{alias.name}"
                    found.append((sub, ()) if sub in modules() else (target, (alias.name,)))
        out[name] = [(t, names) for t, names in found if t.split(".")[0] in (*PACKAGES, "tests")]
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "graph" and len(parts) > 1 else parts[0]


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "graph" else parts[0]


def test_every_graph_module_lives_in_a_layer():
    loose = [m for m, p in modules().items() if m.startswith("graph.") and m.count(".") == 1 and p.name != "__init__.py"]
    assert not loose, f"modules directly in graph/: {loose}"
    assert set(graph.LAYERS) == {p.name for p in (PROJECT_ROOT / "graph").iterdir() if (p / "__init__.py").exists()}


def test_each_layer_says_what_it_owns_and_may_import():
    for layer, allowed in graph.LAYERS.items():
        doc = ast.get_docstring(ast.parse((PROJECT_ROOT / "graph" / layer / "__init__.py").read_text())) or ""
        assert "May import:" in doc, layer
        named = set(re.findall(r"graph\.(\w+)", doc.split("May import:")[1]))
        assert named == set(allowed), f"graph/{layer}/__init__.py says {sorted(named)}, LAYERS {allowed}"


def test_layers_import_only_what_they_may():
    wrong = []
    for module, found in imports().items():
        if not module.startswith("graph."):
            continue
        allowed = set(graph.LAYERS[_layer(module)]) | {_layer(module)}
        wrong += [(module, t) for t, _ in found if t.startswith("graph.") and _layer(t) not in allowed]
        wrong += [(module, t) for t, _ in found if not t.startswith("graph")]
    assert not wrong, wrong


def test_top_level_folders_build_on_graph_only_upwards():
    wrong = [(m, t) for m, found in imports().items() for t, _ in found
             if t.split(".")[0] != m.split(".")[0] and t.split(".")[0] not in ABOVE_GRAPH[m.split(".")[0]]]
    assert not wrong, wrong


def test_no_private_name_is_imported_from_another_package():
    wrong = [(m, t, n) for m, found in imports().items() if not m.startswith("tests")
             for t, names in found for n in names
             if n.startswith("_") and not n.startswith("__") and _package(t) != _package(m)]
    assert not wrong, wrong


def test_no_import_cycle():
    graph_of = {m: sorted({t for t, _ in found if t in modules() and t != m}) for m, found in imports().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:   # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph_of[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph_of):
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


# -- one rule, one place ---------------------------------------------------------------------------------
SOURCES = [p for top in ("graph", "accounts", "webapp", "cli", "importers", "dossiers", "queries")
           for p in (PROJECT_ROOT / top).rglob("*") if p.suffix in (".py", ".html", ".cypher", ".js")
           and "vendor" not in p.parts]


@pytest.mark.parametrize("needle", ['"[protected person]"', '"[confidential source]"'])
def test_each_placeholder_is_written_once(needle):
    holders = [p.relative_to(PROJECT_ROOT).as_posix() for p in SOURCES if needle in p.read_text()]
    assert holders == ["graph/access/masking.py"], f"{needle} spelled in {holders}"


@pytest.mark.parametrize("needle", ['"Protected person"', "name withheld)", "'[protected]'", '"[protected]"',
                                    "'[confidential]'", '"[confidential]"', '"a protected person"',
                                    "Confidential source (grade"])
def test_no_other_placeholder_wording(needle):
    holders = [p.relative_to(PROJECT_ROOT).as_posix() for p in SOURCES if needle in p.read_text()]
    assert not holders, f"{needle} spelled in {holders}: use graph/access/masking.py"


@pytest.mark.parametrize("pattern", [
    r"\(\s*\"EU\",\s*\"US\"",                      # a list of authorities
    r"\"European Union\"|European Union",          # authority names
    r"\"court\":\s*\"judge\"|court: judge",        # role labels
    r"\"JUDGE_IN\":\s*\"judge\"",                  # parts in a case
    r"\(\s*\"A\",\s*\"B\",\s*\"C\"",               # the reliability scale
    r"purely political reasons",                   # the PACE criteria
    r"\"name \(Ukrainian\)\"",                     # property labels
])
def test_the_schema_owns_its_words(pattern):
    holders = [p.relative_to(PROJECT_ROOT).as_posix() for p in SOURCES if re.search(pattern, p.read_text())]
    assert not holders, f"{pattern!r} is spelled out in {holders}: take it from graph/store/schema.yaml"
