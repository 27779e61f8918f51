"""Where code lives: `core/` is the help centre without MkDocs, the adapter is the rest.

MkDocs 1.6 is the last release and MkDocs 2.0 drops plugins: everything the core does must keep
working when the adapter is replaced. A module that imports nothing from MkDocs belongs in core/.
"""

import ast
from pathlib import Path

import helpcentre

PACKAGE = Path(helpcentre.__file__).parent
CORE = PACKAGE / "core"


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_under_core_imports_mkdocs():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(CORE.rglob("*.py"))
        if {"mkdocs", "material", "mkdocs_static_i18n"} & imported_modules(path)
    ]
    assert offenders == []


COMMANDS = {
    "__init__.py",
    "cli.py",
    "writer_cli.py",
    "writer_input.py",
    "feedback_cli.py",
    "scaffold.py",
    "import_cli.py",
    "import_fetch_cli.py",
}
# Adapter modules that import nothing from MkDocs, because they only change the objects it hands over.
ON_MKDOCS_OBJECTS = {
    "escaping.py": "marks MkDocs' config, pages and nav as text",
    "nav.py": "relabels and orders MkDocs' navigation",
}


def test_every_module_outside_core_needs_mkdocs_or_is_a_command():
    """A module outside core/ that imports neither MkDocs nor the adapter is core code in the wrong place."""
    adapter = {path.stem for path in PACKAGE.glob("*.py")} - {Path(name).stem for name in COMMANDS}
    misplaced = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in COMMANDS or path.name in ON_MKDOCS_OBJECTS:
            continue
        imports = imported_modules(path) | _relative_imports(path)
        if "mkdocs" not in imports and not imports & adapter:
            misplaced.append(path.name)
    assert misplaced == []


def _relative_imports(path: Path) -> set[str]:
    """Sibling modules (outside core/) a file imports with `from . import x` or `from .x import y`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found |= {alias.name for alias in node.names}
    return found - {"core"}
