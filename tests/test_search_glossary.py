"""The glossary helpers (which terms a card uses, "X là gì?") and the typo-tolerant speller."""

from __future__ import annotations

import unicodedata

import pytest

from content.schema import Term
from content.search import Glossary, asked_subject
from content.search.spelling import Speller
from content.search.tokens import words

TERMS = (
    Term(id="tai-khoan", term="tài khoản", definition="Tài khoản là chỗ riêng của mỗi người."),
    Term(id="so-tai-khoan", term="số tài khoản", variants=("stk",), definition="Số tài khoản là dãy số."),
    Term(id="otp", term="mã OTP", variants=("OTP", "mã xác thực"), definition="Mã OTP là dãy số."),
    Term(id="ai", term="AI", variants=("trí tuệ nhân tạo",), definition="AI là phần mềm."),
    Term(id="link", term="đường link", variants=("link",), definition="Đường link là địa chỉ."),
    Term(id="app", term="ứng dụng", variants=("app",), definition="Ứng dụng là chương trình."),
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.build(TERMS)


def ids(terms: tuple[Term, ...]) -> list[str]:
    return [term.id for term in terms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bấm vào link lạ, rồi nhập mã OTP vào ứng dụng.", ["link", "otp", "app"]),
        ("Mã OTP gửi về máy. Đừng bấm đường link.", ["otp", "link"]),  # order of first appearance
        ("Gõ số tài khoản, rồi xem tên chủ tài khoản.", ["so-tai-khoan", "tai-khoan"]),  # longest reading wins
        ("OTP, OTP và OTP: mỗi term một lần.", ["otp"]),
        ("AI trả lời xong, đừng bấm link.", ["ai", "link"]),  # capitals-only terms keep their place
        ("Ai xin mã xác thực thì đừng đưa.", ["otp"]),  # "Ai" is "who", not AI
        ("Trợ lý AI trả lời sai có khi rất chắc.", ["ai"]),
        ("Hỏi trí tuệ nhân tạo.", ["ai"]),
        ("Đường linh tinh, ứng dụngg, Linkedin.", []),  # whole words only
        ("", []),
    ],
)
def test_terms_in_finds_each_term_once_in_order(glossary: Glossary, text: str, expected: list[str]) -> None:
    assert ids(glossary.terms_in(text)) == expected


def test_terms_in_reads_either_unicode_form(glossary: Glossary) -> None:
    # Keyboards differ: the same "mã xác thực" may arrive with its marks as separate characters.
    assert ids(glossary.terms_in(unicodedata.normalize("NFD", "Nhập mã xác thực"))) == ["otp"]


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("OTP là gì?", "otp"),
        ("otp la j", "otp"),
        ("Cái link là cái gì vậy cháu ơi", "link"),
        ("ví điện tử nghĩa là gì ạ", "vi dien tu"),
        ("thế nào là tài khoản", "tai khoan"),
        ("giải thích giúp chữ lệ phí", "le phi"),
        ("đại sứ số là ai", "dai su so"),
        # The question goes on after "là gì": a short subject before it is still the term.
        ("ai là cái gì mà dạo này nghe nhiều thế", "ai"),
        ("otp nghia la gi vay ma ai cung hoi", "otp"),
        ("con toi no bao cai nay nghia la gi ma kho hieu the", None),  # too long to be a term
        ("làm sao để chuyển tiền", None),
        ("là gì", None),
    ],
)
def test_asked_subject_reads_what_is_questions(question: str, subject: str | None) -> None:
    assert asked_subject(question) == subject


@pytest.mark.parametrize(
    ("question", "term_id"),
    [("stk la gi", "so-tai-khoan"), ("app là gì", "app"), ("duong lik la gi", "link"), ("so du la gi", None)],
)
def test_define_finds_the_term_by_any_spelling_or_one_typo(glossary: Glossary, question: str, term_id: str) -> None:
    found = glossary.define(question)
    assert (found.id if found else None) == term_id


@pytest.fixture(scope="module")
def speller() -> Speller:
    texts = [
        "mật khẩu VNeID",
        "đổi mật khẩu",
        "đăng nhập dịch vụ công",
        "cổng dịch vụ công",
        "chuyển khoản ngân hàng",
        "ngân hàng cho chuyển khoản",
        "khẩu trang",
        "mất tiền",
        "bấm link lạ",
    ]
    return Speller.build(words(text) for text in texts)


@pytest.mark.parametrize(
    ("typed", "read", "changed"),
    [
        ("mat khua vnied", "mat khau vneid", 2),  # a wrong letter; two letters swapped
        ("dichvucong", "dich vu cong", 1),  # a phrase typed without spaces
        ("chuyenkhoan nganhang", "chuyen khoan ngan hang", 2),
        ("mat khau", "mat khau", 0),  # known words are never touched
        ("mit tan", "mit tan", 0),  # short syllables are words of their own
        ("xyzxyz", "xyzxyz", 0),  # nothing close: left as typed
        ("linh luong huu", "linh luong huu", 0),  # 'lĩnh' is a word: not 'link' beside 'lương'
        ("bam linh la", "bam link la", 1),  # beside the library's own words it is a slip
        ("quen mat khua", "quen mat khau", 1),  # a neighbour the library does not use says nothing
    ],
)
def test_speller_maps_unknown_words_onto_the_librarys(speller: Speller, typed: str, read: str, changed: int) -> None:
    fixed, count = speller.correct(words(typed))
    assert (" ".join(fixed), count) == (read, changed)
