"""Onboarding: greeting, consent, how to address the learner, name, age, place, reminder."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs.context import Context
from dialogs.core import (
    Command,
    Flow,
    OnOption,
    StateSpec,
    Step,
    ask_back,
    choices,
    echo,
    enter,
    line,
    reprompt,
    say,
    voice,
)
from dialogs.events import Event, ProfileSet
from dialogs.flows.account import verify_lines
from dialogs.messages import Inbound, InboundKind, Option, Screen
from dialogs.replies import GO_ON, WELCOME_BACK
from dialogs.state import DialogState, StateName
from dialogs.understanding import forms_by_age, read_address, read_age_range, read_name, read_time
from dialogs.voice import ADDRESS_FORMS

from .common import SKIP

S = StateName
GREETING = (
    "Xin chào! Đây là Học Vụ Số, trợ lý học tự động (máy trả lời, không phải người thật).",
    "Ở đây có bài học ngắn, mỗi bài vài phút: VNeID, dịch vụ công, thanh toán số, "
    "cách tránh lừa đảo và nhiều điều khác. Học xong có câu hỏi nhỏ để ôn.",
)
CONSENT = (
    "Để nhớ {you} học tới đâu, {me} cần lưu: cách xưng hô, tên gọi, nhóm tuổi, xã/phường, "
    "giờ nhắc học và kết quả các bài.\n"
    "• Để làm gì: học tiếp đúng chỗ, nhắc ôn bài, cấp giấy chứng nhận.\n"
    "• Ai quản lý: {controller}.\n"
    "• {me_cap} không bao giờ hỏi số căn cước, mật khẩu hay mã OTP.\n"
    "• Muốn xóa lúc nào cũng được: gõ /xoadulieu.\n"
    "{You} có đồng ý cho lưu không?"
)
CONSENT_NO = "Không sao ạ. {You} vẫn đọc bài và làm câu hỏi được; {me} không lưu gì về {you}."
ADDRESS_Q = "{Me_cap} nên gọi {you} là gì cho phải ạ?"
NAME_Q = "{You} tên là gì ạ? Gõ tên gọi thôi, ví dụ: Lan. Không muốn thì chọn Bỏ qua."
NAME_BAD = "{Me_cap} chỉ cần tên gọi thôi ạ, ví dụ: Lan. {You} gõ lại giúp {me} nhé, hoặc chọn Bỏ qua."
AGE_BAD = "{Me_cap} chưa rõ tuổi ạ. {You} gõ số tuổi, ví dụ: 68, hoặc chọn nhóm tuổi bên dưới."
AGE_Q = "{Full} thuộc nhóm tuổi nào ạ?"
PLACE_Q = "{Full} ở xã hoặc phường nào? Gõ vài chữ của tên, có dấu hay không dấu đều được. Ví dụ: tan cuong"
PLACE_NONE = "{Me_cap} chưa tìm thấy nơi có tên “{query}”. {You} thử gõ ngắn hơn, hoặc chọn Khác."
PLACE_PICK = "{Me_cap} tìm thấy mấy nơi này. {You} ở đâu ạ?"
REMIND_Q = "{You} muốn được nhắc học lúc mấy giờ? Chọn bên dưới hoặc gõ giờ, ví dụ: 8h hoặc 19:30."
REMIND_BAD = "Giờ nhắc cần trong khoảng 7 giờ sáng đến 21 giờ tối ạ, ví dụ 8h hoặc 19:30."
DONE = "Xong rồi ạ! Cảm ơn {full}. Thông tin này đổi được bất cứ lúc nào trong Cài đặt."

AGE_OPTIONS = (
    Option("age:duoi-30", "Dưới 30 tuổi", ("duoi 30",)),
    Option("age:30-59", "Từ 30 đến 59 tuổi", ("30 59", "tu 30 den 59")),
    Option("age:60+", "Từ 60 tuổi trở lên", ("60", "tren 60", "gia")),
)
REMIND_OPTIONS = (
    Option("rem:07:00", "7 giờ sáng", ("sang", "7 gio sang")),
    Option("rem:12:00", "12 giờ trưa", ("trua", "12h")),
    Option("rem:19:00", "7 giờ tối", ("toi", "19h", "7 gio toi")),
    Option("rem:off", "Không cần nhắc", ("khong nhac", "khong can", "khong")),
)
OTHER_PLACE = Option("place:other", "Khác", ("khac", "noi khac"))
SEARCH_AGAIN = Option("again", "Tìm lại", ("tim lai",))
ORDER = (S.ONB_ADDRESS, S.ONB_NAME, S.ONB_AGE, S.ONB_PLACE, S.ONB_REMINDER)
# The questions of a first meeting: a command or a pushed lesson never cuts one short.
STATES = frozenset({S.ONB_CONSENT, *ORDER, S.ONB_PLACE_PICK})


def greeting(ctx: Context) -> tuple[str, ...]:
    return GREETING


def _first_contact(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A new learner's first message, whatever it is: greet, then ask for consent."""
    before = say(*greeting(ctx))
    if inbound.kind is InboundKind.COMMAND and inbound.command == "xacminh":
        before = (*verify_lines(inbound.text, ctx), *before)
    return enter(ctx, state.to(S.ONB_CONSENT), before)


