"""Recording people an ambassador guided in person (first name or initials only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from dialogs.context import Context
from dialogs.core import Flow, StateSpec, Step, choices, echo, enter, line, reprompt, say
from dialogs.flows.common import MENU, SKIP
from dialogs.flows.family.common import extra_with, id_list, not_ambassador, toggle
from dialogs.flows.family.data import DATA_AMBASSADOR, GuidedRecorded, ambassador
from dialogs.flows.family.texts import (
    _DAY,
    CANCEL,
    GUIDED_AGE_Q,
    GUIDED_DATE_BAD,
    GUIDED_DATE_Q,
    GUIDED_LESSONS_Q,
    GUIDED_NAME_BAD,
    GUIDED_NAME_Q,
    GUIDED_PLACE_NONE,
    GUIDED_PLACE_PICK,
    GUIDED_PLACE_Q,
    GUIDED_SAVED,
    GUIDED_TOPICS_Q,
    INITIALS,
    PLACE_TAKEN,
)
from dialogs.flows.onboarding import AGE_OPTIONS, read_typed_age
from dialogs.messages import Option, Screen
from dialogs.state import DialogState, StateName

S = StateName


# --- guided in person: first name or initials, commune, age, lessons, date --------------


def _guided_name(state: DialogState) -> str:
    return state.extra.get("g_name", "")


def _render_guided_name(state: DialogState, ctx: Context) -> Screen:
    if ambassador(ctx) is None:
        return not_ambassador(state, ctx)
    return choices(state, line(ctx, GUIDED_NAME_Q), (CANCEL, MENU))


def _on_guided_cancel(state: DialogState, option: str, ctx: Context) -> Step:
    if option == CANCEL.id:
        return enter(ctx, state.to(S.AMB_MENU, extra={}, candidates=()))
    return enter(ctx, state.to(S.MENU, extra={}, candidates=()))


def _on_guided_name_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if ambassador(ctx) is None:
        return None
    name = " ".join(text.split())
    if len(name) > 20 or not INITIALS.fullmatch(name):
        return reprompt(state, ctx, line(ctx, GUIDED_NAME_BAD))
    name = " ".join(part[:1].upper() + part[1:] for part in name.split(" "))
    return enter(ctx, state.to(S.AMB_GUIDED_PLACE, extra={"g_name": name}, candidates=()))


def _render_guided_place(state: DialogState, ctx: Context) -> Screen:
    amb = ambassador(ctx)
    if amb is None:
        return not_ambassador(state, ctx)
    options = [Option(f"pick:{i}", p.label) for i, key in enumerate(state.candidates) if (p := ctx.places.get(key))]
    own = ctx.places.get(amb.place)
    if own is not None and amb.place not in state.candidates:
        options.append(Option("own", f"{own.label} (nơi {line(ctx, '{you}')} ở)"))
    template = GUIDED_PLACE_PICK if state.candidates else GUIDED_PLACE_Q
    return choices(state, line(ctx, template, name=_guided_name(state)), (*options, CANCEL, MENU))


def _on_guided_place(state: DialogState, option: str, ctx: Context) -> Step:
    amb = ambassador(ctx)
    if amb is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    place = amb.place if option == "own" else state.candidates[int(option.removeprefix("pick:"))]
    return enter(ctx, state.to(S.AMB_GUIDED_AGE, extra=extra_with(state, g_place=place), candidates=()))


def _on_guided_place_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if ambassador(ctx) is None:
        return None
    found = ctx.places.search(text)
    if len(found) == 1:  # one match is taken, and its name said back
        moved = state.to(S.AMB_GUIDED_AGE, extra=extra_with(state, g_place=found[0].key), candidates=())
        return enter(ctx, moved, say(line(ctx, PLACE_TAKEN, place=found[0].label)))
    if found:
        return enter(ctx, state.to(S.AMB_GUIDED_PLACE, candidates=tuple(p.key for p in found)))
    return reprompt(state, ctx, line(ctx, GUIDED_PLACE_NONE, query=echo(text)))


def _render_guided_age(state: DialogState, ctx: Context) -> Screen:
    if ambassador(ctx) is None:
        return not_ambassador(state, ctx)
    skip = replace(SKIP, label="Không rõ", aliases=(*SKIP.aliases, "khong ro"))
    return choices(state, line(ctx, GUIDED_AGE_Q, name=_guided_name(state)), (*AGE_OPTIONS, skip, CANCEL, MENU))


def _on_guided_age(state: DialogState, option: str, ctx: Context) -> Step:
    if ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    age = option.removeprefix("age:") if option.startswith("age:") else ""
    return enter(ctx, state.to(S.AMB_GUIDED_TOPICS, extra=extra_with(state, g_age=age)))


def _on_guided_age_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    """'68', 'bà ấy 70 tuổi': the age typed is read as the learner's own age screen reads it."""
    if ambassador(ctx) is None:
        return None
    return read_typed_age(state, text, ctx, _on_guided_age)


