"""The import graph of src/workshop, read from the sources (ast, no import runs).

Every ``import`` counts, at the top of a module or inside a function: an import deferred for
speed is still an arrow. Imports under ``if TYPE_CHECKING:`` are left out (they never run).
tests/test_architecture.py checks the layers and the absence of loops on this same graph;
docs/architecture.md says how to read it.

    python tools/imports.py                 # each module and what it imports from workshop
    python tools/imports.py --layers        # layer -> layer arrows, with one example each
    python tools/imports.py --cycles        # import loops (prints nothing when there are none)
    python tools/imports.py --who workshop.app.app     # who imports a module
    python tools/imports.py --dot | dot -Tsvg > imports.svg
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "workshop"

# Longest prefix first: a module belongs to the first layer whose prefix it starts with.
LAYERS: dict[str, tuple[str, ...]] = {
    "core": ("workshop.sanitise", "workshop.i18n", "workshop.datafiles", "workshop.data",
             "workshop.locales", "workshop.startup"),
    "session": ("workshop.session",),
    "plugin API": ("workshop.stage", "workshop.hookspecs", "workshop.questions", "workshop"),
    "plugin manager": ("workshop.plugins", "workshop.isolation"),
    "stages": ("workshop.stages",),
    "engine": ("workshop.engine",),
    "report": ("workshop.report",),
    # web.py serves the client view to browsers (``workshop present --web``); the app's share
    # key starts it. It runs ``workshop present`` in a process of its own: it imports no app.
    "web": ("workshop.web",),
    "app": ("workshop.app",),
    "commands": ("workshop.commands", "workshop.cli", "workshop.__main__", "workshop.scaffold"),
}


@dataclass(frozen=True)
class Arrow:
    """``source`` imports ``target`` at ``line``; ``deferred`` when inside a function or class."""

    source: str
    target: str
    line: int
    deferred: bool


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = ["workshop", *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def layer_of(module: str) -> str:
    best, length = "", -1
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            inside = module.startswith(prefix + ".") and prefix != "workshop"  # the root: itself
            if (module == prefix or inside) and len(prefix) > length:
                best, length = layer, len(prefix)
    return best


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_statements(nodes: list[ast.AST],
                      deferred: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement in ``nodes``, skipping ``if TYPE_CHECKING:`` bodies."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, deferred
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from import_statements(node.orelse, deferred)
        else:
            inner = deferred or isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
            yield from import_statements(list(ast.iter_child_nodes(node)), inner)


def _resolve(name: str, known: set[str]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package (None outside it)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def arrows(root: Path = PACKAGE) -> list[Arrow]:
    """Every arrow from a workshop module to another one (the target may be itself a package)."""
    files = sources(root)
    known = set(files)
    found: list[Arrow] = []
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node, deferred in import_statements(tree.body):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # ``from workshop.app import screens`` imports the module workshop.app.screens;
                # the version is read from the root package, loaded before any of its modules
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names
                         if (base, alias.name) != ("workshop", "__version__")]
            for name in names:
                target = _resolve(name, known)
                if target and target != module:
                    found.append(Arrow(module, target, node.lineno, deferred))
    return list(dict.fromkeys(found))


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in sources(root)}
    for arrow in arrows(root):
        edges[arrow.source].add(arrow.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    show = parser.add_mutually_exclusive_group()
    show.add_argument("--layers", action="store_true", help="layer -> layer arrows")
    show.add_argument("--cycles", action="store_true", help="import loops only")
    show.add_argument("--who", metavar="MODULE", help="the modules that import MODULE")
    show.add_argument("--dot", action="store_true", help="Graphviz output")
    args = parser.parse_args(argv)
    found = arrows()
    if args.cycles:
        for component in cycles(graph()):
            print(" <-> ".join(component))
    elif args.who:
        for arrow in found:
            if arrow.target == args.who:
                where = "in a function" if arrow.deferred else "at the top"
                print(f"{arrow.source}:{arrow.line} ({where})")
    elif args.layers:
        between: dict[tuple[str, str], Arrow] = {}
        for arrow in found:
            key = (layer_of(arrow.source), layer_of(arrow.target))
            if key[0] != key[1]:
                between.setdefault(key, arrow)
        for (source, target), arrow in sorted(between.items()):
            print(f"{source:>14} -> {target:<14} e.g. {arrow.source} -> {arrow.target}")
    elif args.dot:
        print("digraph imports {\n  rankdir=LR; node [shape=box, fontsize=10];")
        for arrow in sorted({(a.source, a.target, a.deferred) for a in found}):
            style = " [style=dashed]" if arrow[2] else ""
            print(f'  "{arrow[0]}" -> "{arrow[1]}"{style};')
        print("}")
    else:
        edges = graph()
        for module in sorted(edges):
            print(f"{module} [{layer_of(module)}]")
            for target in sorted(edges[module]):
                print(f"    -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