def restart(state: DialogState, args: str, ctx: Context) -> Step:
    """/start again: carry on with the questions, or back to the menu with a welcome."""
    if state.name in STATES and not state.editing:
        return reprompt(state, ctx, line(ctx, GO_ON))
    return enter(ctx, state.to(S.MENU, editing=False), say(line(ctx, WELCOME_BACK)))


def after_answer(state: DialogState, ctx: Context, events: tuple[Event, ...], current: StateName) -> Step:
    """The next onboarding question, or back to Settings when editing one answer."""
    ctx = _apply(ctx, events)
    if state.editing:
        return enter(ctx, state.to(S.SETTINGS, editing=False, candidates=()), say("Đã lưu ạ."), events)
    index = ORDER.index(current) if current in ORDER else -1
    if index + 1 < len(ORDER):
        return enter(ctx, state.to(ORDER[index + 1], candidates=()), (), events)
    return enter(ctx, state.to(S.MENU, candidates=()), say(line(ctx, DONE)), events)


def _apply(ctx: Context, events: tuple[Event, ...]) -> Context:
    """Show the new answers at once (the shell stores them after the step)."""
    changes: dict[str, Any] = {}
    for event in events:
        if isinstance(event, ProfileSet):
            changes[event.field] = event.value if event.value is not None else ""
    if not changes:
        return ctx
    profile = replace(ctx.learner.profile, **changes)
    return replace(ctx, learner=replace(ctx.learner, profile=profile))


# --- consent -------------------------------------------------------------------------


def _render_consent(state: DialogState, ctx: Context) -> Screen:
    text = line(ctx, CONSENT, controller=ctx.settings.data_controller, me_cap=voice(ctx).me.capitalize())
    return choices(
        state,
        text,
        (
            Option("yes", "Đồng ý", ("dong y", "co", "u", "ok", "yes")),
            Option("no", "Không đồng ý", ("khong dong y", "khong", "ko", "no")),
        ),
    )


def _on_consent(state: DialogState, option: str, ctx: Context) -> Step:
    if option == "yes":
        return after_answer(state, ctx, (ProfileSet("consent", True),), S.ONB_CONSENT)
    events = (ProfileSet("consent", False),)
    ctx = _apply(ctx, events)
    return enter(ctx, state.to(S.MENU, editing=False), say(line(ctx, CONSENT_NO)), events)


# --- address, name, age --------------------------------------------------------------


ADDRESS_OPTIONS = tuple(Option(f"addr:{form}", form.capitalize()) for form in ADDRESS_FORMS)


def _render_address(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, ADDRESS_Q), (*ADDRESS_OPTIONS, SKIP))


