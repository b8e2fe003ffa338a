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
        "khong", "chua", "hieu", "biet", "ban", "de", "chi", "day", "noi", "giang",
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
    "doc", "nhac", "bai", "hieu roi", "xong roi", "duoc roi", "vang hieu roi", "tro ve", "quay ve",
    "chi", "chi cho", "chi bac", "chi toi", "chi giup", "day", "day bac", "day toi", "ra",
)  # fmt: skip

# Words after the answer: particles, people addressed, softeners and intensifiers.
SUFFIXES = _phrases(
    "a", "nhe", "nha", "nhen", "nhi", "di", "voi", "luon", "day", "do", "the", "vay",
    "thoi", "roi", "nua", "qua", "lam", "ha", "ne", "dau", "chu", "a nhe", "nhe a", "di nao",
    "chau", "em", "e", "con", "ban", "oi", "chau oi", "em oi", "giup", "giup toi", "giup chau",
    "giup voi", "giup minh", "cho toi", "cho chau", "cho minh", "duoc khong", "dc khong",
    "ro rang", "chac chan", "that", "ngay", "luon nhe", "di chau", "nhe chau", "a chau", "nhe em",
    "ay", "kia", "nay", "bet", "lan nua", "xem", "xem sao", "thu xem", "cho bac", "cho ba", "cho ong",
    "cho co", "cho chu", "cho anh", "cho chi", "cho con", "cho em", "cho bac voi", "cho toi voi", "nhe bac",
    "cua bac", "cua toi", "cua chau", "cua minh", "bai hom qua", "bai cu", "hom qua", "hoc",
    "cau hoi cu", "cau cu", "cai cu", "doc lai", "bai kiem tra", "kiem tra", "cau hoi", "bay gio",
    "ti hoc", "ti nua hoc", "be bet", "lien", "toi nua", "may cau", "vai cau", "tu dau", "cho bac hieu",
    "cho de hieu", "gi het", "gi ca", "chu con gi", "con gi", "truoc", "truoc da", "duoc roi", "la duoc",
    "la duoc roi", "deu duoc",
)  # fmt: skip

