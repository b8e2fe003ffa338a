"""Progress, settings, deleting one's data, and help."""

from __future__ import annotations

from dataclasses import replace

from dialogs.context import Context
from dialogs.core import Command, Exit, Flow, StateSpec, Step, choices, echo, enter, goto, line, menu, say, stay, voice
from dialogs.events import AnnouncementsSet, DataDeletionConfirmed
from dialogs.messages import Option, Screen, Text
from dialogs.state import DialogState, StateName

from . import help as asking
from . import mydata
from .common import MENU

S = StateName
PROGRESS_HEAD = "📊 Tiến độ của {full}"
PROGRESS_NOT_SAVED = (
    "Tiến độ chưa được lưu vì {you} chưa đồng ý lưu. Muốn lưu, vào Cài đặt chọn “Đồng ý lưu tiến độ” ạ."
)
WEEK = "Tuần này {you} đã học {days} ngày, mục tiêu {goal} ngày."
WEEK_NONE = "Tuần mới rồi, bắt đầu bằng một bài ngắn thôi nhé!"
WEEK_SOME = "Thêm {left} ngày nữa là đạt mục tiêu tuần. Cố lên ạ!"
WEEK_DONE = "Đạt mục tiêu tuần rồi, tuyệt quá!"
CERTS = "🎓 Giấy chứng nhận:"
SETTINGS_TEXT = "⚙️ Cài đặt. {You} muốn đổi gì ạ?"
DELETE_Q = (
    "{You} muốn xóa dữ liệu của mình? Sẽ xóa: tên gọi, cách xưng hô, nhóm tuổi, xã/phường, "
    "giờ nhắc, kết quả các bài, câu ôn tập và giấy chứng nhận. Xóa rồi không lấy lại được."
)
DELETED = (
    "Đã xóa xong ạ: tên gọi, cách xưng hô, nhóm tuổi, xã/phường, giờ nhắc, kết quả học, "
    "câu ôn tập và giấy chứng nhận của {you}. Chỉ còn các con số đếm chung, không có tên ai. "
    "Gõ /start nếu muốn học lại từ đầu."
)
KEPT = "Vâng, dữ liệu vẫn giữ nguyên ạ."
ANNOUNCE_ON = "Đã bật ạ: {you} sẽ nhận thông báo của xã, phường gửi qua đây."
ANNOUNCE_OFF = "Đã tắt ạ: {you} sẽ không nhận thông báo nữa. Nhắc học vẫn giữ như cũ."
HELP = (
    "ℹ️ Cách dùng:\n"
    "• Chọn bằng nút (nếu có), gõ số thứ tự (1, 2, 3...), hoặc gõ chữ của lựa chọn, không dấu cũng được.\n"
    "• Gõ “menu” để về menu bất cứ lúc nào.\n"
    "• Lệnh: /hoc học tiếp, /ontap ôn tập, /tiendo tiến độ, /caidat cài đặt, "
    "/dulieucuatoi xem dữ liệu đã lưu, /xoadulieu xóa dữ liệu, /xacminh MÃ kiểm tra giấy chứng nhận.\n"
    "• Đây là trợ lý tự động. Cần người chỉ tận nơi: gõ “nhờ giúp”, {me} báo Đại sứ số; hoặc {you} hỏi "
    "Tổ công nghệ số cộng đồng ở xã, phường mình.\n"
    "• Không bao giờ gửi số căn cước, mật khẩu hay mã OTP cho ai, kể cả ở đây."
)
AGE_LABELS = mydata.AGE_LABELS
VERIFIED = "✅ Giấy chứng nhận hợp lệ.\nMã: {code}\nNgười học: {name}\nNội dung: {module}\nNgày cấp: {date}"
NOT_VERIFIED = "Không tìm thấy giấy chứng nhận có mã “{code}”. {You} kiểm tra lại từng chữ giúp {me} nhé."
VERIFY_HOW = "Gõ /xacminh và mã in trên giấy chứng nhận, ví dụ: /xacminh HV7K2Q9P"


def verify_lines(args: str, ctx: Context) -> tuple[Text, ...]:
    """/xacminh CODE: what the shell found for the code (ctx.verification), in plain words."""
    code = args.strip().upper()
    if not code:
        return say(VERIFY_HOW)
    found = ctx.verification
    if found is None or found.code != code:
        return say(line(ctx, NOT_VERIFIED, code=echo(code, 20)))
    return say(VERIFIED.format(code=found.code, name=found.name, module=found.module_title, date=found.issued_on))


def _cmd_verify(state: DialogState, args: str, ctx: Context) -> Step:
    return stay(state, ctx, verify_lines(args, ctx))


def _progress_text(state: DialogState, ctx: Context) -> str:
    v, learner = voice(ctx), ctx.learner
    if not learner.profile.consent:
        return v.say(PROGRESS_NOT_SAVED)
    lines = [v.say(PROGRESS_HEAD)]
    for topic in ctx.library.topics:
        done = sum(1 for lid in topic.lessons if lid in learner.lessons and learner.lessons[lid].status == "completed")
        if topic.lessons:
            lines.append(f"• {topic.title}: {done}/{len(topic.lessons)} bài")
    days, goal = learner.learning_days_this_week, ctx.settings.weekly_goal_days
    cheer = WEEK_NONE if days == 0 else WEEK_DONE if days >= goal else WEEK_SOME
    lines += ["", v.say(WEEK, days=days, goal=goal) + " " + v.say(cheer, left=goal - days)]
    if learner.certificates:
        lines += ["", CERTS]
        for cert in learner.certificates:
            module = ctx.library.module(cert.module_id)
            lines.append(f"• {module.title if module else cert.module_id} — mã {cert.code}")
    return "\n".join(lines)


