"""The Digital Ambassador's tools: families, invites, nudges and pushing a lesson."""

from __future__ import annotations

from dataclasses import replace

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Command, Flow, StateSpec, Step, aside, choices, enter, line, reprompt, say
from dialogs.events import Event
from dialogs.flows.common import MENU
from dialogs.flows.family.common import extra_with, id_list, names, not_ambassador, refuse, short, title, toggle
from dialogs.flows.family.data import (
    DATA_AMBASSADOR,
    DATA_FRESH,
    AmbassadorData,
    FamilyCreated,
    FamilyData,
    FreshCodes,
    InviteCreated,
    InvitesRevoked,
    LessonPushed,
    MemberData,
    MemberNudged,
    ambassador,
    family_of,
    gathered,
    with_family,
)
from dialogs.flows.family.helpdata import DutySet
from dialogs.flows.family.texts import (
    _NAME_CHARS,
    AMB_MENU_TEXT,
    AT_LIMIT,
    BACK,
    CREATED,
    DUTY_OFF,
    DUTY_ON,
    DUTY_SET_OFF,
    DUTY_SET_ON,
    FAMILY_CODES,
    FAMILY_EMPTY,
    FAMILY_GONE,
    FAMILY_HEAD,
    FAMILY_MORE,
    INVITE_CAPTION,
    INVITE_DONE,
    INVITE_INFO,
    INVITE_NO_TELEGRAM,
    INVITE_TELEGRAM,
    MEMBERS_SHOWN,
    NEW_FAMILY_BAD,
    NEW_FAMILY_Q,
    NOT_AMBASSADOR,
    NUDGED,
    ON_DUTY,
    PUSH_LESSON_Q,
    PUSH_LIMITED,
    PUSH_MEMBERS_Q,
    PUSH_NOBODY,
    PUSH_TOPIC_Q,
    PUSH_UNREACHABLE,
    PUSHED,
    REVOKED,
)
from dialogs.messages import Image, Option, Outbound, Screen, Text
from dialogs.state import DialogState, StateName

S = StateName


def cmd_ambassador(state: DialogState, args: str, ctx: Context) -> Step:
    if ambassador(ctx) is None:
        return refuse(state, ctx, line(ctx, NOT_AMBASSADOR))
    return enter(ctx, state.to(S.AMB_MENU, extra={}, candidates=()))


# --- the ambassador's menu, families and invites ----------------------------------------


def _render_amb_menu(state: DialogState, ctx: Context) -> Screen:
    amb = ambassador(ctx)
    if amb is None:
        return not_ambassador(state, ctx)
    options = [Option(f"help:{h.id}", f"🙋 {short(h.name, 24)} cần giúp") for h in amb.help[:3]]
    options += [Option(f"fam:{f.id}", f"👨‍👩‍👧 {short(f.name)} ({len(f.members)} người)") for f in amb.families]
    options += [
        Option("new", "➕ Tạo nhóm mới", ("tao nhom", "nhom moi", "tao nhom moi")),
        Option("guided", "✍️ Ghi người đã hướng dẫn trực tiếp", ("huong dan truc tiep", "ghi nguoi", "ghi")),
    ]
    if amb.place:  # on duty for the learners of their commune who have no ambassador
        options.append(DUTY_OFF if amb.on_duty else DUTY_ON)
    text = line(ctx, AMB_MENU_TEXT, families=len(amb.families), guided=amb.guided)
    if amb.on_duty:
        text += "\n" + line(ctx, ON_DUTY)
    return choices(state, text, (*options, MENU))


def _on_amb_menu(state: DialogState, option: str, ctx: Context) -> Step:
    amb = ambassador(ctx)
    if option.startswith("help:"):
        return aside(ctx, state, S.AMB_HELP, extra={"help": option.removeprefix("help:")}, candidates=())
    if option in (DUTY_ON.id, DUTY_OFF.id) and amb is not None:
        on = option == DUTY_ON.id
        ctx = replace(ctx, data={**ctx.data, DATA_AMBASSADOR: replace(amb, on_duty=on)})
        return enter(ctx, state, say(line(ctx, DUTY_SET_ON if on else DUTY_SET_OFF)), (DutySet(on),))
    if option.startswith("fam:"):
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": option.removeprefix("fam:")}))
    if option == "new":
        return enter(ctx, state.to(S.AMB_NEW_FAMILY, extra={}))
    if option == "guided":
        return enter(ctx, state.to(S.AMB_GUIDED_NAME, extra={}, candidates=()))
    return enter(ctx, state.to(S.MENU, extra={}))


