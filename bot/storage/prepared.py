"""The turn's hot statements on SQLite, compiled once per connection and run on its DB-API cursor.

A Core `conn.execute` rebuilds, per call, what never changes for a prebuilt statement: the
cache lookup of its compiled form, the execution context, the parameter dictionary in
positional order, the result object. On SQLite that was about a third of a turn's time in
the worker thread. Here SQLAlchemy still compiles each statement (for the connection's own
dialect) and still converts every value with the column type's own bind and result
processors; only that per-call scaffolding is skipped. The compiled forms live in the
connection's `info` dictionary, which SQLAlchemy keeps for data of this kind.

Only SQLite runs statements this way: its turns run in one worker thread on connections of
their own (bot/storage/turn_db.py). On PostgreSQL `execute` is Core's `conn.execute` itself.
A database error comes out as SQLAlchemy's exception of the same kind (an IntegrityError
stays an IntegrityError), without the parameters: they are learners' data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Executable
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import SelectBase

Params = Mapping[str, Any]
Processor = Callable[[Any], Any]
_INFO_KEY = "hocvuso.prepared"


class Rows(Protocol):
    """What the hot path reads from an execution, the same for Core's result and ours."""

    @property
    def rowcount(self) -> int: ...

    def first(self) -> Any: ...

    def one(self) -> Any: ...

    def all(self) -> Sequence[Any]: ...

    def scalar(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    names: tuple[str, ...]  # the bound parameters, in the order the SQL takes them
    binds: tuple[Processor | None, ...]
    results: tuple[Processor | None, ...]  # one per selected column; () for DML
    carried: dict[str, Any]  # values the statement itself carries (literals)

    def row(self, params: Params) -> tuple[Any, ...]:
        if self.carried:
            params = {**self.carried, **params}
        values = []
        for name, process in zip(self.names, self.binds, strict=True):
            value = params[name]
            values.append(process(value) if process is not None and value is not None else value)
        return tuple(values)

    def processed(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            process(value) if process is not None else value for value, process in zip(raw, self.results, strict=True)
        )


class Executed:
    """The rows of one execution, read at once (the cursor is closed before returning)."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount

    def first(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def one(self) -> tuple[Any, ...]:
        if len(self._rows) != 1:
            raise LookupError(f"expected one row, got {len(self._rows)}")
        return self._rows[0]

    def all(self) -> list[tuple[Any, ...]]:
        return self._rows

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None


def compile_for(conn: Connection, statement: Executable, keys: Sequence[str]) -> Compiled:
    """The statement as Core would compile it for these parameter names. A bound value the
    statement carries itself (a literal) is kept; any other bound name must be given (no
    Python-side column default is filled in here)."""
    dialect = conn.dialect
    if not isinstance(statement, ClauseElement):
        raise TypeError("only Core statements can be prepared")
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    if not isinstance(compiled, SQLCompiler):
        raise TypeError("only SQL statements can be prepared")
    sql = str(compiled)
    if "POSTCOMPILE" in sql:  # an IN list expanded per call: Core's own work, not ours
        raise ValueError("a statement with an expanding parameter cannot be prepared")
    if compiled.insert_prefetch or compiled.update_prefetch:  # Python-side defaults, computed per row by Core
        raise ValueError("a column's Python-side default would be left out: give every column")
    names = tuple(compiled.positiontup or ())
    given = set(keys)
    carried = {name: compiled.binds[name].effective_value for name in names if name not in given}
    missing = sorted(name for name in carried if compiled.binds[name].required)
    if missing:
        raise ValueError(f"parameters not given: {missing}")
    binds = tuple(compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    results: tuple[Processor | None, ...] = ()
    if isinstance(statement, SelectBase):
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in statement.selected_columns
        )
    return Compiled(sql, names, binds, results, carried)


def _compiled(conn: Connection, statement: Executable, params: Params) -> Compiled:
    known: dict[tuple[Executable, tuple[str, ...]], Compiled] = conn.info.setdefault(_INFO_KEY, {})
    key = (statement, tuple(params))
    found = known.get(key)
    if found is None:
        found = known[key] = compile_for(conn, statement, key[1])
    return found


def execute(conn: Connection, statement: Executable, params: Params) -> Rows:
    """One prebuilt statement with one row of parameters."""
    if conn.dialect.name != "sqlite":
        return conn.execute(statement, params)
    compiled = _compiled(conn, statement, params)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(compiled.sql, compiled.row(params))
        rows = [compiled.processed(raw) for raw in cursor.fetchall()] if compiled.results else []
        return Executed(rows, cursor.rowcount)
    except conn.dialect.loaded_dbapi.Error as error:
        raise _wrapped(conn, compiled, error) from error
    finally:
        cursor.close()


def execute_many(conn: Connection, statement: Executable, params: Sequence[Params]) -> None:
    """One prebuilt INSERT or UPDATE with many rows of parameters."""
    if conn.dialect.name != "sqlite":
        conn.execute(statement, list(params))
        return
    if not params:
        return
    compiled = _compiled(conn, statement, params[0])
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(compiled.sql, [compiled.row(row) for row in params])
    except conn.dialect.loaded_dbapi.Error as error:
        raise _wrapped(conn, compiled, error) from error
    finally:
        cursor.close()


def _wrapped(conn: Connection, compiled: Compiled, error: Exception) -> StatementError:
    dbapi = conn.dialect.loaded_dbapi
    return DBAPIError.instance(
        compiled.sql, None, error, dbapi.Error, hide_parameters=True, dialect=conn.dialect, ismulti=None
    )