def _settings_options(ctx: Context) -> tuple[Option, ...]:
    profile = ctx.learner.profile
    if not profile.consent:
        return (Option("consent", "Đồng ý lưu tiến độ", ("dong y", "dong y luu")), MENU)
    place = ctx.places.get(profile.place)
    reminder = profile.reminder_time or "không nhắc"
    return (
        Option("edit:address", f"Cách xưng hô ({profile.address or 'chưa chọn'})", ("xung ho",)),
        Option("edit:name", f"Tên gọi ({profile.name or 'chưa có'})", ("ten", "ten goi")),
        Option("edit:age", f"Nhóm tuổi ({AGE_LABELS.get(profile.age_group, 'chưa chọn')})", ("tuoi", "nhom tuoi")),
        Option(
            "edit:place",
            f"Xã/phường ({place.label if place else 'khác' if profile.place else 'chưa chọn'})",
            ("xa", "phuong", "xa phuong"),
        ),
        Option("edit:reminder", f"Giờ nhắc học ({reminder})", ("gio nhac", "nhac")),
        Option(
            "announce",
            "Nhận thông báo: " + ("đang bật" if ctx.learner.announcements else "đang tắt"),
            ("thong bao", "nhan thong bao"),
        ),
        Option("delete", "Xóa dữ liệu của tôi", ("xoa", "xoa du lieu", "xoa het du lieu", "xoa het")),
        MENU,
    )


def _render_settings(state: DialogState, ctx: Context) -> Screen:
    return choices(state, voice(ctx).say(SETTINGS_TEXT), _settings_options(ctx))


# Every Settings option and where it leads: the screen's exits, drawn from this table.
SETTINGS_EXITS = {
    "edit:address": ("đổi xưng hô", S.ONB_ADDRESS),
    "edit:name": ("đổi tên", S.ONB_NAME),
    "edit:age": ("đổi tuổi", S.ONB_AGE),
    "edit:place": ("đổi nơi ở", S.ONB_PLACE),
    "edit:reminder": ("đổi giờ nhắc", S.ONB_REMINDER),
    "consent": ("đồng ý lưu", S.ONB_CONSENT),
    "announce": ("bật / tắt thông báo", S.SETTINGS),
    "delete": ("xóa dữ liệu", S.DELETE_CONFIRM),
    MENU.id: ("về menu", S.MENU),
}


def _on_settings(state: DialogState, option: str, ctx: Context) -> Step:
    target = SETTINGS_EXITS[option][1]
    if option == "announce":
        on = not ctx.learner.announcements
        note = ANNOUNCE_ON if on else ANNOUNCE_OFF
        shown = replace(ctx, learner=replace(ctx.learner, announcements=on))
        return enter(shown, state.to(target), say(line(ctx, note)), (AnnouncementsSet(on),))
    editing = option.startswith("edit:") or option == "consent"
    return enter(ctx, state.to(target, editing=editing))


def _render_delete(state: DialogState, ctx: Context) -> Screen:
    return choices(
        state,
        voice(ctx).say(DELETE_Q),
        (
            Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")),
            Option("no", "Không xóa", ("khong xoa", "khong", "thoi")),
        ),
    )


def _on_delete(state: DialogState, option: str, ctx: Context) -> Step:
    if option == "yes":
        message = voice(ctx).say(DELETED)
        return Step(DialogState(screen=state.screen + 1), say(message), (DataDeletionConfirmed(),))
    return enter(ctx, state.to(S.MENU), say(KEPT))


_BACK = (Exit(MENU, S.MENU),)
FLOW = Flow(
    "account",
    states=(
        menu(S.PROGRESS, _progress_text, _BACK),
        StateSpec(
            S.SETTINGS,
            _render_settings,
            _on_settings,
            edges=tuple(SETTINGS_EXITS.values()),
        ),
        StateSpec(S.DELETE_CONFIRM, _render_delete, _on_delete, edges=(("xóa hết", S.NEW), ("không xóa", S.MENU))),
        menu(S.HELP, lambda s, c: line(c, HELP) + asking.help_lines(c), _BACK),
    ),
    commands=(
        Command(("tiendo",), goto(S.PROGRESS), (S.PROGRESS,), ("tien do",), "/tiendo"),
        Command(("caidat",), goto(S.SETTINGS), (S.SETTINGS,), ("cai dat",), "/caidat"),
        Command(
            ("trogiup", "help"),
            goto(S.HELP),
            (S.HELP,),
            ("tro giup", "giup", "giup do", "help", "huong dan"),
            "/trogiup",
        ),
        Command(("xoadulieu",), goto(S.DELETE_CONFIRM), (S.DELETE_CONFIRM,), (), "/xoadulieu"),
        Command(("dulieucuatoi",), mydata.show, (), mydata.WORDS, "/dulieucuatoi"),
        Command(("xacminh",), _cmd_verify, (), (), "/xacminh MÃ"),
    ),
)
