"""Replies of the blind10 set the layer misread, each made a rule a careful person would follow."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.messages import Option
from dialogs.understanding import AskBack, Picked, read_choice

LEAVE = (Option("yes", "Rời nhóm", ("roi nhom", "roi", "co")), Option("no", "Ở lại", ("o lai",)))
DELETE = (Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")), Option("no", "Không xóa", ("khong xoa",)))
CONSENT = (Option("yes", "Đồng ý"), Option("no", "Không đồng ý"))


def picked(text: str, options: Sequence[Option]) -> str | None:
    found = read_choice(text, options)
    return found.option.id if isinstance(found, Picked) else None


def asked(text: str, options: Sequence[Option]) -> set[str]:
    found = read_choice(text, options)
    return {o.id for o in found.options} if isinstance(found, AskBack) else set()


def test_a_bare_enough_to_leaving_a_group_is_asked_about() -> None:
    # "thôi" to "leave the group?": "thôi, rời" as well as "thôi, ở lại"; leaving, like
    # "Thoát", stops something for good
    assert asked("thoi", LEAVE) == {"yes", "no"}
    assert asked("thôi ạ", LEAVE) == {"yes", "no"}
    assert picked("thoi o lai", LEAVE) == "no"
    assert picked("thoi khong", LEAVE) == "no"
    # elsewhere a bare "thôi" turns the offer down as before
    assert picked("thoi", CONSENT) == "no"
    assert picked("thôi", DELETE) == "no"
    # "Rồi" folds like "Rời" and stops nothing
    assert picked("thoi", (Option("done", "Rồi", ("roi",)), Option("no", "Không", ("khong",)))) == "no"


TOPICS = (
    Option("t:phone", "Điện thoại và Internet (0/2)"),
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:scam", "Phòng tránh lừa đảo (2/8)"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


def test_where_typed_without_marks_is_no_first_box() -> None:
    # "cháu ở đâu thế" is chit-chat: "o dau" is "ở đâu", not "ô đầu" (the first box)
    assert picked("chau o dau the", TOPICS) is None
    assert not asked("chau o dau the", TOPICS)
    assert picked("o dau", TOPICS) is None
    assert picked("ở đâu", TOPICS) is None
    # the first one, said so, is still the first
    assert picked("cai dau", TOPICS) == "t:phone"
    assert picked("ô đầu", TOPICS) == "t:phone"
    assert picked("cai dau tien", TOPICS) == "t:phone"


TAX_SIGNS = (
    Option("a0", "Gửi link bảo cài ứng dụng"),
    Option("a1", "Có tên cơ quan ở đầu giấy"),
    Option("a2", "Giấy không có dấu đỏ"),
)


def test_a_question_phrase_closed_by_the_or_vay_asks() -> None:
    # "ở đâu thế" asks the tutor something; the label's "ở đầu" is no answer to it
    assert picked("chau o dau the", TAX_SIGNS) is None
    assert picked("ở đâu thế", TAX_SIGNS) is None
    # the label's own words, said as an answer, still pick it
    assert picked("o dau giay", TAX_SIGNS) == "a1"
    assert picked("co ten co quan o dau giay a", TAX_SIGNS) == "a1"


MENU = (
    Option("continue", "Học tiếp", ("hoc tiep", "tiep", "hoc")),
    Option("topics", "Chủ đề bài học", ("chu de", "bai hoc", "danh sach")),
    Option("review", "Ôn tập", ("on tap", "on bai")),
    Option("progress", "Tiến độ của tôi", ("tien do", "ket qua")),
    Option("settings", "Cài đặt", ("cai dat",)),
    Option("help", "Trợ giúp", ("tro giup", "giup", "huong dan")),
)
CARD = (
    Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong")),
    Option("simple", "Nói lại dễ hiểu hơn"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


def test_a_bare_question_mark_opens_the_screens_help() -> None:
    assert picked("?", MENU) == "help"
    assert picked(" ?? ", MENU) == "help"
    # a screen with no help option: the engine's help for "?" as before
    assert picked("?", CARD) is None
    assert not asked("?", CARD)
    assert picked("...", MENU) is None
