"""How the tutor addresses a learner: the form they chose, and their name."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# Oldest first, as a learner reads down the list: many of our learners are grandparents.
ADDRESS_FORMS = ("ông", "bà", "bác", "cô", "chú", "anh", "chị", "em")
DEFAULT_FORM = "bạn"
# How the tutor calls itself to each: "cháu" to elders, "em" to an older sibling's age,
# "mình" to an "em" (younger) or before a form is chosen.
_SELF_WORD = MappingProxyType(
    {"ông": "cháu", "bà": "cháu", "bác": "cháu", "cô": "cháu", "chú": "cháu", "anh": "em", "chị": "em"}
)


@dataclass(frozen=True, slots=True)
class Voice:
    address: str = ""
    name: str = ""

    @property
    def you(self) -> str:
        """'bác' (or 'bạn' before the learner has chosen)."""
        return self.address if self.address in ADDRESS_FORMS else DEFAULT_FORM

    @property
    def You(self) -> str:
        return self.you[:1].upper() + self.you[1:]

    @property
    def me(self) -> str:
        """How the tutor calls itself when speaking to this learner."""
        return _SELF_WORD.get(self.you, "mình")

    @property
    def full(self) -> str:
        """'bác Lan' when a name is known, otherwise just 'bác'.

        Vietnamese address people by the given name, the last word: 'chị Hoa', not
        'chị Nguyễn Thị Hoa'.
        """
        given = self.name.split()[-1] if self.name.split() else ""
        return f"{self.you} {given}" if given else self.you

    def fill(self, text: str) -> str:
        """Put the learner's form into lesson text written with {ban} / {Ban}."""
        return text.replace("{ban}", self.you).replace("{Ban}", self.You)

    def say(self, template: str, **values: object) -> str:
        """Fill a UI template: {you}, {You}, {full}, {Full}, {me}, {Me_cap} and any named values."""
        full, me = self.full, self.me
        return template.format(
            you=self.you,
            You=self.You,
            full=full,
            Full=full[:1].upper() + full[1:],
            me=me,
            Me_cap=me[:1].upper() + me[1:],
            **values,
        )
