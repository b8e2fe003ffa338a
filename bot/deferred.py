"""Libraries a process may never use, imported the first time one of their names is read (issue 11).

A Zalo-only `hocvuso run` on SQLite whose schema is up to date never migrates, never talks to
PostgreSQL, may never draw a certificate or an invite card and may never serve a dashboard
page; importing alembic, asyncpg, Pillow, qrcode, Jinja2 and SQLAlchemy's PostgreSQL dialect
at start-up would cost it about 22 MiB of memory for nothing. Each is named here, once. For
the type checker these names are the real modules; at run time each is a `Deferred`, which
imports its module when one of its attributes is first read. This is how those libraries are
reached, not an import inside a function: nothing here can form a cycle, since none of them
imports our code.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

__all__ = [
    "Deferred",
    "Image",
    "ImageDraw",
    "ImageFont",
    "alembic_command",
    "alembic_config",
    "asyncpg",
    "jinja2",
    "postgresql",
    "qrcode",
]


class Deferred:
    """A module imported when one of its attributes is first read. Its package is looked up when
    the Deferred is made, so a library missing from the installation stops start-up, not a
    learner's turn. Holds nothing but the name: `importlib` keeps the module (sys.modules), and
    does the import once even when two threads ask at the same time."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        package = name.partition(".")[0]
        # The top level only: finding a submodule would import its package (alembic's is all of it).
        if importlib.util.find_spec(package) is None:
            raise ModuleNotFoundError(f"No module named {package!r} (needed for {name})", name=package)
        self._name = name

    def module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def loaded(self) -> bool:
        return self._name in sys.modules

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "_name":  # not set: a copy being made, say; never import for it
            raise AttributeError(attribute)
        return getattr(self.module(), attribute)

    def __repr__(self) -> str:
        return f"Deferred({self._name!r})"


if TYPE_CHECKING:
    import asyncpg as asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information
    import jinja2 as jinja2
    import qrcode as qrcode
    from alembic import command as alembic_command
    from alembic import config as alembic_config
    from PIL import Image as Image
    from PIL import ImageDraw as ImageDraw
    from PIL import ImageFont as ImageFont
    from sqlalchemy.dialects import postgresql as postgresql
else:
    alembic_command = Deferred("alembic.command")  # migrations: only when the schema is behind
    alembic_config = Deferred("alembic.config")
    asyncpg = Deferred("asyncpg")  # PostgreSQL: only for a postgresql+asyncpg:// URL
    Image = Deferred("PIL.Image")  # drawing certificates and invite cards
    ImageDraw = Deferred("PIL.ImageDraw")
    ImageFont = Deferred("PIL.ImageFont")
    qrcode = Deferred("qrcode")
    jinja2 = Deferred("jinja2")  # the dashboard's pages: only once one is served
    # SQLAlchemy's PostgreSQL dialect (its INSERT ... ON CONFLICT): only on PostgreSQL (2.4 MiB)
    postgresql = Deferred("sqlalchemy.dialects.postgresql")
