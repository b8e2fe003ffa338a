"""Progress, settings, deleting one's data, and help."""

from __future__ import annotations

from dataclasses import replace

from dialogs.context import Context
from dialogs.core import Screen, StateSpec, Step, choices, enter, register, say, voice
from dialogs.events import AnnouncementsSet, DataDeletionConfirmed
from dialogs.messages import Option
from dialogs.state import DialogState, StateName

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
    "/xoadulieu xóa dữ liệu, /xacminh MÃ kiểm tra giấy chứng nhận.\n"
    "• Đây là trợ lý tự động. Cần người giúp, {you} hỏi Tổ công nghệ số cộng đồng ở xã, phường mình.\n"
    "• Không bao giờ gửi số căn cước, mật khẩu hay mã OTP cho ai, kể cả ở đây."
)
AGE_LABELS = {"duoi-30": "dưới 30", "30-59": "30–59", "60+": "60 trở lên"}


def _render_progress(state: DialogState, ctx: Context) -> Screen:
    v, learner = voice(ctx), ctx.learner
    if not learner.profile.consent:
        return choices(state, v.say(PROGRESS_NOT_SAVED), (MENU,))
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
    return choices(state, "\n".join(lines), (MENU,))


def _on_progress(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU))


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
        Option("delete", "Xóa dữ liệu của tôi", ("xoa", "xoa du lieu")),
        MENU,
    )


def _render_settings(state: DialogState, ctx: Context) -> Screen:
    return choices(state, voice(ctx).say(SETTINGS_TEXT), _settings_options(ctx))


EDIT_TARGETS = {
    "address": S.ONB_ADDRESS,
    "name": S.ONB_NAME,
    "age": S.ONB_AGE,
    "place": S.ONB_PLACE,
    "reminder": S.ONB_REMINDER,
}


def _on_settings(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == "consent":
        return enter(ctx, state.to(S.ONB_CONSENT, editing=True))
    if option == "delete":
        return enter(ctx, state.to(S.DELETE_CONFIRM))
    if option == "announce":
        on = not ctx.learner.announcements
        note = ANNOUNCE_ON if on else ANNOUNCE_OFF
        shown = replace(ctx, learner=replace(ctx.learner, announcements=on))
        return enter(shown, state.to(S.SETTINGS), say(voice(ctx).say(note)), (AnnouncementsSet(on),))
    return enter(ctx, state.to(EDIT_TARGETS[option.removeprefix("edit:")], editing=True))


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


def _render_help(state: DialogState, ctx: Context) -> Screen:
    return choices(state, voice(ctx).say(HELP), (MENU,))


def _on_help(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU))


register(StateSpec(S.PROGRESS, _render_progress, _on_progress, edges=(("về menu", S.MENU),)))
register(
    StateSpec(
        S.SETTINGS,
        _render_settings,
        _on_settings,
        edges=(
            ("đổi xưng hô", S.ONB_ADDRESS),
            ("đổi tên", S.ONB_NAME),
            ("đổi tuổi", S.ONB_AGE),
            ("đổi nơi ở", S.ONB_PLACE),
            ("đổi giờ nhắc", S.ONB_REMINDER),
            ("đồng ý lưu", S.ONB_CONSENT),
            ("xóa dữ liệu", S.DELETE_CONFIRM),
            ("về menu", S.MENU),
        ),
    )
)
register(StateSpec(S.DELETE_CONFIRM, _render_delete, _on_delete, edges=(("xóa hết", S.NEW), ("không xóa", S.MENU))))
register(StateSpec(S.HELP, _render_help, _on_help, edges=(("về menu", S.MENU),)))
