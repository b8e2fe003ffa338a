"""What the family and ambassador screens say, and their fixed options."""

from __future__ import annotations

import re

from dialogs.messages import Option
from dialogs.state import StateName

S = StateName
# --- words -----------------------------------------------------------------------------

NOT_AMBASSADOR = (
    "Phần này dành cho Đại sứ số (thành viên Tổ công nghệ số cộng đồng) ạ. Nếu {you} là Đại sứ, "
    "xin cán bộ xã mã Đại sứ rồi gõ: /madaisu MÃ"
)
NOT_ADMIN = "Lệnh này chỉ dành cho cán bộ quản trị ạ. {You} gõ /trogiup để xem các lệnh dùng được."
BAD_INVITE = "Mã mời “{code}” không dùng được nữa (sai mã hoặc đã bị thu hồi). {You} hỏi lại người mời giúp {me} nhé."
ALREADY_MEMBER = "{You} đã ở trong nhóm “{family}” rồi ạ."
OWN_INVITE = "Đây là mã mời của nhóm “{family}” do {you} phụ trách ạ. Gửi mã này cho người thân để họ vào nhóm."
JOIN_TEXT = (
    "👋 {ambassador} (Đại sứ số) mời {you} vào nhóm Gia đình số “{family}”.\n"
    "Trong nhóm, Đại sứ thấy {you} đã học bài nào và có giấy chứng nhận nào, để giúp khi {you} cần. "
    "Đại sứ không đọc được tin nhắn của {you}. Rời nhóm lúc nào cũng được: gõ /roinhom."
)
JOIN_ASK = "{You} có muốn vào nhóm không ạ?"
JOIN_CONSENT_TAIL = "\nĐồng ý là {you} vào nhóm và bắt đầu học luôn."
JOINED = "🎉 {Full} đã vào nhóm “{family}”. {ambassador} sẽ gửi bài hay cho {you}."
INVITE_GONE = "Mã mời này vừa hết hiệu lực ạ. {You} vẫn học được bình thường; muốn vào nhóm thì xin mã mới nhé."
NOT_JOINED = "Vâng ạ, {you} chưa vào nhóm. Khi nào muốn, {you} gõ lại mã mời là được."
AMB_MENU_TEXT = (
    "🤝 Công cụ Đại sứ số của {full}.\nNhóm gia đình: {families}. Người đã hướng dẫn trực tiếp: {guided}.\n"
    "Chọn một nhóm để xem tiến độ, gửi bài hoặc mời thêm người."
)
ON_DUTY = "🟢 {You} đang nhận lời nhờ giúp của người học trong xã chưa có Đại sứ riêng."
DUTY_SET_ON = (
    "🟢 Đã bật: người học ở xã mình chưa có Đại sứ riêng mà nhờ giúp thì {you} sẽ được báo. "
    "Bận thì {you} tắt lúc nào cũng được."
)
DUTY_SET_OFF = "⚪ Đã tắt: {you} chỉ nhận lời nhờ giúp của người trong các nhóm của mình."
NEW_FAMILY_Q = "Đặt tên cho nhóm mới ạ, ví dụ: Gia đình bà Lan, hoặc Xóm Chè 2. {You} gõ tên vào đây."
NEW_FAMILY_BAD = "Tên nhóm dài 2 đến 40 chữ, chỉ gồm chữ, số và dấu cách ạ. {You} gõ lại giúp {me} nhé."
CREATED = "✅ Đã tạo nhóm “{family}”."
INVITE_INFO = (
    "📨 Mời người thân vào nhóm “{family}”. Mã mời: {code}\n"
    "• Trên Zalo: mở khung chat Học Vụ Số, gõ {code} rồi gửi.\n{telegram}"
    "Ai vào nhóm cũng được hỏi đồng ý trước."
)
INVITE_TELEGRAM = "• Trên Telegram: bấm đường link này, hoặc quét mã QR bên dưới:\n{link}\n"
INVITE_NO_TELEGRAM = "• Trên Telegram: gõ mã ấy cho Học Vụ Số, như trên Zalo.\n"
# Under the QR (drawn) and as the image's caption: what to do with it, in one sentence.
INVITE_CARD_HOW = "Trên Zalo: mở Học Vụ Số, gõ mã này"
INVITE_CAPTION = "Mã mời {code}: trên Zalo, gõ mã này cho Học Vụ Số; trên Telegram, quét mã QR."
INVITE_DONE = "Mời xong thì bấm “Xong” ạ."
FAMILY_HEAD = "👨‍👩‍👧 Nhóm “{family}” — {count} người"
FAMILY_EMPTY = "Chưa có ai trong nhóm. Bấm “Mời thêm người” để lấy mã mời ạ."
FAMILY_MORE = "… và {more} người nữa."
FAMILY_CODES = "Mã mời đang dùng: {codes}"
FAMILY_GONE = "Không tìm thấy nhóm này ạ. {You} về menu rồi chọn lại nhé."
REVOKED = "🚫 Đã thu hồi mã mời. Ai cầm mã cũ sẽ không vào nhóm được nữa."
NUDGED = "🔔 Đã nhắc {name} học tiếp bài “{title}”."
AT_LIMIT = "Hôm nay {name} đã nhận đủ {limit} tin từ Đại sứ rồi ạ. Mai {you} nhắc tiếp nhé."
PUSH_TOPIC_Q = "Gửi bài nào cho nhóm “{family}”? {You} chọn chủ đề trước ạ."
PUSH_LESSON_Q = "Chủ đề: {topic}. {You} chọn bài muốn gửi:"
PUSH_MEMBERS_Q = "Gửi bài “{title}” cho ai ạ? Bấm tên để chọn hoặc bỏ chọn, rồi bấm Gửi."
PUSHED = "📤 Đã gửi bài “{title}” cho {names}. Ai học xong, {you} sẽ thấy trong tiến độ nhóm."
PUSH_LIMITED = "{names}: hôm nay đã nhận đủ {limit} tin, mai gửi tiếp nhé."
PUSH_UNREACHABLE = "{names}: không nhận được tin nhắn (có thể đã chặn hoặc bỏ ứng dụng)."
PUSH_NOBODY = "Chưa gửi được cho ai ạ."
GUIDED_NAME_Q = (
    "Ghi lại người {you} đã hướng dẫn trực tiếp (người không có điện thoại hoặc không dùng Zalo, Telegram).\n"
    "Chỉ ghi tên gọi hoặc chữ cái đầu, ví dụ: Lan, hoặc T.H. Không ghi họ tên đầy đủ, số điện thoại hay số căn cước."
)
GUIDED_NAME_BAD = "Chỉ cần tên gọi hoặc chữ cái đầu thôi ạ, tối đa 2 chữ, không có số. Ví dụ: Lan, hoặc T.H."
GUIDED_PLACE_Q = "{name} ở xã hoặc phường nào ạ? Gõ vài chữ của tên, ví dụ: tan cuong."
GUIDED_PLACE_PICK = "{Me_cap} tìm thấy mấy nơi này. {name} ở đâu ạ?"
GUIDED_PLACE_NONE = "{Me_cap} chưa tìm thấy nơi có tên “{query}”. {You} thử gõ ngắn hơn nhé."
PLACE_TAKEN = "📍 {place}."
GUIDED_AGE_Q = "{name} thuộc nhóm tuổi nào ạ?"
GUIDED_TOPICS_Q = "{You} đã hướng dẫn {name} những bài nào? Chọn chủ đề, rồi chọn bài. Đã chọn: {count} bài."
GUIDED_LESSONS_Q = "Chủ đề: {topic}. Bấm bài đã hướng dẫn để chọn hoặc bỏ chọn."
GUIDED_DATE_Q = "Hướng dẫn vào ngày nào ạ? Chọn bên dưới, hoặc gõ ngày, ví dụ: 15/3."
GUIDED_DATE_BAD = "Ngày cần có dạng ngày/tháng, ví dụ 15/3, và không quá một năm trước ạ."
GUIDED_SAVED = "✅ Đã ghi nhận: {name}, {place}, {count} bài, ngày {day}. Cảm ơn {you} đã đi từng ngõ, gõ từng nhà!"
MINE_NONE = (
    "{You} chưa ở nhóm Gia đình số nào ạ. Khi người thân hoặc Đại sứ số gửi mã mời (bắt đầu bằng GD), "
    "{you} gõ mã vào đây là vào nhóm."
)
MINE_HEAD = "👨‍👩‍👧 Nhóm Gia đình số của {you}:"
MINE_LINE = "• “{family}” — Đại sứ: {ambassador}"
LEAVE_Q = (
    "{You} muốn rời nhóm “{family}”? Đại sứ {ambassador} sẽ không thấy tiến độ của {you} nữa. "
    "Bài đã học vẫn giữ nguyên."
)
LEFT = "Đã rời nhóm “{family}” ạ. {You} vẫn học tiếp bình thường."
STAYED = "Vâng, {you} vẫn ở trong nhóm ạ."
NO_FAMILY = "{You} chưa ở nhóm Gia đình số nào nên không cần rời ạ."
# What an ambassador can do, said when the role is granted or claimed.
ABILITIES = (
    "Từ nay {you} có thể:\n"
    "• tạo nhóm Gia đình số và mời người thân bằng mã ngắn;\n"
    "• gửi bài học cho từng người, xem ai đang học, ai cần giúp;\n"
    "• nhận tin khi người thân học xong bài, nhận giấy chứng nhận, hoặc nhờ người chỉ;\n"
    "• ghi lại người {you} đã hướng dẫn trực tiếp.\n"
    "Mở công cụ: chọn “Đại sứ số” trong menu, hoặc gõ /daisu."
)
CLAIMED = "🎉 Chúc mừng {full} đã trở thành Đại sứ số{place}!\n" + ABILITIES
WELCOME = "🎉 {Full} vừa được cấp quyền Đại sứ số (thành viên Tổ công nghệ số cộng đồng)!\n" + ABILITIES
CLAIM_BAD = "Mã Đại sứ “{code}” không đúng hoặc đã được dùng rồi ạ. {You} hỏi lại cán bộ xã giúp {me} nhé."
CLAIM_ALREADY = "{You} đã là Đại sứ số rồi ạ. Gõ /daisu để mở công cụ Đại sứ."
CLAIM_HOW = "Gõ /madaisu và mã Đại sứ cán bộ xã đưa, ví dụ: /madaisu DS-7KQ2M-X9P3T"
CODE_MADE = (
    "🔑 Mã Đại sứ số cho {place}: {code}\nNgười nhận gõ mã này cho Học Vụ Số để trở thành Đại sứ. Mỗi mã dùng một lần."
)
CODE_PLACE_HOW = "Gõ /taomadaisu và tên xã/phường, ví dụ: /taomadaisu Tân Cương"
CODE_PLACE_MANY = "Có nhiều nơi khớp: {places}. {You} gõ rõ tên hơn ạ."
CODE_PLACE_NONE = "Không tìm thấy xã/phường “{query}” ạ."
GRANT_HOW = "Gõ /capdaisu KÊNH:MÃ_NGƯỜI_DÙNG, ví dụ: /capdaisu telegram:123456789"
GRANTED = "✅ Đã cấp quyền Đại sứ số cho {target}."
GRANT_NOT_FOUND = "Chưa thấy {target} nhắn cho Học Vụ Số lần nào ạ. Nhờ họ nhắn một tin trước, rồi cấp lại."
STATS_HEAD = "📊 Thống kê Học Vụ Số{scope}"
STATS_TOTAL = (
    "Tổng: {learners} người học ({active} học trong 7 ngày), {completed} lượt xong bài, {certificates} giấy "
    "chứng nhận, {guided} người được hướng dẫn trực tiếp, {ambassadors} Đại sứ, {families} nhóm gia đình."
)
STATS_ROW = (
    "• {label}: {learners} người học · {completed} lượt xong bài · {certificates} giấy chứng nhận"
    " · {guided} người được hướng dẫn trực tiếp{target}"
)
STATS_TARGET = " · mục tiêu {share}%: {certified}/{needed}"
STATS_NONE = "Chưa có số liệu cho “{query}” ạ."
STATS_MORE = "… và {more} xã/phường khác. Xem đủ: hocvuso stats"
PUSH_TEXT = (
    "🌱 {sender} vừa gửi {you} một bài học: “{title}” ({minutes} phút). Bấm “Học ngay” hoặc gõ 1 để bắt đầu nhé!"
)
NUDGE_TEXT = "🔔 {sender} nhắc {you} học tiếp bài “{title}”. Còn một chút nữa là xong rồi ạ! Bấm “Học ngay” hoặc gõ 1."
CONGRATS_LESSON = "🎉 {sender} chúc mừng {you} đã học xong bài “{title}”! Giỏi quá ạ."
CONGRATS_CERT = "🎉 {sender} chúc mừng {you} đã nhận giấy chứng nhận “{title}”! Tuyệt vời ạ."
PUSH_LATER = "Trả lời xong mấy câu làm quen, {you} bấm “Học tiếp” là vào đúng bài này ạ."
PUSH_GONE = "Bài này không còn nữa ạ. {You} chọn bài khác trong Chủ đề nhé."

