"""The package's shape: imports run one way, cli -> build -> {interop, latex} -> record,
with no circle anywhere. Computed from the source with ast, so a wrong-way import fails
here before it tangles the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cv_builder"

# Each part of the package and the parts it may import. The spine's small modules sit
# between the wings: errors, options and files (reading and writing untrusted files) under
# everything, select/stamp/publish over the record, build over latex and interop.
MAY_IMPORT = {
    "errors": set(),
    "options": set(),
    "files": set(),
    "record": {"errors", "options", "files"},
    "select": {"record"},
    "stamp": {"options", "files"},
    "publish": {"errors", "files"},
    "latex": {"record", "errors", "options", "select", "stamp", "files"},
    "interop": {"record", "errors", "options", "select", "publish", "files"},
    "build": {"latex", "interop", "record", "errors", "options", "select", "stamp", "publish",
              "files"},
    "cli": {"build", "latex", "interop", "record", "errors", "options", "select", "stamp",
            "publish", "files"},
}
# Third-party modules a wing must not touch.
FORBIDDEN_LIBRARIES = {"record": {"jinja2", "subprocess", "click"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str | None:
    """cv_builder.latex.render -> 'latex'; cv_builder.build -> 'build'; the package -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports_of(path: Path) -> list[str]:
    """Every module path imports (cv_builder modules resolved to full names), anywhere in
    the file: an import inside a function is an import too."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(target)
            # `from . import markup` names a module, not an attribute
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or \
                        (PACKAGE.parent / Path(*candidate.split("."))).is_dir():
                    found.append(candidate)
    return found


GRAPH = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}
INTERNAL = {name: sorted({i for i in found if i.startswith("cv_builder.") and i in GRAPH})
            for name, found in GRAPH.items()}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_one_way(module):
    own = part_of(module)
    if own is None or own == "__main__":
        return
    allowed = MAY_IMPORT[own] | {own}
    wrong = [target for target in INTERNAL[module]
             if part_of(target) is not None and part_of(target) not in allowed]
    assert not wrong, f"{module} imports {wrong}: {own} may import only {sorted(allowed)}"
    libraries = {target.split(".")[0] for target in GRAPH[module]}
    banned = libraries & FORBIDDEN_LIBRARIES.get(own, set())
    assert not banned, f"{module} imports {sorted(banned)}"


def test_every_part_is_declared():
    parts = {part_of(name) for name in GRAPH} - {None, "__main__"}
    assert parts <= set(MAY_IMPORT), parts - set(MAY_IMPORT)


def test_no_circles():
    """Depth-first search over cv_builder's own modules; a module that reaches itself is
    reported with the whole circle."""
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in INTERNAL[module]:
            if state.get(target) == "open":
                circle = trail[trail.index(target):] + [target]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in GRAPH:
        if module not in state:
            visit(module, [module])


def test_no_module_is_much_over_500_lines():
    """A module that grows past that is split by direction or by kind, not left to grow."""
    lengths = {module_name(path): len(path.read_text(encoding="utf-8").splitlines())
               for path in PACKAGE.rglob("*.py")}
    assert not {module: n for module, n in lengths.items() if n > 520}


def test_nothing_outside_cli_imports_cli():
    users = [module for module, targets in INTERNAL.items()
             if part_of(module) != "cli" and module != "cv_builder.__main__"
             and any(part_of(t) == "cli" for t in targets)]
    assert not users, users
