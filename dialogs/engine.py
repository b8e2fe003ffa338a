"""The pure dialog step: (state, inbound, context) -> (state, messages, events). No I/O."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from content.textfold import fold, parse_number
from dialogs.context import Context
from dialogs.core import COMMANDS, REGISTRY, START_PAYLOAD, TEXT_HOOKS, Step, enter, render, reprompt, say, voice
from dialogs.events import RemindersOff, SensitiveDataWarned
from dialogs.flows import onboarding
from dialogs.flows.admin import on_reminder
from dialogs.flows.learning import continue_learning
from dialogs.flows.quiz import start_review
from dialogs.messages import Inbound, InboundKind, Option, Text
from dialogs.sensitive import detect
from dialogs.state import DialogState, StateName

S = StateName
EMPTY = "{Me_cap} chưa thấy chữ nào ạ. {You} chọn một mục bên dưới nhé."
TOO_LONG = "Tin nhắn hơi dài ạ. {You} chỉ cần gõ số hoặc vài chữ thôi."
OUT_OF_RANGE = "Chỉ có các số từ 1 đến {n} ạ. {You} chọn lại giúp {me} nhé."
NOT_UNDERSTOOD = "{Me_cap} chưa hiểu ý {you}. {You} gõ số thứ tự, hoặc gõ “menu” để về menu nhé."
STALE = "Nút này đã cũ rồi ạ. Đây là chỗ {you} đang học:"
MEDIA = "{Me_cap} chỉ đọc được chữ thôi ạ, chưa xem được ảnh, nhãn dán hay tin nhắn thoại. {You} gõ chữ hoặc số nhé."
# Zalo withholds some people's messages (protected groups) and sends only "unsupported".
WITHHELD = "{Me_cap} chưa đọc được tin nhắn vừa rồi ạ. {You} gõ số thứ tự hoặc vài chữ ngắn giúp {me} nhé."
UNKNOWN_COMMAND = "Lệnh này {me} chưa biết ạ. Gõ /trogiup để xem các lệnh, hoặc chọn bên dưới."
WELCOME_BACK = "Chào mừng {full} quay lại!"
SENSITIVE = {
    "id_number": "⚠️ Tin nhắn có vẻ chứa số căn cước. {You} đừng gửi số này cho ai qua tin nhắn nhé, "
    "kể cả ở đây. {Me_cap} không lưu lại số đó.",
    "card_number": "⚠️ Tin nhắn có vẻ chứa số thẻ ngân hàng. Đừng gửi số thẻ cho ai qua tin nhắn nhé. "
    "{Me_cap} không lưu lại số đó.",
    "otp": "⚠️ Đây có phải mã OTP không ạ? Mã OTP là chìa khóa tài khoản: không bao giờ đưa cho ai, "
    "kể cả người xưng là ngân hàng hay công an. {Me_cap} không lưu lại mã đó.",
}
VERIFIED = "✅ Giấy chứng nhận hợp lệ.\nMã: {code}\nNgười học: {name}\nNội dung: {module}\nNgày cấp: {date}"
NOT_VERIFIED = "Không tìm thấy giấy chứng nhận có mã “{code}”. {You} kiểm tra lại từng chữ giúp {me} nhé."
VERIFY_HOW = "Gõ /xacminh và mã in trên giấy chứng nhận, ví dụ: /xacminh HV7K2Q9P"
REMINDERS_OFF = "Đã tắt nhắc học ạ. Muốn bật lại, vào Cài đặt → Giờ nhắc học."
ONBOARDING = {S.ONB_CONSENT, S.ONB_ADDRESS, S.ONB_NAME, S.ONB_AGE, S.ONB_PLACE, S.ONB_PLACE_PICK, S.ONB_REMINDER}
GLOBAL_WORDS: dict[str, str] = {
    "menu": "menu",
    "ve menu": "menu",
    "trang chu": "menu",
    "tro giup": "trogiup",
    "giup": "trogiup",
    "giup do": "trogiup",
    "help": "trogiup",
    "huong dan": "trogiup",
    "hoc tiep": "hoc",
    "tiep tuc hoc": "hoc",
    "on tap": "ontap",
    "tien do": "tiendo",
    "cai dat": "caidat",
}


def _t(ctx: Context, template: str, **kw: object) -> str:
    v = voice(ctx)
    return v.say(template.replace("{Me_cap}", v.me.capitalize()), **kw)


def step(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """Decide what happens next. Never raises for any input a learner can send."""
    if state.name not in REGISTRY and state.name is not S.NEW:
        state = DialogState(screen=state.screen)
    if state.name is S.NEW:
        return _first_contact(state, inbound, ctx)
    handlers: dict[InboundKind, Callable[[DialogState, Inbound, Context], Step]] = {
        InboundKind.TEXT: _on_text,
        InboundKind.CHOICE: _on_choice,
        InboundKind.COMMAND: _on_command,
        InboundKind.MEDIA: lambda s, i, c: reprompt(s, c, _t(c, WITHHELD if i.media == "unsupported" else MEDIA)),
        InboundKind.REMINDER: _on_reminder,
    }
    return handlers[inbound.kind](state, inbound, ctx)


def _first_contact(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    is_start = inbound.kind is InboundKind.COMMAND and inbound.command in ("start", "batdau")
    if is_start and inbound.text and START_PAYLOAD in COMMANDS:
        return COMMANDS[START_PAYLOAD](state, inbound.text, ctx)
    if inbound.kind is InboundKind.TEXT:  # e.g. a family invite code typed as the very first message
        for hook in TEXT_HOOKS:
            hooked = hook(state, _clean(inbound.text), ctx)
            if hooked is not None:
                return hooked
    before = say(*onboarding.greeting(ctx))
    if inbound.kind is InboundKind.COMMAND and inbound.command == "xacminh":
        before = (*_verify(inbound, ctx), *before)
    return enter(ctx, state.to(S.ONB_CONSENT), before)


def _clean(text: str) -> str:
    kept = (ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    return "".join(kept).strip()


def match_option(text: str, options: tuple[Option, ...]) -> Option | None:
    wanted = fold(text)
    if not wanted:
        return None
    for option in options:
        if wanted == fold(option.label) or wanted in (fold(a) for a in option.aliases):
            return option
    if len(wanted) >= 3:
        starts = [o for o in options if fold(o.label).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
    return None


def _on_text(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    text = _clean(inbound.text)
    if not text:
        return reprompt(state, ctx, _t(ctx, EMPTY))
    kind = detect(text)
    if kind is not None:
        return reprompt(state, ctx, _t(ctx, SENSITIVE[kind]), (SensitiveDataWarned(kind),))
    if len(text) > ctx.settings.max_text_chars:
        return reprompt(state, ctx, _t(ctx, TOO_LONG))
    options = render(state, ctx).options
    number = parse_number(text)
    if number is not None and options:
        if 1 <= number <= len(options):
            return REGISTRY[state.name].on_option(state, options[number - 1].id, ctx)
        if REGISTRY[state.name].on_text is None:
            return reprompt(state, ctx, _t(ctx, OUT_OF_RANGE, n=len(options)))
    option = match_option(text, options)
    if option is not None:
        return REGISTRY[state.name].on_option(state, option.id, ctx)
    word = GLOBAL_WORDS.get(fold(text))
    if word is not None:
        return _run_command(state, word, "", ctx)
    for hook in TEXT_HOOKS:
        hooked = hook(state, text, ctx)
        if hooked is not None:
            return hooked
    on_text = REGISTRY[state.name].on_text
    result = on_text(state, text, ctx) if on_text else None
    return result if result is not None else reprompt(state, ctx, _t(ctx, NOT_UNDERSTOOD))


def _on_choice(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    options = render(state, ctx).options
    if inbound.screen != state.screen or inbound.option not in {o.id for o in options}:
        return reprompt(state, ctx, _t(ctx, STALE))
    return REGISTRY[state.name].on_option(state, inbound.option, ctx)


def _on_command(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    return _run_command(state, inbound.command, inbound.text, ctx)


def _run_command(state: DialogState, command: str, args: str, ctx: Context) -> Step:
    if command in ("start", "batdau") and args and START_PAYLOAD in COMMANDS:
        return COMMANDS[START_PAYLOAD](state, args, ctx)
    if command in ("start", "batdau"):
        if state.name in ONBOARDING and not state.editing:
            return reprompt(state, ctx, _t(ctx, "Mình tiếp tục nhé."))
        return enter(ctx, state.to(S.MENU, editing=False), say(_t(ctx, WELCOME_BACK)))
    if command == "xacminh":
        return Step(state, (*_verify(Inbound.from_text(f"/xacminh {args}"), ctx), *render(state, ctx).messages))
    if command == "tatnhacnho":
        return reprompt(state, ctx, REMINDERS_OFF, (RemindersOff(),))
    if command == "hoc":
        return continue_learning(state, ctx)
    if command == "ontap":
        return start_review(state, ctx)
    targets = {
        "menu": S.MENU,
        "tiendo": S.PROGRESS,
        "caidat": S.SETTINGS,
        "trogiup": S.HELP,
        "help": S.HELP,
        "xoadulieu": S.DELETE_CONFIRM,
    }
    if command in targets:
        return enter(ctx, state.to(targets[command], editing=False))
    if command in COMMANDS:
        return COMMANDS[command](state, args, ctx)
    return reprompt(state, ctx, _t(ctx, UNKNOWN_COMMAND))


def _verify(inbound: Inbound, ctx: Context) -> tuple[Text, ...]:
    code = inbound.text.strip().upper()
    if not code:
        return say(VERIFY_HOW)
    found = ctx.verification
    if found is None or found.code != code:
        return say(_t(ctx, NOT_VERIFIED, code=code[:20]))
    return say(VERIFIED.format(code=found.code, name=found.name, module=found.module_title, date=found.issued_on))


def _on_reminder(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A due reminder fed back by the scheduler: the reminder screen, or a nudge mid-lesson."""
    return on_reminder(state, ctx)