def _render_new_family(state: DialogState, ctx: Context) -> Screen:
    if ambassador(ctx) is None:
        return not_ambassador(state, ctx)
    return choices(state, line(ctx, NEW_FAMILY_Q), (BACK, MENU))


def _on_new_family(state: DialogState, option: str, ctx: Context) -> Step:
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    return enter(ctx, state.to(S.MENU, extra={}))


def _on_new_family_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    fresh = gathered(ctx, DATA_FRESH, FreshCodes)
    if ambassador(ctx) is None or fresh is None:
        return None
    name = " ".join(text.split())
    if not 2 <= len(name) <= 40 or not all(_NAME_CHARS.fullmatch(ch) for ch in name) or name.isdigit():
        return reprompt(state, ctx, line(ctx, NEW_FAMILY_BAD))
    target = state.to(S.AMB_INVITE, extra={"invite": fresh.invite, "invite_family": name})
    before = (Text(line(ctx, CREATED, family=name)),)
    return _enter_invite(ctx, target, before, (FamilyCreated(name, fresh.invite),))


def _enter_invite(ctx: Context, state: DialogState, before: tuple[Outbound, ...], events: tuple[Event, ...]) -> Step:
    """The invite screen, with the QR image (drawn by the shell) just before the buttons."""
    step = enter(ctx, state, before, events)
    code = state.extra["invite"]
    image = Image(f"invite:{code}", INVITE_CAPTION.format(code=code))
    *head, last = step.messages
    return Step(step.state, (*head, image, last), step.events)


def _invite_link(bot: str, code: str) -> str:
    return f"https://t.me/{bot}?start={code}"


def _render_invite(state: DialogState, ctx: Context) -> Screen:
    amb, code = ambassador(ctx), state.extra.get("invite", "")
    if amb is None or not code:
        return not_ambassador(state, ctx)
    link = _invite_link(amb.telegram_bot, code)
    telegram = line(ctx, INVITE_TELEGRAM, link=link) if amb.telegram_bot else INVITE_NO_TELEGRAM
    family = state.extra.get("invite_family", "")
    info = Text(line(ctx, INVITE_INFO, family=family, code=code, telegram=telegram))
    screen = choices(state, line(ctx, INVITE_DONE), (Option("done", "Xong", ("xong", "ok", "roi")), MENU))
    return Screen((info, *screen.messages), screen.options)


