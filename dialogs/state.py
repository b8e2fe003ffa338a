"""Every conversation state has a name; the whole position fits in one small value."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any


class StateName(StrEnum):
    NEW = "new"
    ONB_CONSENT = "onb_consent"
    ONB_ADDRESS = "onb_address"
    ONB_NAME = "onb_name"
    ONB_AGE = "onb_age"
    ONB_PLACE = "onb_place"
    ONB_PLACE_PICK = "onb_place_pick"
    ONB_REMINDER = "onb_reminder"
    MENU = "menu"
    TOPICS = "topics"
    LESSONS = "lessons"
    LESSON_CARD = "lesson_card"
    QUIZ = "quiz"
    QUIZ_RESULT = "quiz_result"
    QUIZ_WAIT = "quiz_wait"
    REVIEW = "review"
    PROGRESS = "progress"
    SETTINGS = "settings"
    DELETE_CONFIRM = "delete_confirm"
    HELP = "help"
    # --- asides that return exactly where the learner was (state.back) ---
    ANSWER = "answer"
    SCAM_ASK = "scam_ask"
    SCAM_RESULT = "scam_result"
    # --- admin broadcasts (issue 6): add states below this line ---
    REMIND = "remind"
    ADM_TEXT = "adm_text"
    ADM_ATTACH = "adm_attach"
    ADM_LESSON = "adm_lesson"
    ADM_AUDIENCE = "adm_audience"
    ADM_PLACE = "adm_place"
    ADM_DAYS = "adm_days"
    ADM_PREVIEW = "adm_preview"
    ADM_WHEN = "adm_when"
    ADM_STATUS = "adm_status"
    ADM_CANCEL = "adm_cancel"
    # --- end admin broadcasts ---
    # --- ambassadors and families (issue 7): add states below this line ---
    AMB_MENU = "amb_menu"
    AMB_NEW_FAMILY = "amb_new_family"
    AMB_INVITE = "amb_invite"
    AMB_FAMILY = "amb_family"
    AMB_PUSH_TOPIC = "amb_push_topic"
    AMB_PUSH_LESSON = "amb_push_lesson"
    AMB_PUSH_MEMBERS = "amb_push_members"
    AMB_GUIDED_NAME = "amb_guided_name"
    AMB_GUIDED_PLACE = "amb_guided_place"
    AMB_GUIDED_AGE = "amb_guided_age"
    AMB_GUIDED_TOPICS = "amb_guided_topics"
    AMB_GUIDED_LESSONS = "amb_guided_lessons"
    AMB_GUIDED_DATE = "amb_guided_date"
    FAMILY_JOIN = "family_join"
    FAMILY_MINE = "family_mine"
    FAMILY_LEAVE = "family_leave"
    FAMILY_PUSHED = "family_pushed"
    ADMIN_STATS = "admin_stats"
    # asides: a learner asks for a person's help; an ambassador reads a request, or the day's news
    FAMILY_HELP = "family_help"
    AMB_HELP = "amb_help"
    AMB_NEWS = "amb_news"
    # --- end ambassadors and families ---


@dataclass(frozen=True, slots=True)
class DialogState:
    name: StateName = StateName.NEW
    # Bumped on every new screen; a button drawn on an older screen is stale.
    screen: int = 0
    topic: str = ""
    lesson: str = ""
    card: int = 0
    simple: bool = False
    question: int = 0
    correct: int = 0
    queue: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    # True while an onboarding question is answered from Settings.
    editing: bool = False
    # Where the learner left a lesson: "lesson-id:card", "lesson-id:quiz:question:correct" inside a
    # quiz, "lesson-id:quiz" for a new attempt.
    bookmark: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # This attempt's questions, each "question-id:order" (the file's option indexes in the order
    # shown), drawn once so that a quiz resumed days later shows the same screens.
    drawn: tuple[str, ...] = ()
    # Question ids asked lately, oldest first: a retry draws the others first.
    seen: tuple[str, ...] = ()
    # The module (certificate path) the learner works towards; "" is the starting path.
    path: str = ""
    # Failed attempts at `lesson` today, counted when the last quiz result was shown.
    fails: int = 0
    # Replies in a row this screen did not understand: the help escalates with them.
    misses: int = 0
    # Option ids a question back ("Ý bác là … hay …?") offered; the next reply picks among them.
    asked: tuple[str, ...] = ()
    # Where an aside (an answered question, a checked message) returns to: that state, stored.
    back: str = ""

    def to(self, name: StateName, **changes: Any) -> DialogState:
        return replace(self, name=name, **changes)

    def dumps(self) -> str:
        # Field by field rather than asdict(), which deep-copies every tuple first (a tenth of
        # a turn's step); json writes tuples as lists and the StrEnum as its string alike.
        values = {name: getattr(self, name) for name in _FIELD_NAMES}
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: str | None) -> DialogState:
        if not raw:
            return cls()
        data = json.loads(raw)
        data["name"] = StateName(data.get("name", StateName.NEW))
        data["queue"] = tuple(data.get("queue", ()))
        data["candidates"] = tuple(data.get("candidates", ()))
        data["drawn"] = tuple(data.get("drawn", ()))
        data["seen"] = tuple(data.get("seen", ()))
        data["asked"] = tuple(data.get("asked", ()))
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


_FIELD_NAMES = tuple(f.name for f in fields(DialogState))
