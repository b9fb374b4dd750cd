"""The shape of the package: no import cycle among its modules, and no module too long to read.

Imports are read with ``ast`` from every ``src/governance_graph/**/*.py``: at the top, inside
functions and under ``TYPE_CHECKING`` alike, relative ones resolved. ``from pkg import name``
is an arrow to ``pkg.name`` for each name that is a module, and to ``pkg`` for any other. A
package's ``__init__.py`` importing its own submodules is no arrow (the package is their sum),
but a submodule importing its package's ``__init__`` is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import governance_graph

PACKAGE = Path(governance_graph.__file__).parent
LONGEST = 500


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                # "import a.b.c" imports a, a.b and a.b.c; the arrow goes to the deepest module
                for i in range(len(parts), 0, -1):
                    if ".".join(parts[:i]) in modules:
                        found.add(".".join(parts[:i]))
                        break
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    found = {m for m in found if m in modules and m != name}
    if path.name == "__init__.py":
        found = {m for m in found if not m.startswith(name + ".")}
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_the_walk_sees_every_kind_of_import() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    rdflib_engine = graph["governance_graph.engines.rdflib"]
    # "from . import Engine, rdflib_reasoning": the package and the submodule
    assert "governance_graph.engines" in rdflib_engine
    assert "governance_graph.engines.rdflib_reasoning" in rdflib_engine
    assert "governance_graph.sparql.prepare" in graph["governance_graph.engines"]  # in a function
    # the registry imports its engines inside functions: a package's own submodules, no arrow
    assert "governance_graph.engines.rdflib" not in graph["governance_graph.engines"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = _cycles(graph)
    described = [
        " ; ".join(f"{a} -> {b}" for a in cycle for b in sorted(graph[a]) if b in cycle)
        for cycle in cycles
    ]
    assert not cycles, "import cycles:\n" + "\n".join(described)


def test_no_module_is_too_long() -> None:
    too_long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        relative = path.relative_to(PACKAGE).as_posix()
        if lines > LONGEST:
            too_long[relative] = lines
    assert not too_long, f"modules over {LONGEST} lines: {too_long}"
