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
