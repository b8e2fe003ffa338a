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
