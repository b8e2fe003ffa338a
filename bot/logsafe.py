"""Keep learners' data out of the logs, whatever level an operator turns on.

SQLAlchemy logs every statement's parameters at INFO and every result row at DEBUG; aiosqlite
logs every call, statement and parameters included, at DEBUG. Parameters and rows are names,
communes, answers. `hide_parameters=True` on the engines (bot/storage/db.py) hides the first;
this filter hides the values of the rest. The lines stay: that a statement ran, and when, is
what one turns DEBUG on to see.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

HIDDEN = "[hidden]"
# The loggers that print database values below INFO.
DATABASE_LOGGERS = ("sqlalchemy.engine.Engine", "aiosqlite")


class HideValues(logging.Filter):
    """Replaces the arguments of records below INFO; the message pattern is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO and record.args:
            args = record.args
            record.args = {key: HIDDEN for key in args} if isinstance(args, Mapping) else (HIDDEN,) * len(args)
        return True


def hide_database_values() -> None:
    """Once per logger, however many engines are made (tests make hundreds)."""
    for name in DATABASE_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, HideValues) for existing in logger.filters):
            logger.addFilter(HideValues())