BACK = Option("back", "Quay lại", ("quay lai", "lui"))
DUTY_ON = Option("duty:on", "🟢 Nhận lời nhờ giúp ở xã", ("nhan loi", "bat truc", "truc"))
DUTY_OFF = Option("duty:off", "⚪ Thôi nhận lời nhờ giúp ở xã", ("thoi nhan", "tat truc", "nghi truc"))
CANCEL = Option("cancel", "Thôi, không ghi nữa", ("thoi", "khong ghi", "huy"))
YES_JOIN = Option("yes", "Đồng ý", ("dong y", "co", "u", "ok", "vao nhom", "tham gia"))
NO_JOIN = Option("no", "Không", ("khong", "ko", "khong dong y", "thoi"))
CONTINUE = Option("continue", "Tiếp tục", ("tiep tuc", "tiep"))
START_NOW = Option("start", "Học ngay", ("hoc ngay", "bat dau", "hoc", "hoc tiep"))
LATER = Option("later", "Để sau", ("de sau", "sau"))
_NAME_CHARS = re.compile(r"[^\W_]|[ .,'’()/&-]")
INITIALS = re.compile(r"[^\W\d_]+\.?(?:[ .][^\W\d_]+\.?)?")
_DAY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?")
MEMBERS_SHOWN = 6
