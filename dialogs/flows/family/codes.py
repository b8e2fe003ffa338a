"""Invite and ambassador codes: read aloud at the door, typed by hand on cheap phones."""

from __future__ import annotations

import re

# --- codes ---------------------------------------------------------------------------

# No 0/O, 1/I: codes are read aloud at the door and typed by hand on cheap phones.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_BODY = 10
INVITE_PREFIX, AMBASSADOR_PREFIX = "GD", "DS"
_CODE = re.compile(rf"(GD|DS)([{CODE_ALPHABET}]{{{CODE_BODY}}})")
_CODE_NOISE = re.compile(r"[\s\-_.·]")


def format_code(prefix: str, body: str) -> str:
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalize_code(text: str) -> str | None:
    """'gd 7kq2m-x9p3t' -> 'GD-7KQ2M-X9P3T'; None when the text is not one of our codes."""
    match = _CODE.fullmatch(_CODE_NOISE.sub("", text.upper()))
    return format_code(match.group(1), match.group(2)) if match else None
