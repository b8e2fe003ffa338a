"""Invite and ambassador codes: read aloud at the door, typed by hand on cheap phones.

Zalo's Bot Platform has no deep link that opens the bot with a payload (docs/families.md), so
on Zalo an invite is typed. New invites are therefore short: "GD" and six signs (8 in all),
"GD4KM7TA", from an alphabet chosen to be said aloud in Vietnamese without doubt: no 0/O, 1/I,
no F, J, W, Z (not Vietnamese letters), no letters that sound alike where people merge sounds
(G and R beside D, X beside S, N beside L), nothing that looks like another sign on a cheap
screen. A body has a digit and a letter, so it is never read as a word or as an OTP. The long
invites issued before ("GD-7KQ2M-X9P3T") and ambassador codes ("DS-…") keep working.
"""

from __future__ import annotations

import re

# --- the long codes: ambassador codes, and invites issued before the short ones ------------

# No 0/O, 1/I: codes are read aloud at the door and typed by hand on cheap phones.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_BODY = 10
INVITE_PREFIX, AMBASSADOR_PREFIX = "GD", "DS"
_CODE = re.compile(rf"(GD|DS)([{CODE_ALPHABET}]{{{CODE_BODY}}})")
_CODE_NOISE = re.compile(r"[\s\-_.·]")

# --- the short invite: GD and six signs ------------------------------------------------------

SHORT_ALPHABET = "ABCDEHKLMPSTUV23456789"
SHORT_BODY = 6
_SHORT = re.compile(rf"GD(?=[{SHORT_ALPHABET}]*\d)(?=[{SHORT_ALPHABET}]*[A-Z])([{SHORT_ALPHABET}]{{{SHORT_BODY}}})")


def format_code(prefix: str, body: str) -> str:
    return f"{prefix}-{body[:5]}-{body[5:]}"


def short_invite(body: str) -> str | None:
    """'4KM7TA' -> 'GD4KM7TA', or None when the body cannot be a short invite."""
    code = INVITE_PREFIX + body
    return code if _SHORT.fullmatch(code) else None


def normalize_code(text: str) -> str | None:
    """'gd 7kq2m-x9p3t' -> 'GD-7KQ2M-X9P3T', 'gd 4km 7ta' -> 'GD4KM7TA'; None when the text is
    not one of our codes."""
    plain = _CODE_NOISE.sub("", text.upper())
    short = _SHORT.fullmatch(plain)
    if short:
        return plain
    match = _CODE.fullmatch(plain)
    return format_code(match.group(1), match.group(2)) if match else None