def _on_address(state: DialogState, option: str, ctx: Context) -> Step:
    events: tuple[Event, ...] = ()
    if option.startswith("addr:"):
        events = (ProfileSet("address", option.removeprefix("addr:")),)
    return after_answer(state, ctx, events, S.ONB_ADDRESS)


def _render_name(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, NAME_Q), (SKIP,))


def _on_name_option(state: DialogState, option: str, ctx: Context) -> Step:
    return after_answer(state, ctx, (), S.ONB_NAME)


def _on_name_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    """'tôi tên là Lan', 'cháu là Hoa ạ' -> Lan, Hoa; a whole sentence is asked again, not kept."""
    name = read_name(text)
    if name is None:
        return reprompt(state, ctx, line(ctx, NAME_BAD))
    return after_answer(state, ctx, (ProfileSet("name", name),), S.ONB_NAME)


def age_group(age: int) -> str | None:
    """The age group of the onboarding question; None for an age nobody has."""
    if not 10 <= age <= 110:
        return None
    return "duoi-30" if age < 30 else "30-59" if age < 60 else "60+"


def read_typed_age(state: DialogState, text: str, ctx: Context, pick: OnOption) -> Step | None:
    """On a screen of AGE_OPTIONS: '68', 'toi 68 tuoi', 'năm nay 70', 'sinh năm 1958' is the
    age group's option, taken as the screen takes it (`pick`); an age hedged across a group's
    edge ('gần 60', 'khoảng 60', 'sắp 30', or a year of birth 30 or 60 years ago, the birthday
    maybe still to come) asks which of the two groups; an age nobody has is
    asked again. None when no age is typed, or when what is typed reaches all three groups (a
    bare '9x': born in the 1990s, or in one's nineties), which no question of two can ask."""
    found = read_age_range(text, ctx.now.year)
    if found is None:
        return None
    group = age_group(found.age)
    if group is None:
        return reprompt(state, ctx, line(ctx, AGE_BAD))
    edges = (age_group(found.youngest), age_group(found.oldest))
    if edges == ("duoi-30", "60+"):
        return None
    if edges[0] != edges[1]:
        return ask_back(state, ctx, (o for o in AGE_OPTIONS if o.id.removeprefix("age:") in edges))
    return pick(state, f"age:{group}", ctx)


def _on_age_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    return read_typed_age(state, text, ctx, _on_age)


def _on_address_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    """'gọi tôi là bác', 'bà ạ', 'em 22t' -> the form of address; 'tôi nam, 70 tuổi' (an age,
    maybe a man or a woman, and no form) asks among the forms a person would use ('Ông',
    'Bác'), never one picked for the learner."""
    form = read_address(text)
    if form is not None and form in ADDRESS_FORMS:
        return after_answer(state, ctx, (ProfileSet("address", form),), S.ONB_ADDRESS)
    fitting = forms_by_age(text, ctx.now.year)
    if not fitting:
        return None
    return ask_back(state, ctx, (o for o in ADDRESS_OPTIONS if o.id.removeprefix("addr:") in fitting))


def _render_age(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, AGE_Q), (*AGE_OPTIONS, SKIP))


def _on_age(state: DialogState, option: str, ctx: Context) -> Step:
    events: tuple[Event, ...] = ()
    if option.startswith("age:"):
        events = (ProfileSet("age_group", option.removeprefix("age:")),)
    return after_answer(state, ctx, events, S.ONB_AGE)


# --- place ---------------------------------------------------------------------------


def _render_place(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, PLACE_Q), (OTHER_PLACE, SKIP))


def _on_place_option(state: DialogState, option: str, ctx: Context) -> Step:
    events: tuple[Event, ...] = (ProfileSet("place", "other"),) if option == OTHER_PLACE.id else ()
    return after_answer(state, ctx, events, S.ONB_PLACE)


def _on_place_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    found = ctx.places.search(text)
    if len(found) == 1:
        return after_answer(state, ctx, (ProfileSet("place", found[0].key),), S.ONB_PLACE)
    if found:
        return enter(ctx, state.to(S.ONB_PLACE_PICK, candidates=tuple(p.key for p in found)))
    return reprompt(state, ctx, line(ctx, PLACE_NONE, query=echo(text)))


