"""Spaced review with FSRS: wrong answers enter review, every review reschedules."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

# Chat learners come back daily at best: the first relearning step is "tomorrow",
# not FSRS's default of minutes, which would nag within the same sitting.
_SCHEDULER = Scheduler(
    learning_steps=(timedelta(hours=20),),
    relearning_steps=(timedelta(hours=20),),
    enable_fuzzing=False,
)


def schedule_answer(card_json: str | None, correct: bool, now: datetime) -> tuple[str, datetime] | None:
    """The question's next FSRS card and due time; None if it need not enter review."""
    if card_json is None and correct:
        return None
    card = Card.from_dict(json.loads(card_json)) if card_json else Card(card_id=1, due=now)
    rating = Rating.Good if correct else Rating.Again
    card, _log = _SCHEDULER.review_card(card, rating, now)
    due: datetime = card.due
    return json.dumps(card.to_dict()), due
