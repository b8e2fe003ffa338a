"""The words around an answer: politeness, yes and no, help. Data, not logic.

Every entry is folded text as `content.textnorm.normalize` writes it ("không" -> "khong",
"ko" -> "khong"). Add a line when learners' messages show a new way of saying something.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType


def _phrases(*lines: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.split()) for line in lines)


def _keys(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(lines)


# Ways a learner refers to themselves before a verb ("cháu chọn", "bác muốn"). The address
# forms are only dropped before a verb, since "bà" or "em" alone may be the answer itself.
SELF_WORDS = frozenset({"toi", "tui", "chau", "minh", "to", "tao"})
ADDRESS_WORDS = frozenset({"ong", "ba", "bac", "co", "chu", "anh", "chi", "em", "con", "cu"})
VERBS = frozenset(
    {
        "chon", "muon", "xin", "can", "lay", "xem", "vao", "bam", "an", "go", "nhan", "mo", "doc",
        "hoc", "doi", "sua", "thich", "nghe", "di", "sang", "thu", "la", "se", "cu", "dang",
    }
)  # fmt: skip

# Words in front of the answer. Longest first is not needed: each is tried in turn.
PREFIXES = _phrases(
    "da", "vang", "u", "ok", "thi", "the thi", "vay thi", "vay", "thoi", "xin", "cho xin", "cho",
    "chon", "chon la", "lay", "muon", "can", "xem", "vao", "mo", "bam", "bam vao", "an", "an vao",
    "go", "nhan", "hay", "doi", "sua", "doi lai", "sua lai", "hoc", "hoc ve", "hoc bai", "bai ve",
    "ve", "cai", "chu de", "phan", "nut", "dap an", "phuong an", "la", "thi la", "goi", "goi la",
    "goi toi la", "cu goi", "cu goi la", "goi minh la", "goi chau la", "xung", "dung la", "goi bang",
    "xung la",
    "di", "buoi", "cho toi", "cho chau", "cho em", "cho minh", "cho con", "cho bac", "roi", "ok roi",
    "doc", "nhac", "bai",
)  # fmt: skip

# Words after the answer: particles, people addressed, softeners and intensifiers.
SUFFIXES = _phrases(
    "a", "nhe", "nha", "nhen", "nhi", "di", "voi", "luon", "day", "do", "the", "vay",
    "thoi", "roi", "nua", "qua", "lam", "ha", "ne", "dau", "chu", "a nhe", "nhe a", "di nao",
    "chau", "em", "con", "ban", "oi", "chau oi", "em oi", "giup", "giup toi", "giup chau",
    "giup voi", "giup minh", "cho toi", "cho chau", "cho minh", "duoc khong", "dc khong",
    "ro rang", "chac chan", "that", "ngay", "luon nhe", "di chau", "nhe chau", "a chau", "nhe em",
    "ay", "kia", "nay", "bet", "lan nua",
)  # fmt: skip

# Of those, the ones that are never content themselves ("quá", "chữ", "học" may be).
PURE_PREFIXES = _phrases(
    "da", "vang", "u", "ok", "thi", "the thi", "vay thi", "xin", "cho xin", "chon", "chon la", "lay",
    "muon", "can", "xem", "bam", "bam vao", "an vao", "go", "nhan", "hay", "dap an", "phuong an",
    "goi la", "goi toi la", "cu goi", "cu goi la", "goi minh la", "goi chau la", "dung la",
    "cho toi", "cho chau", "cho em", "cho minh", "cho con", "cho bac", "goi bang", "xung la", "doi",
    "sua", "doi lai", "sua lai", "vao", "mo", "hoc ve", "roi", "ok roi",
)  # fmt: skip
PURE_SUFFIXES = _phrases(
    "a", "nhe", "nha", "nhen", "nhi", "di", "luon", "roi", "nua", "oi", "a nhe", "nhe a", "di nao",
    "chau oi", "em oi", "giup", "giup toi", "giup chau", "giup voi", "giup minh", "cho toi", "cho chau",
    "cho minh", "duoc khong", "dc khong", "luon nhe", "di chau", "nhe chau", "a chau", "nhe em",
)  # fmt: skip

# Words that join ideas but never tell two options apart, with the marks that make them so
# ("mã" is a code, "chợ" a market, "dễ" easy: those are not stop words).
STOP_WORDS = MappingProxyType(
    {
        "la": frozenset({"là"}),
        "thi": frozenset({"thì"}),
        "ma": frozenset({"mà"}),
        "cua": frozenset({"của"}),
        "va": frozenset({"và"}),
        "cac": frozenset({"các"}),
        "nhung": frozenset({"những", "nhưng"}),
        "phai": frozenset({"phải"}),
        "hoac": frozenset({"hoặc"}),
        "cho": frozenset({"cho"}),
        "voi": frozenset({"với"}),
        "de": frozenset({"để"}),
        "nhe": frozenset({"nhé"}),
        "a": frozenset({"à", "ạ", "a"}),
    }
)

# A word that turns the words after it (in the same clause) around.
NEGATIONS = frozenset({"khong", "chua", "chang", "khoi", "dung"})
# Of those, written with marks only: "dung" unmarked is far more often "đúng" or "dùng".
NEGATION_MARKED = MappingProxyType({"dung": frozenset({"đừng"})})

YES_STRONG = _keys(
    (
        "co", "u", "vang", "dong y", "phai", "dung", "dung vay", "dung the", "chuan", "chinh xac",
        "co chu", "tat nhien", "yes", "chac chan", "co phai", "u dung", "vang a", "co a", "dong y luon",
        "vang dong y", "da co", "da vang", "da dong y", "co dong y", "u dong y",
    )
)  # fmt: skip
YES_WEAK = _keys(
    (
        "ok", "da", "duoc", "roi", "xong", "xong roi", "hieu", "hieu roi", "da hieu", "biet roi",
        "nho roi", "doc xong", "doc roi", "doc xong roi", "da doc", "tot", "hay", "tuyet", "duoc roi",
        "ok roi", "da duoc", "oki", "okay", "ok luon", "nghe roi", "xem roi", "xem xong",
    )
)  # fmt: skip
NO_STRONG = _keys(
    (
        "khong", "thoi", "khong can", "khong muon", "khoi", "thoi khoi", "khoi can", "no", "khong phai",
        "khong dung", "khong co", "khong dong y", "thoi khong", "thoi khong can", "khong muon noi",
        "khong noi", "khong thich", "khong muon khai", "chang", "khong bao gio", "khong can dau",
        "thoi di", "khong muon dau", "huy", "khong muon noi ten", "khong khai",
    )
)  # fmt: skip
NO_WEAK = _keys(("chua", "chua can", "chua muon", "de sau", "de mai", "lat nua", "ti nua", "luc khac"))

# Another way to say an option, when the option says it one way: folded phrase -> folded key.
SYNONYMS = MappingProxyType(
    {
        "de mai": "de sau",
        "lat nua": "de sau",
        "ti nua": "de sau",
        "luc khac": "de sau",
        "hom khac": "de sau",
        "thoat": "ve menu",
        "trang chu": "ve menu",
        "man hinh chinh": "ve menu",
        "ve dau": "ve menu",
        "tro lai": "quay lai",
        "lui lai": "quay lai",
        "cai truoc": "quay lai",
        "quay lai cai truoc": "quay lai",
        "menu chinh": "ve menu",
        "ve menu chinh": "ve menu",
        "on lai": "on tap",
        "on bai": "on tap",
        "on lai bai cu": "on tap",
        "co vao": "vao nhom",
        "cach goi": "cach xung ho",
        "bai moi": "bai tiep theo",
        "sang bai moi": "bai tiep theo",
        "bai sau": "bai tiep theo",
        "tat thong bao": "nhan thong bao",
        "xa khac": "khac",
        "phuong khac": "khac",
        "cho khac": "khac",
        "thon khac": "khac",
        "bat thong bao": "nhan thong bao",
    }
)

# Labels that say "yes" or "no" whatever the question (first clause of the label, folded).
YES_LABELS = _keys(("dong y", "co", "tiep", "tiep tuc", "xong", "ok", "vang", "vao nhom"))
NO_LABELS = _keys(("khong", "thoi", "huy", "bo qua", "de sau", "khong dong y"))
# Aliases by which a flow marks its yes or no option.
YES_ALIASES = _keys(("co", "u", "ok", "dong y", "vang", "yes"))
NO_ALIASES = _keys(("khong", "ko", "thoi", "no"))
# Words of a label that undo something: a mere "ok" does not pick such an option.
UNDOING = frozenset({"xoa", "huy", "roi", "tat", "thu", "bo"})
# Words too common to pick an option on their own: "học" is in many labels.
VAGUE = frozenset(
    {"hoc", "bai", "so", "nguoi", "co", "lai", "di", "lam", "xem", "cai", "tin", "nhan", "goi", "tien", "mang",
     "gia", "moi", "ai", "toi", "ban", "ma", "tai", "khoan", "dung", "ngay", "nay", "cho", "khi", "the", "vao",
     "qua", "tren", "duoi", "trong", "ngoai", "sau", "truoc", "neu", "vi", "bang", "tu", "den", "o", "ra",
     "len", "xuong", "het", "ca", "nhieu", "it", "rat", "con", "ho", "no", "cung", "van", "da", "se", "dang",
     "vua", "khac", "that", "gi", "nao", "dau", "luc", "lan", "viec", "cach"}
)  # fmt: skip
# An option that says the card again in simpler words.
EXPLAIN_KEYS = _keys(("noi lai de hieu hon", "de hieu hon", "giai thich", "noi de hieu hon"))