def _render_place_pick(state: DialogState, ctx: Context) -> Screen:
    options = []
    for index, key in enumerate(state.candidates):
        place = ctx.places.get(key)
        if place is not None:
            options.append(Option(f"pick:{index}", place.label))
    return choices(state, line(ctx, PLACE_PICK), (*options, SEARCH_AGAIN, OTHER_PLACE))


def _on_place_pick(state: DialogState, option: str, ctx: Context) -> Step:
    if option == SEARCH_AGAIN.id:
        return enter(ctx, state.to(S.ONB_PLACE, candidates=()))
    if option == OTHER_PLACE.id:
        return after_answer(state, ctx, (ProfileSet("place", "other"),), S.ONB_PLACE)
    key = state.candidates[int(option.removeprefix("pick:"))]
    return after_answer(state, ctx, (ProfileSet("place", key),), S.ONB_PLACE)


# --- reminder ------------------------------------------------------------------------


def _render_reminder(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, REMIND_Q), REMIND_OPTIONS)


def _on_reminder(state: DialogState, option: str, ctx: Context) -> Step:
    value = option.removeprefix("rem:")
    event = ProfileSet("reminder_time", None if value == "off" else value)
    return after_answer(state, ctx, (event,), S.ONB_REMINDER)


def _on_reminder_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    value = read_time(text)
    if value is None:
        return reprompt(state, ctx, REMIND_BAD) if any(ch.isdigit() for ch in text) else None
    if not "07:00" <= value <= "21:00":
        return reprompt(state, ctx, REMIND_BAD)
    return after_answer(state, ctx, (ProfileSet("reminder_time", value),), S.ONB_REMINDER)


_NEXT = "trả lời"
_EDITED = ("sửa xong", S.SETTINGS)
FLOW = Flow(
    "onboarding",
    states=(
        StateSpec(
            S.ONB_CONSENT,
            _render_consent,
            _on_consent,
            edges=(("đồng ý", S.ONB_ADDRESS), ("không đồng ý", S.MENU), ("đồng ý (từ Cài đặt)", S.SETTINGS)),
        ),
        StateSpec(S.ONB_ADDRESS, _render_address, _on_address, _on_address_text, edges=((_NEXT, S.ONB_NAME), _EDITED)),
        StateSpec(
            S.ONB_NAME,
            _render_name,
            _on_name_option,
            _on_name_text,
            edges=((_NEXT, S.ONB_AGE), _EDITED),
            takes="tên gọi",
            example="Lan",
        ),
        StateSpec(
            S.ONB_AGE,
            _render_age,
            _on_age,
            _on_age_text,
            edges=((_NEXT, S.ONB_PLACE), _EDITED),
            takes="số tuổi",
            example="68",
        ),
        StateSpec(
            S.ONB_PLACE,
            _render_place,
            _on_place_option,
            _on_place_text,
            edges=(("nhiều nơi khớp", S.ONB_PLACE_PICK), (_NEXT, S.ONB_REMINDER), _EDITED),
            takes="tên xã, phường",
            example="tan cuong",
        ),
        StateSpec(
            S.ONB_PLACE_PICK,
            _render_place_pick,
            _on_place_pick,
            _on_place_text,
            edges=(("tìm lại", S.ONB_PLACE), ("gõ tên khác", S.ONB_PLACE_PICK), ("chọn", S.ONB_REMINDER), _EDITED),
        ),
        StateSpec(
            S.ONB_REMINDER,
            _render_reminder,
            _on_reminder,
            _on_reminder_text,
            edges=(("chọn giờ", S.MENU), _EDITED),
            takes="giờ nhắc",
            example="8h tối",
        ),
    ),
    commands=(Command(("start", "batdau"), restart, (S.MENU,), label="/start"),),
    first_contact=_first_contact,
)
