"""The words a pattern's match can begin with, so a check only tries the places they occur.

Scanning a 2,000-character message with ~130 regexes costs ~0.05 ms each; most patterns
can only start on a handful of words ("cung cap", "doc", "gui"...). `first_words` reads a
pattern as officers write them (docs/scamcheck.md) and returns those words, or None when it
cannot tell (a class, an optional part it cannot see past): then the whole text is scanned
as before. A match that begins with a number begins on a word that holds one: its key is the
letters before the digit and NUMBER ("x10": "x\\d"). The checker's tests compare both ways on
the whole development set.
"""

from __future__ import annotations

import re

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# A match that begins with a number ("\\d+ ?(k|nghin)", "x\\d+ tai khoan") begins on a word
# whose letters before its first digit are these: it is found under `number_word(letters)`.
NUMBER = "\\d"
_DIGITS = frozenset("0123456789")
_COUNT = re.compile(r"\{(\d+)(?:,(\d+))?\}")
_MOST_COUNTS = 8  # "x{4,8}" is five words; a wider count is not worth spelling out


class _Unknown(Exception):
    """The first word cannot be told from the pattern alone."""


def first_words(pattern: str) -> frozenset[str] | None:
    try:
        found = _alternatives(pattern, ends_word=True)
    except _Unknown:
        return None
    if any(not complete for _, complete in found):
        return None
    return frozenset(word for word, _ in found)


def _alternatives(pattern: str, *, ends_word: bool) -> set[tuple[str, bool]]:
    return {pair for alternative in _split_top(pattern) for pair in _first(alternative, ends_word=ends_word)}


def _first(text: str, *, ends_word: bool) -> set[tuple[str, bool]]:
    """(first word, whether the word surely ends there) for one alternative.

    `ends_word`: whether the end of `text` ends a word (the whole pattern) or not (a group,
    whose word may run on into what follows it).
    """
    while text.startswith(("(?<!", "(?<=")):
        text = text[_close(text) + 1 :]
    if text.startswith("("):
        return _group_first(text, ends_word=ends_word)
    word = ""
    for i, char in enumerate(text):
        if text.startswith("{", i + 1) and char in _WORD_CHARS:
            return _counted(text, i, ends_word=ends_word)
        if char in _WORD_CHARS:
            word += char
            continue
        if text.startswith(NUMBER, i) and not _DIGITS & set(word) and _at_least_one(text[i + len(NUMBER) :]):
            return {(number_word(word), True)}
        if char == " " or text.startswith(("(?!", "(?="), i):
            return {(word, True)} if word else _first(text[i + 1 :], ends_word=ends_word)
        raise _Unknown
    if not word:
        raise _Unknown
    return {(word, ends_word)}


def number_word(letters: str) -> str:
    """The key of a word that is `letters` then a digit ("x10": "x\\d", "50k": "\\d")."""
    return letters + NUMBER


def _at_least_one(rest: str) -> bool:
    """What follows a "\\d" leaves at least one digit there (none of "*", "?", "{0")."""
    count = _COUNT.match(rest)
    return not rest.startswith(("*", "?")) and (count is None or int(count.group(1)) > 0)


def _counted(text: str, at: int, *, ends_word: bool) -> set[tuple[str, bool]]:
    """A letter repeated a bounded number of times ("x{4,8}"): each count, spelled out."""
    count = _COUNT.match(text, at + 1)
    if count is None:
        raise _Unknown
    least = int(count.group(1))
    most = int(count.group(2)) if count.group(2) is not None else least
    if least < 1 or most < least or most - least > _MOST_COUNTS:
        raise _Unknown
    rest = text[count.end() :]
    spelled = (text[:at] + text[at] * times + rest for times in range(least, most + 1))
    return {pair for each in spelled for pair in _first(each, ends_word=ends_word)}


def _group_first(text: str, *, ends_word: bool) -> set[tuple[str, bool]]:
    end = _close(text)
    inner = text[3:end] if text.startswith("(?:") else text[1:end]
    if text.startswith("(?") and not text.startswith("(?:"):
        raise _Unknown
    rest = text[end + 1 :]
    optional = rest.startswith("?")
    if rest.startswith(("*", "+", "{")):
        raise _Unknown
    rest = rest[1:] if optional else rest
    ends = (not rest and ends_word) or rest[:1] == " " or rest.startswith(("(?!", "(?="))
    found = set()
    for word, complete in _alternatives(inner, ends_word=False):
        if not (complete or ends):
            raise _Unknown  # the group's word runs on into what follows it
        found.add((word, True))
    return found | (_first(rest, ends_word=ends_word) if optional else set())


def _close(text: str) -> int:
    """Index of the parenthesis closing the one at text[0]."""
    depth, i = 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = text.index("]", i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Unknown


def _split_top(pattern: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = pattern.index("]", i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]