# "Trước" at the end puts what is said first ("gọi cho con trước (đã)"), but after a thing in a
# sequence it is the previous one ("bài trước", "câu trước", "chủ đề trước"), and after a step
# through one it says which way ("tiếp trước", "lại trước"): not peeled there.
IN_SEQUENCE = frozenset(
    {"bai", "cau", "trang", "cai", "lan", "hom", "bua", "buoi", "phan", "doan", "buoc", "de", "so", "muc",
     "tuan", "thang", "nam", "ngay", "ky", "dot", "khi", "luc", "tiep", "lai"}
)  # fmt: skip
# Of those, the ones that are never content themselves ("quá", "chữ", "học" may be).
PURE_PREFIXES = _phrases(
    "da", "vang", "u", "ok", "thi", "the thi", "vay thi", "xin", "cho xin", "chon", "chon la", "lay",
    "muon", "can", "xem", "bam", "bam vao", "an vao", "go", "nhan", "hay", "dap an", "phuong an",
    "goi la", "goi toi la", "cu goi", "cu goi la", "goi minh la", "goi chau la", "dung la",
    "cho toi", "cho chau", "cho em", "cho minh", "cho con", "cho bac", "goi bang", "xung la", "doi",
    "sua", "doi lai", "sua lai", "vao", "mo", "hoc ve", "roi", "ok roi", "hieu roi", "vang hieu roi",
)  # fmt: skip
PURE_SUFFIXES = _phrases(
    "e", "a", "nhe", "nha", "nhen", "nhi", "di", "luon", "roi", "nua", "oi", "a nhe", "nhe a", "di nao",
    "chau oi", "em oi", "giup", "giup toi", "giup chau", "giup voi", "giup minh", "cho toi", "cho chau",
    "cho minh", "duoc khong", "dc khong", "luon nhe", "di chau", "nhe chau", "a chau", "nhe em",
    "cho bac", "cho ba", "cho ong", "cho co", "cho chu", "cho anh", "cho chi", "cho em", "cho bac voi",
    "cho toi voi", "nhe bac", "xem sao", "thu xem",
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

# Words that say must or need before a verb ("phải quét", "không cần quét"), and "có" (yes),
# with the marks they bear when typed with marks ("cân" is not "cần", "cô" not "có").
MODALS = MappingProxyType({"phai": frozenset({"phải"}), "can": frozenset({"cần"})})
YES_OPENERS = MappingProxyType({**MODALS, "co": frozenset({"có"})})
# Words that open the reason after an answer ("không, vì 5 triệu nhỏ hơn"): because.
REASONS = MappingProxyType({"vi": frozenset({"vì"}), "tai": frozenset({"tại"}), "boi": frozenset({"bởi"})})

# A word that turns the words after it (in the same clause) around.
NEGATIONS = frozenset({"khong", "chua", "chang", "khoi", "dung"})
# Of those, written with marks only: "dung" unmarked is far more often "đúng" or "dùng".
NEGATION_MARKED = MappingProxyType({"dung": frozenset({"đừng"}), "khoi": frozenset({"khỏi", "khoi"})})
# Never, said as a phrase: one "không" that turns the words after it around ("chả bao giờ đọc
# mã" is "không đọc mã"; "bao giờ" after it asks nothing). Each folded, with how its first word
# may be typed ("chả", never "cha", a father; "đời" or "doi", not "đợi" nor "đổi").
NEVER = MappingProxyType(
    {
        ("khong", "bao", "gio"): frozenset({"không", "khong"}),
        ("chang", "bao", "gio"): frozenset({"chẳng", "chang"}),
        ("cha", "bao", "gio"): frozenset({"chả"}),
        ("chua", "bao", "gio"): frozenset({"chưa", "chua"}),
        ("doi", "nao"): frozenset({"đời", "doi"}),
    }
)
# "có bao giờ … đâu" (when ever … at all): never, the "đâu" closing its clause.
NEVER_ASKED = ("co", "bao", "gio")

YES_STRONG = _keys(
    (
        "co", "u", "vang", "dong y", "phai", "ung", "ung y", "dung", "dung vay", "dung the", "chuan", "chinh xac",
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

# Another way to say an option, when the option says it one way: folded phrase -> the folded
# keys (a label's or an alias's) it may mean, tried in turn; the first one the screen has wins.
# Most are the standard options every screen has: menu, help, back, next, simpler words,
# later, now, progress.
_MENU = ("ve menu",)
_LATER = ("de sau",)
_SIMPLER = ("noi lai de hieu hon",)
_BACK = ("quay lai",)
_NEXT = ("tiep",)
_PROGRESS = ("tien do", "tien do cua toi")
_HELP = ("tro giup",)
_CALLED = ("goi toi la", "cu goi toi la", "goi minh la", "goi chau la", "goi la", "cu goi la")
SYNONYMS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        **dict.fromkeys(("de mai", "lat nua", "ti nua", "luc khac", "hom khac", "hoc sau", "lat nua hoc",
                         "ban", "dang ban", "bay gio ban", "ban qua", "toi hoc sau", "de toi hoc sau",
                         "chut nua", "ti nua hoc", "hoc sau nhe"), _LATER),
        **dict.fromkeys(("thoat", "thoat ra", "trang chu", "trang chinh", "ve trang chinh", "ve trang chu",
                         "man hinh chinh", "ve man hinh chinh", "ve dau", "menu chinh", "ve menu chinh",
                         "ra ngoai", "ve lai menu", "ve luc dau"), _MENU),
        **dict.fromkeys(("tro lai", "lui lai", "cai truoc", "quay lai cai truoc", "trang truoc",
                         "quay lai trang truoc", "doc lai trang truoc", "lui ve", "xem lai trang truoc",
                         "xem lai cai truoc"), _BACK),
        **dict.fromkeys(("trang sau", "sang trang", "sang trang sau", "trang tiep", "sang trang tiep",
                         "bat dau", "bat dau hoc", "di tiep", "lam tiep", "xem tiep", "roi sao nua", "sao nua",
                         "con gi nua", "gi nua", "roi gi nua"), _NEXT),
        **dict.fromkeys(("giang lai", "giang lai de hieu", "noi de hon", "giai thich de hon", "giai thich lai",
                         "noi ro hon", "giai thich ro hon", "noi cham lai", "noi don gian hon",
                         "noi lai di", "noi lai cho de hieu", "giang de hieu hon"), _SIMPLER),
        **dict.fromkeys(("ket qua", "ket qua hoc", "xem ket qua", "xem ket qua hoc", "hoc den dau",
                         "da hoc den dau", "hoc duoc bao nhieu", "diem", "diem so", "thanh tich",
                         "qua trinh hoc"), _PROGRESS),
        **dict.fromkeys(("huong dan", "huong dan su dung", "cach dung", "cach su dung", "giup do",
                         "can giup", "can giup do"), _HELP),
        **dict.fromkeys(("thong tin", "sua thong tin", "doi thong tin", "thong tin ca nhan"), ("cai dat",)),
        **dict.fromkeys(("khong biet dung", "khong biet cach dung", "khong biet su dung"), _HELP),
        **dict.fromkeys(("noi don gian", "don gian hon", "noi de hieu", "de hieu thoi"), _SIMPLER),
        **dict.fromkeys(("toi nay", "toi nay hoc", "chieu nay", "chieu hoc", "chieu nay hoc", "toi hoc"), _LATER),
        **dict.fromkeys(("hoc toi dau", "hoc toi dau roi", "da hoc toi dau"), _PROGRESS),
        **dict.fromkeys(("noi nom na", "nom na", "giai thich nom na"), _SIMPLER),
        **dict.fromkeys(("xoa sach", "xoa tat ca", "xoa het sach", "xoa sach het"), ("xoa het",)),
        "tra loi lai": ("lam lai cau hoi", "lam lai"),
        **dict.fromkeys(("khong can nhac", "khong can nhac nua", "thoi dung nhac"), ("khong can nhac", "tat nhac")),
        **dict.fromkeys(("chua ranh", "khong ranh", "ban roi", "dang ban roi", "chua hoc duoc"), _LATER),
        **dict.fromkeys(("de lai", "giu lai het", "de yen"), ("khong xoa",)),
        **dict.fromkeys(("vao bai", "vao hoc", "hoc thoi", "bat dau thoi"), ("tiep", "hoc ngay", "hoc tiep")),
        **dict.fromkeys(("thoi khong hoc nua", "khong hoc nua", "nghi thoi", "thoi nghi"), ("ve menu", "de sau")),
        **dict.fromkeys(("tro lai trang truoc", "tro ve trang truoc", "ve trang truoc"), _BACK),
        **dict.fromkeys(("doi gio nhac", "gio nhac", "sua gio nhac", "gio hoc"), ("gio nhac hoc", "cai dat")),
        **dict.fromkeys(("hoc bai ke tiep", "bai ke tiep", "ke tiep"), ("bai tiep theo", "tiep")),
        **dict.fromkeys(("suc khoe", "kham benh", "benh vien"), ("y te so",)),
        "hoc bai sau": ("bai tiep theo",),
        "cai moi": ("bai tiep theo", "hoc tiep"),
        "hoc cai moi": ("bai tiep theo", "hoc tiep"),
        "dung xoa": ("khong xoa",),
        "hoc bay gio": ("hoc ngay",),
        "bay gio": ("hoc ngay",),
        "on lai": ("on tap",),
        "on bai": ("on tap",),
        "on lai bai cu": ("on tap",),
        "co vao": ("vao nhom",),
        "cach goi": ("cach xung ho",),
        "bai moi": ("bai tiep theo",),
        "hoc bai moi": ("bai tiep theo", "hoc tiep"),
        "sang bai moi": ("bai tiep theo",),
        "bai sau": ("bai tiep theo",),
        "bai khac": ("bai tiep theo",),
        "sang bai khac": ("bai tiep theo",),
        "tat thong bao": ("nhan thong bao",),
        "bat thong bao": ("nhan thong bao",),
        "khong nhac": ("khong can nhac", "tat nhac"),
        "khong nhac nua": ("khong can nhac", "tat nhac"),
        "de nguyen": ("khong xoa",),
        "giu nguyen": ("khong xoa",),
        "giu lai": ("khong xoa",),
        # declining to tell ("bí mật", a secret) is skipping the question
        **dict.fromkeys(("bi mat", "bi mat nhe", "giu bi mat"), ("bo qua",)),
        # asking to be called by a form of address ("gọi tôi là bà thôi" in Cài đặt) is the option
        # that sets the form of address; where the forms are the options, the form itself is read
        **{f"{lead} {form}": ("xung ho", "cach xung ho") for lead in _CALLED for form in ADDRESS_WORDS},
        # writing it down: "ghi lại", "ghi giúp", as the option's own "ghi"
        **dict.fromkeys(("ghi lai", "ghi giup", "ghi vao", "ghi lai giup"), ("ghi",)),
        "xa khac": ("khac",),
        "phuong khac": ("khac",),
        "cho khac": ("khac",),
        "thon khac": ("khac",),
    }
)  # fmt: skip

# "Not these": on a list of what was found with "Tìm lại" and "Khác" beside it, either may be meant.
NOT_THESE = _keys(("sai", "sai roi", "sai het", "khong phai", "khong dung", "nham roi", "nham", "khong phai dau"))
NOT_THESE_OPTIONS = ("tim lai", "khac")
# After a "not these", the words that only point at what was found: "không phải 2 xã này",
# "ko phai ca hai", "sai hết mấy cái đó" say no more than "không phải".
THESE_FOUND = frozenset(
    {"ca", "hai", "ba", "2", "3", "may", "cac", "nhung", "xa", "phuong", "thon", "noi", "cai", "cho", "nay",
     "do", "kia", "het", "nao", "dau", "deu"}
)  # fmt: skip
# "Mine is not there": "không có xã của tôi", "ko thấy thôn em trong này" asks "Tìm lại" or "Khác".
NOT_LISTED = frozenset({("khong", "co"), ("khong", "thay"), ("chua", "co"), ("chang", "co")})

# Where the options are forms of address, a letter typed for one ("gọi a là dc", "e"): "a" is
# "anh" and "e" is "em" there (elsewhere "a" is as often "ạ").
FORM_LETTERS = MappingProxyType({"a": "anh", "e": "em"})
# Of those, the ones that are the form typed alone too ("e"); a lone "a" may be a lone "ạ".
LONE_FORM_LETTERS = frozenset({"e"})
# Words after a form of address that say who the learner is, typed with these marks or none:
# "cô giáo" (a teacher) is called "cô", "ông nội", "bà ngoại", "ông già", "bà cụ" "ông", "bà".
FORM_KIN = MappingProxyType(
    {
        "giao": frozenset({"giáo"}),
        "noi": frozenset({"nội"}),
        "ngoai": frozenset({"ngoại"}),
        "gia": frozenset({"già"}),
        "cu": frozenset({"cụ"}),
    }
)

# "I do not live there": "không ở Thái Nguyên", "tôi không sống ở đây" tells the place is
# elsewhere, whatever is named after it ("Khác"), unless an option names it.
NOT_LIVING = _phrases("khong o", "khong song o", "chang o", "khong phai o", "khong con o", "khong o tai", "khong thuoc")

# One word for another, tried on a reply of two words or more that read as nothing at all, or
# as one option only asked about ("cúp máy" is "tắt máy", "học liền", "chuyển luôn" are "… ngay",
# "ra menu" is "về menu", "qua bài khác" is "sang bài khác").
WORD_SYNONYMS = MappingProxyType(
    {"cup": "tat", "lien": "ngay", "luon": "ngay", "sach": "het", "ra": "ve", "qua": "sang", "het": "ca"}
)

# English words for what a button does, typed by grandchildren and young workers ("next",
# "back", "retry"): read as the Vietnamese they stand for, where the reply reads as nothing as it
# is. Words that are also a Vietnamese spelling ("go" is "gõ") are not here.
ENGLISH = MappingProxyType(
    {
        "next": "tiếp", "continue": "tiếp tục", "back": "quay lại", "again": "lại", "try": "thử",
        "retry": "thử lại", "true": "đúng", "correct": "đúng", "false": "sai", "wrong": "sai",
        "join": "vào", "out": "thoát ra", "exit": "thoát", "help": "giúp", "home": "trang chủ",
        "skip": "bỏ qua", "cancel": "hủy", "later": "để sau", "start": "bắt đầu",
    }
)  # fmt: skip

# Teencode that stands for two words: content.textnorm writes the first ("hok" is "không"),
# and where that reads as nothing on the screen the second is tried ("hok tiep" is "học tiếp").
SECOND_READINGS = MappingProxyType({"hok": "học"})

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
     "vua", "khac", "that", "gi", "nao", "dau", "luc", "lan", "viec", "cach", "nhom"}
)  # fmt: skip
# An option that says the card again in simpler words.
EXPLAIN_KEYS = _keys(("noi lai de hieu hon", "de hieu hon", "giai thich", "noi de hieu hon"))
# An option that opens the tutor's help ("Trợ giúp" on the menu).
HELP_KEYS = _keys(("tro giup", "huong dan"))
