"""The code's shape: imports point one way (dashboard.LAYERS), no module takes part in an import circle, and no file in dashboard/ is
longer than 500 lines.

The imports are read from the source (every import statement, at the top of a module or
inside a function, or for type checking only: each is a dependency), not by importing it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import LAYERS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dashboard", "layouts", "callbacks")
ORDER = LAYERS
MAX_LINES = 500


def modules(root: Path) -> dict[str, Path]:
    """Dotted name -> file for every module of the three packages under `root`."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the three packages that `name` imports (a name imported from a
    package counts as its submodule when there is one, else as the package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                out.add(submodule if submodule in known else module)
    return {m for m in out if m in known and m != name}


def layer(name: str) -> int:
    """The module's place in ORDER; `dashboard` itself (LAYERS) is below them all."""
    parts = name.split(".")
    if parts[0] != "dashboard":
        return ORDER.index(parts[0])
    return -1 if len(parts) == 1 else ORDER.index(parts[1])


def graph(root: Path) -> dict[str, set[str]]:
    found = modules(root)
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{source} ({ORDER[layer(source)] if layer(source) >= 0 else 'dashboard'}) "
                  f"imports {target} ({ORDER[layer(target)]})"
                  for source, targets in edges.items() for target in targets
                  if layer(target) > layer(source))


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer() -> None:
    unplaced = [name for name in modules(ROOT) if name.split(".")[0] == "dashboard"
                and len(name.split(".")) > 1 and name.split(".")[1] not in LAYERS]
    assert {"layouts", "callbacks"} < set(LAYERS)
    assert unplaced == [], "add each package to dashboard.LAYERS (or move these modules)"


def test_imports_point_one_way() -> None:
    assert upward_imports(graph(ROOT)) == []


def test_no_import_circles() -> None:
    assert circles(graph(ROOT)) == []


def test_no_file_in_dashboard_is_over_500_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for path in sorted((ROOT / "dashboard").rglob("*.py"))
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for package in PACKAGES:
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").touch()
    return root


@pytest.mark.parametrize("source", [
    "from dashboard.web import app\n",
    "def later():\n    from dashboard.web.app import create_app\n",
    "import layouts.home\n",
])
def test_an_upward_import_is_caught(tmp_path: Path, source: str) -> None:
    root = _tree(tmp_path, {"dashboard/common/__init__.py": "",
                            "dashboard/common/words.py": source,
                            "dashboard/web/__init__.py": "",
                            "dashboard/web/app.py": "from dashboard.common import words\n",
                            "layouts/home.py": ""})
    assert any(line.startswith("dashboard.common.words (common) imports")
               for line in upward_imports(graph(root)))


def test_a_downward_import_is_allowed(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"dashboard/common/__init__.py": "",
                            "dashboard/common/words.py": "",
                            "dashboard/web/__init__.py": "",
                            "dashboard/web/app.py": "from dashboard.common import words\n",
                            "callbacks/home.py": "from dashboard.web import app\n"})
    assert upward_imports(graph(root)) == []


def test_a_circle_within_a_package_is_caught(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"dashboard/store/__init__.py": "from dashboard.store.base import x\n",
                            "dashboard/store/base.py": "from dashboard.store.build import y\n",
                            "dashboard/store/build.py": "def f():\n    import dashboard.store\n"})
    assert circles(graph(root)) == [["dashboard.store", "dashboard.store.base",
                                     "dashboard.store.build"]]
