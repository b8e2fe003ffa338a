"""The arrows point one way: bot -> scheduler -> dialogs -> content. The core does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "content": {
        "aiogram",
        "sqlalchemy",
        "httpx",
        "aiohttp",
        "asyncpg",
        "aiosqlite",
        "alembic",
        "bot",
        "scheduler",
        "dialogs",
        "apscheduler",
    },
    "dialogs": {
        "aiogram",
        "sqlalchemy",
        "httpx",
        "aiohttp",
        "asyncpg",
        "aiosqlite",
        "alembic",
        "bot",
        "scheduler",
        "apscheduler",
    },
    "scheduler": {"aiogram", "httpx", "aiohttp"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_it_must_not(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        bad = imported_modules(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_check_itself_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import sqlalchemy.orm\nfrom aiogram import Bot\nfrom . import sibling\n")
    assert imported_modules(sample) == {"sqlalchemy", "aiogram"}


PACKAGES = ("bot", "dialogs", "content", "scheduler")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of ours this file imports (TYPE_CHECKING imports count: a cycle is a cycle)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    owned = set()
    for target in found:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            owned.add(target)
    return owned


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    return {name: _targets(path, name, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected groups of more than one module (an iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, edges = work[-1]
            step = next(edges, None)
            if step is not None and step not in index:
                index[step] = low[step] = len(index)
                stack.append(step)
                work.append((step, iter(sorted(graph.get(step, ())))))
            elif step is not None:
                if step in stack:
                    low[node] = min(low[node], index[step])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(group)
    return found


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_import_inside_a_function_in_the_core() -> None:
    """The core, and bot/ too: a command imports what it runs at the top of its module (a library
    a process may never use is reached through bot/deferred.py)."""
    for package in ("dialogs", "content", "scheduler", "bot"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                    assert not inner, f"{path.relative_to(ROOT)}:{node.lineno} imports inside {node.name}()"


WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"), ("time", "time")}


def wall_clock_reads(path: Path) -> list[int]:
    """Lines that read the wall clock instead of the injected one (bot/clock.py)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if (name, node.func.attr) in WALL_CLOCK:
                lines.append(node.lineno)
    return lines


def test_now_is_injected_never_read_from_the_wall_clock() -> None:
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.relative_to(ROOT).as_posix() == "bot/clock.py":
                continue
            assert not wall_clock_reads(path), f"{path.relative_to(ROOT)} reads the wall clock: use the Clock"


def test_the_wall_clock_check_sees_a_bare_now(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import datetime\nx = datetime.datetime.now()\ny = time.time()\nz = date(2020, 1, 1)\n")
    assert wall_clock_reads(sample) == [2, 3]
