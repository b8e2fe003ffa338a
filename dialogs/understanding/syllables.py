"""Whether a folded word could be a Vietnamese syllable: 'ngan' could, 'thah' and 'tieo' cannot.

A slip of the finger usually leaves a string no Vietnamese word is spelled with; a real
syllable one letter away from a label's word is more often another word ("ngân" is not
"ngày"). So only impossible spellings are read as slips for sure.
"""

from __future__ import annotations

import re

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
# Vowel groups that end the syllable ("ai", "ieu"), that need a final consonant ("iê" in
# "tiếp", "uô" in "muốn"), and that may take one or not ("a", "oa").
_OPEN = "ai|ao|au|ay|eo|eu|ieu|iu|oai|oay|oeo|oi|ui|uoi|uou|uu|uyu|yeu|uay|uao|ia|ua|uya"
_NEEDS_END = "ie|uo|ye|uye"
_MAY_END = "a|e|i|o|u|y|oa|oe|oo|ua|ue|uy|uo"
_END = "ch|ng|nh|[cmnpt]"
# The longest spelling the pattern allows: three letters of onset, a vowel group that needs an
# end and its end ("nghuyêng" in shape); no syllable is longer, so no run of three is longer
# than three of these.
LONGEST_SYLLABLE = 3 + 3 + 2
_SYLLABLE = re.compile(rf"{_ONSET}(?:(?:{_OPEN})|(?:{_NEEDS_END})(?:{_END})|(?:{_MAY_END})(?:{_END})?)")


# Spellings of one sound that learners mix up (and some regions say alike).
_SAME_SOUND = (("tr", "ch"), ("s", "x"), ("gi", "d"), ("r", "d"))


def could_be_syllable(folded: str) -> bool:
    return _SYLLABLE.fullmatch(folded) is not None


def sound(text: str) -> str:
    """The word as said, where spellings of one sound are often mixed up: "chánh" for "tránh",
    "xai" for "sai", "dì" / "gì" / "rì"."""
    for written, said in _SAME_SOUND:
        if text.startswith(written):
            return said + text[len(written) :]
    return text


# Telex, the usual way to type Vietnamese: a keyboard that does not turn it into marks leaves
# its keys in the word ("tieeps" for "tiếp", "hocj" for "học", "dduwowcj" for "được"): doubled
# letters for â, ê, ô, đ, a "w" for ă, ơ, ư, and a tone key at the end.
_TELEX_TONES = frozenset("sfrxj")
_TELEX_LETTERS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"), ("uw", "u"), ("ow", "o"), ("aw", "a"))
_TELEX_SHORTEST = 3


def telex(folded: str) -> str:
    """The word with Telex keys read as the letters they stand for, marks aside."""
    if len(folded) < _TELEX_SHORTEST:
        return folded
    word = folded[:-1] if folded[-1] in _TELEX_TONES else folded
    for keys, letter in _TELEX_LETTERS:
        word = word.replace(keys, letter)
    return word.replace("w", "u")


# A key held or struck again on a cheap phone: "bammm", "thatt", "tiepp", "nhaaa".
_RUN = re.compile(r"(.)\1+")


def unkeyed(folded: str) -> str:
    """A word typed in Telex without marks made of it, as its syllable; any other word as it is.

    Only a word that cannot be Vietnamese as typed and can once its keys are read: "tieeps" is
    "tiep", but "tips" stays, and so does "khoong" ("xoong" is a word). A word no syllable can
    be with a letter doubled or tripled ("bammm", "thatt") is the syllable it makes with each
    of those letters once ("bam", "that"); "hello" or "kkk" make none, and stay."""
    if could_be_syllable(folded) or not folded.isalpha():
        return folded
    read = telex(folded)
    if read != folded and could_be_syllable(read):
        return read
    once = _RUN.sub(r"\1", folded)
    return once if once != folded and could_be_syllable(once) else folded