def _render_guided_topics(state: DialogState, ctx: Context) -> Screen:
    if ambassador(ctx) is None:
        return not_ambassador(state, ctx)
    chosen = id_list(state.extra.get("g_lessons", ""))
    options = []
    for topic in ctx.library.topics:
        if topic.lessons:
            picked = sum(1 for lid in topic.lessons if lid in chosen)
            options.append(Option(f"t:{topic.id}", f"{topic.title} ({picked}/{len(topic.lessons)})"))
    if chosen:
        options.append(Option("done", f"✔ Xong, đã chọn {len(chosen)} bài", ("xong", "luu")))
    text = line(ctx, GUIDED_TOPICS_Q, name=_guided_name(state), count=len(chosen))
    return choices(state, text, (*options, CANCEL, MENU))


def _on_guided_topics(state: DialogState, option: str, ctx: Context) -> Step:
    if ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    if option == "done":
        return enter(ctx, state.to(S.AMB_GUIDED_DATE))
    return enter(ctx, state.to(S.AMB_GUIDED_LESSONS, extra=extra_with(state, g_topic=option.removeprefix("t:"))))


def _render_guided_lessons(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(state.extra.get("g_topic", ""))
    if ambassador(ctx) is None or topic is None:
        return not_ambassador(state, ctx)
    chosen = id_list(state.extra.get("g_lessons", ""))
    options = [
        Option(f"l:{lid}", f"{'✅' if lid in chosen else '⬜'} {ctx.library.lessons[lid].title}")
        for lid in topic.lessons
    ]
    done = Option("back", "Xong chủ đề này", ("xong", "quay lai"))
    return choices(state, line(ctx, GUIDED_LESSONS_Q, topic=topic.title), (*options, done, MENU))


def _on_guided_lessons(state: DialogState, option: str, ctx: Context) -> Step:
    if ambassador(ctx) is None or option == MENU.id:
        return _on_guided_cancel(state, MENU.id, ctx)
    if option == "back":
        return enter(ctx, state.to(S.AMB_GUIDED_TOPICS, extra=extra_with(state, g_topic="")))
    chosen = toggle(state.extra.get("g_lessons", ""), option.removeprefix("l:"))
    return enter(ctx, state.to(S.AMB_GUIDED_LESSONS, extra=extra_with(state, g_lessons=chosen)))


def _today(ctx: Context) -> date:
    amb = ambassador(ctx)
    try:
        return date.fromisoformat(amb.today) if amb else ctx.now.date()
    except ValueError:
        return ctx.now.date()


def _render_guided_date(state: DialogState, ctx: Context) -> Screen:
    if ambassador(ctx) is None:
        return not_ambassador(state, ctx)
    options = (
        Option("today", "Hôm nay", ("hom nay", "nay")),
        Option("yesterday", "Hôm qua", ("hom qua", "qua")),
        CANCEL,
        MENU,
    )
    return choices(state, line(ctx, GUIDED_DATE_Q), options)


def _on_guided_date(state: DialogState, option: str, ctx: Context) -> Step:
    if ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    today = _today(ctx)
    return _save_guided(state, ctx, today if option == "today" else today - timedelta(days=1))


def parse_day(text: str, today: date) -> date | None:
    """'15/3', '15-03', '15/3/2026' -> a date not after today and at most a year back."""
    match = _DAY.fullmatch(text.strip())
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else today.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found > today and not match.group(3):
        found = found.replace(year=year - 1) if not (month == 2 and day == 29) else found
    return found if today - timedelta(days=366) <= found <= today else None


def _on_guided_date_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if ambassador(ctx) is None:
        return None
    found = parse_day(text, _today(ctx))
    if found is None:
        return reprompt(state, ctx, line(ctx, GUIDED_DATE_BAD)) if any(ch.isdigit() for ch in text) else None
    return _save_guided(state, ctx, found)


def _save_guided(state: DialogState, ctx: Context, day: date) -> Step:
    amb = ambassador(ctx)
    lessons = tuple(lid for lid in id_list(state.extra.get("g_lessons", "")) if lid in ctx.library.lessons)
    name, place = _guided_name(state), state.extra.get("g_place", "")
    if amb is None or not name or not place or not lessons:
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    event = GuidedRecorded(name, place, state.extra.get("g_age", ""), lessons, day.isoformat())
    found = ctx.places.get(place)
    text = line(
        ctx,
        GUIDED_SAVED,
        name=name,
        place=found.label if found else place,
        count=len(lessons),
        day=day.strftime("%d/%m/%Y"),
    )
    ctx = replace(ctx, data={**ctx.data, DATA_AMBASSADOR: replace(amb, guided=amb.guided + 1)})
    return enter(ctx, state.to(S.AMB_MENU, extra={}), say(text), (event,))


_MENU_EDGE = ("về menu", S.MENU)
FLOW = Flow(
    "family-guided",
    states=(
        StateSpec(
            S.AMB_GUIDED_NAME,
            _render_guided_name,
            _on_guided_cancel,
            _on_guided_name_text,
            edges=(("gõ tên gọi", S.AMB_GUIDED_PLACE), ("thôi", S.AMB_MENU), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_GUIDED_PLACE,
            _render_guided_place,
            _on_guided_place,
            _on_guided_place_text,
            edges=(
                ("chọn xã", S.AMB_GUIDED_AGE),
                ("nhiều nơi khớp", S.AMB_GUIDED_PLACE),
                ("thôi", S.AMB_MENU),
                _MENU_EDGE,
            ),
        ),
        StateSpec(
            S.AMB_GUIDED_AGE,
            _render_guided_age,
            _on_guided_age,
            _on_guided_age_text,
            edges=(("chọn tuổi", S.AMB_GUIDED_TOPICS), ("thôi", S.AMB_MENU), _MENU_EDGE),
            takes="số tuổi",
            example="68",
        ),
        StateSpec(
            S.AMB_GUIDED_TOPICS,
            _render_guided_topics,
            _on_guided_topics,
            edges=(
                ("chọn chủ đề", S.AMB_GUIDED_LESSONS),
                ("xong", S.AMB_GUIDED_DATE),
                ("thôi", S.AMB_MENU),
                _MENU_EDGE,
            ),
        ),
        StateSpec(
            S.AMB_GUIDED_LESSONS,
            _render_guided_lessons,
            _on_guided_lessons,
            edges=(("chọn / bỏ chọn bài", S.AMB_GUIDED_LESSONS), ("xong chủ đề", S.AMB_GUIDED_TOPICS), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_GUIDED_DATE,
            _render_guided_date,
            _on_guided_date,
            _on_guided_date_text,
            edges=(("chọn ngày, lưu", S.AMB_MENU), _MENU_EDGE),
        ),
    ),
)
