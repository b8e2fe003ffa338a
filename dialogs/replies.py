"""What the tutor answers on any screen: the engine's own replies, shared with the flows."""

from __future__ import annotations

EMPTY = "{Me_cap} chưa thấy chữ nào ạ. {You} chọn một mục bên dưới nhé."
TOO_LONG = "Tin nhắn hơi dài ạ. {You} chỉ cần gõ số hoặc vài chữ thôi."
OUT_OF_RANGE = "Chỉ có các số từ 1 đến {n} ạ. {You} chọn lại giúp {me} nhé."
NOT_UNDERSTOOD = "{Me_cap} chưa hiểu ý {you}. {You} gõ số thứ tự, hoặc gõ “menu” để về menu nhé."
STALE = "Nút này đã cũ rồi ạ. Đây là chỗ {you} đang học:"
MEDIA = "{Me_cap} chỉ đọc được chữ thôi ạ, chưa xem được ảnh, nhãn dán hay tin nhắn thoại. {You} gõ chữ hoặc số nhé."
# Zalo withholds some people's messages (protected groups) and sends only "unsupported".
WITHHELD = (
    "{Me_cap} chưa đọc được tin nhắn vừa rồi ạ: Zalo không chuyển nội dung tin này tới {me}. "
    "{You} gõ một con số (ví dụ: 1) hoặc vài chữ ngắn để trả lời nhé."
)
UNKNOWN_COMMAND = "Lệnh này {me} chưa biết ạ. Gõ /trogiup để xem các lệnh, hoặc chọn bên dưới."
WELCOME_BACK = "Chào mừng {full} quay lại!"
GO_ON = "Mình tiếp tục nhé."
SENSITIVE = {
    "id_number": "⚠️ Tin nhắn có vẻ chứa số căn cước. {You} đừng gửi số này cho ai qua tin nhắn nhé, "
    "kể cả ở đây. {Me_cap} không lưu lại số đó.",
    "card_number": "⚠️ Tin nhắn có vẻ chứa số thẻ ngân hàng. Đừng gửi số thẻ cho ai qua tin nhắn nhé. "
    "{Me_cap} không lưu lại số đó.",
    "otp": "⚠️ Đây có phải mã OTP không ạ? Mã OTP là chìa khóa tài khoản: không bao giờ đưa cho ai, "
    "kể cả người xưng là ngân hàng hay công an. {Me_cap} không lưu lại mã đó.",
}
REMINDERS_OFF = "Đã tắt nhắc học ạ. Muốn bật lại, vào Cài đặt → Giờ nhắc học."
AGAIN = "Vâng, {me} nói lại nhé:"
