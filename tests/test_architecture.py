"""The package's shape: stages import downwards only, no cycle, each module importable alone.

Layers, bottom to top (design.md, "Shape of the code"): a module may import its
own layer or lower ones, never a higher one, and imports stand at the top of
the module (an import inside a function to dodge a cycle is a layering error).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from fanpin import errors, labels

PACKAGE = Path(__file__).resolve().parents[1] / "fanpin"

# (module prefix, layer); the longest matching prefix decides.
LAYERS: tuple[tuple[str, int], ...] = (
    ("fanpin", 0),  # the package itself: __version__
    ("fanpin.errors", 0),
    ("fanpin.io.schema", 1),
    ("fanpin.io.messages", 1),
    ("fanpin.io.files", 1),
    ("fanpin.labels", 2),
    ("fanpin.io", 2),
    ("fanpin.rules", 3),
    ("fanpin.pipeline", 4),
    ("fanpin.campaigns", 5),
    ("fanpin.outputs", 6),
    ("fanpin.scale", 7),
    ("fanpin.samples", 8),
    ("fanpin.init", 8),
    ("fanpin.api", 9),
    ("fanpin.__main__", 10),
    ("fanpin.cli", 10),
)
# Imported inside a function on purpose: optional extras, loaded only when used.
OPTIONAL = {"pyarrow", "pyarrow.parquet", "dask.distributed", "python_calamine"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _layer(module: str) -> int:
    matches = [
        (len(prefix), layer)
        for prefix, layer in LAYERS
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"{module} has no layer: add it to LAYERS"
    return max(matches)[1]


def _imports(module: str, path: Path) -> tuple[set[str], list[str]]:
    """fanpin modules imported at the top of ``module``, and imports found inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top: set[str] = set()
    nested: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            names = [a.name for a in node.names]
        if node.col_offset > 0:
            nested += [n for n in names if n.split(".")[0] != "__future__"]
        else:
            top |= {n for n in names if n == "fanpin" or n.startswith("fanpin.")}
    known = _modules()
    # "from fanpin.io import schema" names a module; "from fanpin.api import x" a name in one
    resolved = {n if n in known else n.rpartition(".")[0] for n in top}
    return {n for n in resolved if n in known and n != module}, nested


GRAPH = {name: _imports(name, path) for name, path in _modules().items()}


def test_every_module_has_a_layer_and_imports_only_downwards() -> None:
    upward = [
        f"{source} (layer {_layer(source)}) imports {target} (layer {_layer(target)})"
        for source, (targets, _) in GRAPH.items()
        for target in sorted(targets)
        if _layer(target) > _layer(source)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    edges = {source: targets for source, (targets, _) in GRAPH.items()}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_import_inside_a_function_but_optional_extras() -> None:
    nested = {
        module: [n for n in names if n not in OPTIONAL and not n.startswith(tuple(OPTIONAL))]
        for module, (_, names) in GRAPH.items()
    }
    assert {m: n for m, n in nested.items() if n} == {}


def test_library_imports_neither_the_cli_nor_the_example_generators() -> None:
    library = [m for m in GRAPH if _layer(m) < _layer("fanpin.samples")]
    reached = {
        m: sorted(t for t in GRAPH[m][0] if t.startswith(("fanpin.cli", "fanpin.samples")))
        for m in library
    }
    assert {m: t for m, t in reached.items() if t} == {}
    for module, path in _modules().items():
        if not module.startswith("fanpin.cli"):
            text = path.read_text(encoding="utf-8")
            assert "import typer" not in text and "from rich" not in text, module


def test_each_module_imports_alone() -> None:
    """Every module imports in a fresh interpreter state, whatever was imported before it."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {sorted(m for m in GRAPH if m != 'fanpin.__main__')!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'fanpin' or m.startswith('fanpin.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("stage", ["io", "rules", "campaigns", "outputs", "cli", "samples"])
def test_each_stage_has_its_folder(stage: str) -> None:
    assert (PACKAGE / stage / "__init__.py").is_file()


def test_one_exception_family_in_errors() -> None:
    """Every exception fanpin raises for input it cannot process belongs to the family
    declared in errors.py (OutputPathError too): a class elsewhere only refines one."""
    family = {"FanpinError", "ProfileError", "UsageError", "OutputPathError"}
    outside: dict[str, set[str]] = {}
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(b, "id", None) or getattr(b, "attr", "") for b in node.bases}
            if module == "fanpin.errors":
                assert node.name in family
            elif any(str(b).endswith(("Error", "Exception")) for b in bases):
                outside[f"{module}.{node.name}"] = bases
    assert all(bases <= family for bases in outside.values()), outside
    assert {getattr(errors, name).__module__ for name in family} == {"fanpin.errors"}


# Tables of modules owned by other work in progress that still keep a copy of a common word
# (outputs/report.py, rules/quality.py, the warn outputs): to fold into the tables below.


def test_one_label_for_each_common_word() -> None:
    """yes/no, total, none and the separators have one home each (labels.YES_NO,
    PRINT_TEXTS, LIST_SEPARATOR), not a copy in every area's table."""
    common = {("是", "yes"), ("否", "no"), ("合计", "total"), ("（无）", "(none)")}
    common |= {("、", ", "), ("；", "; "), ("：", ": ")}
    homes: dict[tuple[str, str], list[str]] = {}
    for name in dir(labels):
        table = getattr(labels, name)
        if name.isupper() and isinstance(table, dict):
            for words in table.values():
                if isinstance(words, tuple) and words in common:
                    homes.setdefault(words, []).append(name)
    assert {words: sorted(names) for words, names in homes.items()} == {
        ("是", "yes"): ["YES_NO"],
        ("否", "no"): ["YES_NO"],
        ("合计", "total"): ["PRINT_TEXTS"],
        ("（无）", "(none)"): ["PRINT_TEXTS"],
        ("、", ", "): ["LIST_SEPARATOR"],
        ("；", "; "): ["LIST_SEPARATOR"],
        ("：", ": "): ["LIST_SEPARATOR"],
    }
