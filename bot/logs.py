"""How the process logs: LOG_FORMAT=text (a line per event, for a terminal) or json (one JSON
object per line, for a log shipper), both at LOG_LEVEL.

A JSON line holds the time (UTC), level, logger, the event as our code wrote it, the fields
passed as `extra=`, and for an exception its type and stack, never its message: messages of
database errors quote values. Our code never logs a learner's words; bot/logsafe.py hides the
values of SQL statements even at DEBUG; and anything shaped like a bot token (BOT_ID:SECRET)
is cut out of every line, in both formats, whichever library wrote it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

TOKEN = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,}")
HIDDEN_TOKEN = "<token>"  # noqa: S105 — what replaces a token, not one
# What every LogRecord carries; anything else on a record came as `extra=`.
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def without_tokens(line: str) -> str:
    return TOKEN.sub(HIDDEN_TOKEN, line)


class TextLines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return without_tokens(super().format(record))


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry |= {key: _plain(value) for key, value in vars(record).items() if key not in STANDARD}
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, stack = record.exc_info
            entry["error"] = kind.__name__
            entry["stack"] = "".join(traceback.format_tb(stack))
        return without_tokens(json.dumps(entry, ensure_ascii=False))


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def configure_logging(level: str, form: str) -> None:
    """One handler on the root logger, writing to stderr (journald or a container keeps it);
    stdout stays the commands' own (`--json` output is parsed by scripts).

    As logging.basicConfig does, nothing changes when the root logger has handlers already:
    whoever installed them (a test runner, an embedding program) decides where lines go. The
    handler has the level too: some libraries (bm25s) set DEBUG on their own logger."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if form == "json" else TextLines())
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
