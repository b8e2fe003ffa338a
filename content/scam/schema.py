"""The shape of scam_signals.yaml and scam_brands.yaml. Loading refuses anything that does not fit."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Grade = Literal["scam", "suspicious", "none"]
GRADES: tuple[Grade, ...] = ("scam", "suspicious", "none")
# What a signal says about a message. "ordinary" signals lower the score: they are the marks
# of a genuine notice (a bank's own OTP warning, a balance change, a delivery on its way).
Kind = Literal["link", "request", "pressure", "pretend", "lure", "ordinary"]
KINDS: tuple[Kind, ...] = ("link", "request", "pressure", "pretend", "lure", "ordinary")
# Checks written in code (content/scam/links.py) because a pattern cannot express them.
Detector = Literal[
    "lookalike_domain",
    "shortener",
    "raw_ip",
    "apk_link",
    "risky_tld",
    "unknown_link",
    "official_link",
    "brand_named",
    "foreign_number",
]
MAX_EXPLANATION_CHARS = 160
MAX_ADVICE_CHARS = 200


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class GradeText(_Strict):
    title: str = Field(min_length=3, max_length=60)
    # The lowest total weight that earns this grade; "none" has no threshold.
    min_score: int | None = None


class Signal(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=40)
    kind: Kind
    weight: int = Field(ge=-10, le=10)
    # One short plain sentence, shown to the learner when the signal is found.
    explanation: str = Field(min_length=10, max_length=MAX_EXPLANATION_CHARS)
    # Written the way content.textnorm.normalize prints text: lower case, no diacritics.
    patterns: tuple[str, ...] = ()
    # Also found when every one of these matches inside one sentence, in any order: "a code"
    # and "read it out" in "Trả lời tin nhắn này bằng mã OTP vừa nhận".
    together: tuple[str, ...] = ()
    # Where `together` looks: one sentence, or the whole message ("Bị lừa qua mạng?" ... "thu hồi 90%").
    together_in: Literal["sentence", "message"] = "sentence"
    detector: Detector | None = None
    # A match right after "không", "đừng"... is a warning, not a request: skip it.
    negatable: bool = False
    # Counts only if one of these signal ids or kinds is found too.
    requires_any: tuple[str, ...] = ()
    # Does not count if one of these signal ids or kinds is found.
    unless_any: tuple[str, ...] = ()
    # The message is graded at least this, whatever the weights add up to (an OTP the
    # learner is unsure of is "suspicious" even beside the bank's own warning).
    at_least: Literal["suspicious", "scam"] | None = None
    # ... and at most this, whatever else is found: a message whose only way out is the
    # official counter or app (official-channel) is never "scam", though it may name a threat.
    at_most: Literal["none", "suspicious"] | None = None
    facts: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Signal:
        if not self.patterns and not self.together and self.detector is None:
            raise ValueError("a signal needs `patterns`, `together` or a `detector`")
        if len(self.together) == 1:
            raise ValueError("`together` needs two patterns or more; one goes under `patterns`")
        if (self.kind == "ordinary") != (self.weight <= 0):
            raise ValueError("ordinary signals weigh 0 or less; every other kind weighs more than 0")
        return self


class AdviceLine(_Strict):
    text: str = Field(min_length=10, max_length=MAX_ADVICE_CHARS)
    grades: tuple[Grade, ...] = Field(min_length=1)
    # Shown only when one of these signal ids or kinds was found.
    when_any: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()


class Lists(_Strict):
    shorteners: tuple[str, ...] = Field(min_length=1)
    risky_tlds: tuple[str, ...] = Field(min_length=1)
    # Characters a fake address uses in place of a letter: "0" for "o", "rn" for "m".
    lookalike_letters: dict[str, str] = Field(min_length=1)
    # Words that turn a request into a warning ("không cung cấp mã OTP"), each with how many
    # words back it reaches: "dung" is also "dùng" (use), so it only negates what follows it.
    negators: dict[str, int] = Field(min_length=1)
    # Two-word phrases where a negator word negates nothing: "ung dung" (ứng dụng), "neu khong".
    not_negations: tuple[str, ...] = ()
    # Words a negation does not reach back across ("chỉ cần...", "nhưng...").
    negation_stops: tuple[str, ...] = ()
    # Patterns after which, in the same clause, a negatable match is not a request: a report
    # about scammers ("kẻ gian giả danh công an yêu cầu...") or a denial ("không bao giờ yêu cầu").
    not_requests: tuple[str, ...] = ()
    # A denial that governs the rest of its sentence, across commas: "ngân hàng không bao giờ
    # gọi điện, nhắn tin yêu cầu cung cấp mật khẩu, OTP" lists what it denies.
    sentence_denials: tuple[str, ...] = ()
    # Markers of a retold call ("xưng là công an"): a report only in a message that also says
    # it is warning of a scam (one of `declared_warnings`); elsewhere the scam itself.
    retold_markers: tuple[str, ...] = ()
    declared_warnings: tuple[str, ...] = ()


class Shape(_Strict):
    """Signals that, found together, make the shape of a scam: a message the weights grade
    "suspicious" is graded "scam" when it has one. What decides is the kind of evidence
    (something asked + a story or a threat), not how a pattern happened to be worded."""

    id: str = Field(pattern=ID_PATTERN, max_length=40)
    # One of these signal ids or kinds...
    needs_any: tuple[str, ...] = Field(min_length=1)
    # ...and one of these...
    with_any: tuple[str, ...] = Field(min_length=1)
    # ...and none of these (a message warning about scams names every part of one).
    unless_any: tuple[str, ...] = ()
    # For officers reading the file: the scam this shape stands for.
    note: str = Field(min_length=10)


class SignalFile(_Strict):
    grades: dict[Grade, GradeText]
    max_shown: int = Field(ge=1, le=6)
    # Advice: every line that fits the grade, plus at most this many tied to signals found.
    max_extra_advice: int = Field(ge=0, le=4)
    # However many of these a message has, only the heaviest counts: a notice naming the
    # hospital, VNeID and the health insurance is no more a scam than one naming one of them.
    count_once: tuple[str, ...] = ()
    lists: Lists
    signals: tuple[Signal, ...] = Field(min_length=1)
    shapes: tuple[Shape, ...] = ()
    # The learned second opinion (scam_model.json) may raise "suspicious" to "scam" from this
    # probability on; None: it is not consulted.
    learned_scam_from: float | None = Field(default=None, ge=0.5, lt=1.0)
    # ... and "none" to "suspicious" from this one, when the signals found something to name.
    learned_suspicious_from: float | None = Field(default=None, ge=0.5, lt=1.0)
    advice: tuple[AdviceLine, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_grade(self) -> SignalFile:
        missing = [grade for grade in GRADES if grade not in self.grades]
        if missing:
            raise ValueError(f"grades: missing {', '.join(missing)}")
        scam, suspicious = self.grades["scam"].min_score, self.grades["suspicious"].min_score
        if scam is None or suspicious is None or not 0 < suspicious < scam:
            raise ValueError("grades: need 0 < suspicious.min_score < scam.min_score")
        return self


class Brand(_Strict):
    """A bank, wallet, courier or state body whose name fake addresses borrow."""

    id: str = Field(pattern=ID_PATTERN)
    # Folded, lower case, 3+ letters: how the name appears inside an address or a message.
    names: tuple[str, ...] = Field(min_length=1)
    # Its real addresses (subdomains included). Empty for state bodies: theirs end in .gov.vn.
    domains: tuple[str, ...] = ()
    gov: bool = False
    # The pretend-* signal a message naming this brand gets; none for names people use in
    # passing ("nhắn qua Zalo"), which only count inside an address.
    signal: str | None = Field(default=None, pattern=ID_PATTERN)
    # Where the real addresses were confirmed.
    source: str = Field(min_length=3)


class BrandFile(_Strict):
    brands: tuple[Brand, ...] = Field(min_length=1)