def _on_invite(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    family = state.extra.get("family", "")
    if family:
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": family}))
    return enter(ctx, state.to(S.AMB_MENU, extra={}))


def _member_line(ctx: Context, member: MemberData) -> str:
    parts: list[str] = []
    if member.completed:
        latest = short(title(ctx, member.completed[0]), 24)
        parts.append(f"✓ xong {len(member.completed)} bài (mới nhất “{latest}”)")
    if member.stalled:
        parts.append(f"⏸ dừng {member.idle_days} ngày ở “{short(title(ctx, member.in_progress[0]), 24)}”")
    elif member.in_progress:
        parts.append(f"▸ đang học “{short(title(ctx, member.in_progress[0]), 24)}”")
    if member.certificates:
        parts.append(f"🎓 {member.certificates}")
    if not parts:
        parts.append("chưa bắt đầu bài nào")
    if not member.reachable:
        parts.append("không nhận được tin nhắn")
    return f"• {short(member.name, 20)}: " + "; ".join(parts)


def _render_family(state: DialogState, ctx: Context) -> Screen:
    family = family_of(ctx, state)
    if family is None:
        return choices(state, line(ctx, FAMILY_GONE), (MENU,))
    lines = [line(ctx, FAMILY_HEAD, family=family.name, count=len(family.members))]
    lines += [_member_line(ctx, m) for m in family.members[:MEMBERS_SHOWN]]
    if len(family.members) > MEMBERS_SHOWN:
        lines.append(line(ctx, FAMILY_MORE, more=len(family.members) - MEMBERS_SHOWN))
    if not family.members:
        lines.append(line(ctx, FAMILY_EMPTY))
    if family.invites:
        lines.append(line(ctx, FAMILY_CODES, codes=", ".join(family.invites[:3])))
    options = [Option(f"nudge:{m.id}", f"🔔 Nhắc {short(m.name, 20)}") for m in family.members if m.stalled][:3]
    if family.members:
        options.append(Option("push", "📤 Gửi bài học", ("gui bai", "gui bai hoc", "gui")))
    options.append(Option("invite", "➕ Mời thêm người", ("moi", "moi them", "ma moi")))
    if family.invites:
        options.append(Option("revoke", "🚫 Thu hồi mã mời", ("thu hoi", "thu hoi ma")))
    options += [Option("back", "Các nhóm khác", ("nhom khac", "quay lai")), MENU]
    return choices(state, "\n".join(lines), options)


def _on_family(state: DialogState, option: str, ctx: Context) -> Step:
    family, amb, fresh = family_of(ctx, state), ambassador(ctx), gathered(ctx, DATA_FRESH, FreshCodes)
    if family is None or amb is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == "back":
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    if option == "push":
        return enter(ctx, state.to(S.AMB_PUSH_TOPIC, extra={"family": str(family.id)}))
    if option == "revoke":
        ctx = with_family(ctx, replace(family, invites=()))
        return enter(ctx, state, say(line(ctx, REVOKED)), (InvitesRevoked(family.id),))
    if option.startswith("nudge:"):
        return _nudge(state, ctx, family, amb, option.removeprefix("nudge:"))
    if fresh is None:
        return enter(ctx, state)
    target = state.to(
        S.AMB_INVITE, extra={"family": str(family.id), "invite": fresh.invite, "invite_family": family.name}
    )
    return _enter_invite(ctx, target, (), (InviteCreated(family.id, fresh.invite),))


def _nudge(state: DialogState, ctx: Context, family: FamilyData, amb: AmbassadorData, member_id: str) -> Step:
    member = next((m for m in family.members if str(m.id) == member_id and m.stalled), None)
    if member is None:
        return enter(ctx, state)
    if member.pushes_today >= amb.max_pushes:
        return reprompt(state, ctx, line(ctx, AT_LIMIT, name=member.name, limit=amb.max_pushes))
    lesson_id = member.in_progress[0]
    bumped = replace(member, pushes_today=member.pushes_today + 1)
    ctx = with_family(ctx, replace(family, members=tuple(bumped if m.id == member.id else m for m in family.members)))
    text = line(ctx, NUDGED, name=member.name, title=title(ctx, lesson_id))
    return enter(ctx, state, say(text), (MemberNudged(family.id, member.id, lesson_id),))


# --- pushing a lesson: topic, lesson, members ---------------------------------------------


def _render_push_topic(state: DialogState, ctx: Context) -> Screen:
    family = family_of(ctx, state)
    if family is None:
        return choices(state, line(ctx, FAMILY_GONE), (MENU,))
    options = [Option(f"t:{t.id}", t.title) for t in ctx.library.topics if t.lessons]
    return choices(state, line(ctx, PUSH_TOPIC_Q, family=family.name), (*options, BACK, MENU))


def _on_push_topic(state: DialogState, option: str, ctx: Context) -> Step:
    family = family_of(ctx, state)
    if family is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": str(family.id)}))
    return enter(ctx, state.to(S.AMB_PUSH_LESSON, extra=extra_with(state, topic=option.removeprefix("t:"))))


def _render_push_lesson(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(state.extra.get("topic", ""))
    if family_of(ctx, state) is None or topic is None:
        return choices(state, line(ctx, FAMILY_GONE), (MENU,))
    lessons = [ctx.library.lessons[lid] for lid in topic.lessons]
    options = [Option(f"l:{lesson.id}", f"{lesson.title} ({lesson.minutes} phút)") for lesson in lessons]
    return choices(state, line(ctx, PUSH_LESSON_Q, topic=topic.title), (*options, BACK, MENU))


def _on_push_lesson(state: DialogState, option: str, ctx: Context) -> Step:
    family = family_of(ctx, state)
    if family is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_PUSH_TOPIC, extra=extra_with(state, topic="")))
    everyone = ",".join(str(m.id) for m in family.members)
    return enter(
        ctx, state.to(S.AMB_PUSH_MEMBERS, extra=extra_with(state, lesson=option.removeprefix("l:"), sel=everyone))
    )


def _render_push_members(state: DialogState, ctx: Context) -> Screen:
    family, amb = family_of(ctx, state), ambassador(ctx)
    lesson = ctx.library.lesson(state.extra.get("lesson", ""))
    if family is None or amb is None or lesson is None:
        return choices(state, line(ctx, FAMILY_GONE), (MENU,))
    chosen = id_list(state.extra.get("sel", ""))
    options = []
    for m in family.members:
        mark = "✅" if str(m.id) in chosen else "⬜"
        full = " (đủ tin hôm nay)" if m.pushes_today >= amb.max_pushes else ""
        options.append(Option(f"m:{m.id}", f"{mark} {short(m.name, 24)}{full}"))
    count = sum(1 for m in family.members if str(m.id) in chosen)
    if count:
        options.append(Option("send", f"📤 Gửi cho {count} người", ("gui", "gui di", "gui ngay")))
    return choices(state, line(ctx, PUSH_MEMBERS_Q, title=lesson.title), (*options, BACK, MENU))


