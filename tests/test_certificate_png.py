import datetime
import io
import unicodedata

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from bot.certificates import (
    FRAME_INSET,
    HEIGHT,
    NAME,
    WIDTH,
    PlacedLine,
    certificate_layout,
    render_certificate_png,
)

ISSUED = datetime.date(2025, 3, 7)
LONG_NAME = "Tôn Nữ Thị Phương Thảo Hoàng Nguyễn Lê Trần Phạm Huỳnh Võ Đặng Bùi Đỗ " * 4
LONG_TITLE = "An toàn thông tin cá nhân trên mạng xã hội và dịch vụ công trực tuyến " * 3
VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
INNER = (FRAME_INSET + 20, FRAME_INSET + 20, WIDTH - FRAME_INSET - 20, HEIGHT - FRAME_INSET - 20)


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _texts(name: str, title: str = "Kỹ năng số cơ bản", code: str = "K7M2XQ9P") -> list[str]:
    return [line.text for line in certificate_layout(name, title, ISSUED, code).lines]


def _inside(box: tuple[int, int, int, int], frame: tuple[int, int, int, int]) -> bool:
    return frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2] and box[3] <= frame[3]


def _ink_box(lines: list[PlacedLine]) -> tuple[int, int, int, int]:
    # Drawn on a canvas far bigger than the page, so text that overflowed would show, not clip.
    pad = 1000
    canvas = Image.new("L", (WIDTH + 2 * pad, HEIGHT + 2 * pad), 0)
    draw = ImageDraw.Draw(canvas)
    for line in lines:
        draw.text((line.xy[0] + pad, line.xy[1] + pad), line.text, font=line.font, fill=255, anchor=line.anchor)
    box = canvas.getbbox()
    assert box is not None
    return box[0] - pad, box[1] - pad, box[2] - pad, box[3] - pad


def test_output_is_a_png_of_the_expected_size() -> None:
    png = render_certificate_png("Nguyễn Thị Hương", "Kỹ năng số cơ bản", ISSUED, "K7M2XQ9P")
    image = _open(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 850)
    assert image.convert("L").getpixel((WIDTH // 2, 20)) == 255


@pytest.mark.parametrize("code", ["K7M2XQ9P", "ABCDEFGHJKLMNPQR", "Z2"])
def test_qr_code_decodes_to_the_verification_payload(code: str) -> None:
    image = _open(render_certificate_png(LONG_NAME, LONG_TITLE, ISSUED, code))
    results = zxingcpp.read_barcodes(image)
    assert [(r.format, r.text) for r in results] == [(zxingcpp.BarcodeFormat.QRCode, f"HOCVUSO:{code}")]


def test_certificate_has_every_required_line() -> None:
    texts = _texts("Nguyễn Thị Hương")
    assert texts == [
        "GIẤY CHỨNG NHẬN",
        "Học Vụ Số — trợ lý học kỹ năng số",
        "Chứng nhận",
        "Nguyễn Thị Hương",
        "đã hoàn thành phần học",
        "Kỹ năng số cơ bản",
        "Ngày cấp: 07/03/2025",
        "Mã xác minh: K7M2XQ9P",
        "Kiểm tra: gõ /xacminh K7M2XQ9P trong trò chuyện với Học Vụ Số",
    ]


@pytest.mark.parametrize("name", ["", "   \n "])
def test_blank_name_becomes_nguoi_hoc(name: str) -> None:
    assert "Người học" in _texts(name)


def test_decomposed_diacritics_are_composed() -> None:
    name = unicodedata.normalize("NFD", "Trần Thị Ngọc Ánh")
    assert "Trần Thị Ngọc Ánh" in _texts(name)


def test_every_character_has_a_real_glyph() -> None:
    layout = certificate_layout("Đỗ Quốc Hưng " + VIETNAMESE, VIETNAMESE.upper(), ISSUED, "K7M2")
    for line in layout.lines:
        missing = line.font.getmask("\U0010fff0")
        blank = (missing.size, bytes(missing))
        for char in set(line.text) - {" "}:
            mask = line.font.getmask(char)
            assert (mask.size, bytes(mask)) != blank, f"no glyph for {char!r}"


@pytest.mark.parametrize("name", [LONG_NAME, "Ư" * 300, "Nguyễn" + "ễ" * 200 + " An"])
def test_long_name_stays_inside_its_slot_and_the_frame(name: str) -> None:
    layout = certificate_layout(name, LONG_TITLE, ISSUED, "ABCDEFGHJKLMNPQR")
    name_lines = [
        line for line in layout.lines if line.fill == NAME.fill and NAME.top <= line.xy[1] < NAME.top + NAME.height
    ]
    ink = _ink_box(name_lines)
    assert 1 <= len(name_lines) <= NAME.max_lines
    assert _inside(ink, (NAME.left, NAME.top, NAME.right, NAME.top + NAME.height))
    assert _inside(ink, INNER)


def test_all_text_and_the_qr_stay_inside_the_frame_without_overlapping() -> None:
    layout = certificate_layout(LONG_NAME, LONG_TITLE, ISSUED, "ABCDEFGHJKLMNPQR")
    qr_box = (*layout.qr_xy, layout.qr_xy[0] + layout.qr.width, layout.qr_xy[1] + layout.qr.height)
    boxes = [_ink_box([line]) for line in layout.lines] + [qr_box]
    for box in boxes:
        assert _inside(box, INNER)
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1], (
                f"{box} overlaps {other}"
            )


def test_margin_outside_the_border_stays_blank_for_a_long_name() -> None:
    image = _open(render_certificate_png(LONG_NAME, LONG_TITLE, ISSUED, "K7M2XQ9P")).convert("L")
    for box in (
        (0, 0, WIDTH, FRAME_INSET),
        (0, HEIGHT - FRAME_INSET, WIDTH, HEIGHT),
        (0, 0, FRAME_INSET, HEIGHT),
        (WIDTH - FRAME_INSET, 0, WIDTH, HEIGHT),
    ):
        assert image.crop(box).getextrema() == (255, 255)


def test_different_codes_give_different_images() -> None:
    first = render_certificate_png("Lê Văn Tám", "Kỹ năng số cơ bản", ISSUED, "K7M2XQ9P")
    second = render_certificate_png("Lê Văn Tám", "Kỹ năng số cơ bản", ISSUED, "K7M2XQ9Q")
    assert first != second
    assert _open(first).tobytes() != _open(second).tobytes()


def test_same_inputs_give_the_same_bytes() -> None:
    def render() -> bytes:
        return render_certificate_png("Lê Văn Tám", "Kỹ năng số cơ bản", ISSUED, "K7M2XQ9P")

    assert render() == render()
