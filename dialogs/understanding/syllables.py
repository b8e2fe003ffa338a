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
_OPEN = "ai|ao|au|ay|eo|eu|ieu|iu|oai|oay|oeo|oi|ui|uoi|uou|uu|uyu|yeu|uay|uao|ia|ua|uya|ya"
_NEEDS_END = "ie|uo|ye|uye"
_MAY_END = "a|e|i|o|u|y|oa|oe|oo|ua|ue|uy|uo"
_END = "ch|ng|nh|[cmnpt]"
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