def _on_push_members(state: DialogState, option: str, ctx: Context) -> Step:
    family, amb = family_of(ctx, state), ambassador(ctx)
    lesson = ctx.library.lesson(state.extra.get("lesson", ""))
    if family is None or amb is None or lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_PUSH_LESSON, extra=extra_with(state, lesson="", sel="")))
    if option.startswith("m:"):
        chosen = toggle(state.extra.get("sel", ""), option.removeprefix("m:"))
        return enter(ctx, state.to(S.AMB_PUSH_MEMBERS, extra=extra_with(state, sel=chosen)))
    return _send_push(state, ctx, family, amb, lesson)


def _send_push(state: DialogState, ctx: Context, family: FamilyData, amb: AmbassadorData, lesson: Lesson) -> Step:
    chosen = [m for m in family.members if str(m.id) in id_list(state.extra.get("sel", ""))]
    limited = [m for m in chosen if m.pushes_today >= amb.max_pushes]
    unreachable = [m for m in chosen if not m.reachable and m not in limited]
    receivers = [m for m in chosen if m not in limited and m not in unreachable]
    lines = [line(ctx, PUSHED, title=lesson.title, names=names(receivers))] if receivers else [line(ctx, PUSH_NOBODY)]
    if limited:
        lines.append(line(ctx, PUSH_LIMITED, names=names(limited), limit=amb.max_pushes))
    if unreachable:
        lines.append(line(ctx, PUSH_UNREACHABLE, names=names(unreachable)))
    if not receivers:
        return reprompt(state, ctx, "\n".join(lines))
    sent_ids = {m.id for m in receivers}
    members = tuple(replace(m, pushes_today=m.pushes_today + 1) if m.id in sent_ids else m for m in family.members)
    ctx = with_family(ctx, replace(family, members=members))
    event = LessonPushed(family.id, lesson.id, tuple(m.id for m in receivers))
    return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": str(family.id)}), say("\n".join(lines)), (event,))


_MENU_EDGE = ("về menu", S.MENU)
FLOW = Flow(
    "family-ambassador",
    states=(
        StateSpec(
            S.AMB_MENU,
            _render_amb_menu,
            _on_amb_menu,
            edges=(
                ("người cần giúp", S.AMB_HELP),
                ("bật / tắt nhận lời nhờ giúp", S.AMB_MENU),
                ("chọn nhóm", S.AMB_FAMILY),
                ("tạo nhóm mới", S.AMB_NEW_FAMILY),
                ("ghi người đã hướng dẫn", S.AMB_GUIDED_NAME),
                _MENU_EDGE,
            ),
        ),
        StateSpec(
            S.AMB_NEW_FAMILY,
            _render_new_family,
            _on_new_family,
            _on_new_family_text,
            edges=(("gõ tên nhóm", S.AMB_INVITE), ("quay lại", S.AMB_MENU), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_INVITE,
            _render_invite,
            _on_invite,
            edges=(("xong (nhóm có sẵn)", S.AMB_FAMILY), ("xong (nhóm mới)", S.AMB_MENU), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_FAMILY,
            _render_family,
            _on_family,
            edges=(
                ("gửi bài học", S.AMB_PUSH_TOPIC),
                ("mời thêm người", S.AMB_INVITE),
                ("nhắc / thu hồi mã", S.AMB_FAMILY),
                ("các nhóm khác", S.AMB_MENU),
                _MENU_EDGE,
            ),
        ),
        StateSpec(
            S.AMB_PUSH_TOPIC,
            _render_push_topic,
            _on_push_topic,
            edges=(("chọn chủ đề", S.AMB_PUSH_LESSON), ("quay lại", S.AMB_FAMILY), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_PUSH_LESSON,
            _render_push_lesson,
            _on_push_lesson,
            edges=(("chọn bài", S.AMB_PUSH_MEMBERS), ("quay lại", S.AMB_PUSH_TOPIC), _MENU_EDGE),
        ),
        StateSpec(
            S.AMB_PUSH_MEMBERS,
            _render_push_members,
            _on_push_members,
            edges=(
                ("chọn / bỏ chọn người", S.AMB_PUSH_MEMBERS),
                ("gửi", S.AMB_FAMILY),
                ("quay lại", S.AMB_PUSH_LESSON),
                _MENU_EDGE,
            ),
        ),
    ),
    commands=(Command(("daisu",), cmd_ambassador, (S.AMB_MENU,), (), "/daisu (đại sứ số)"),),
)
