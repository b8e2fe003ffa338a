"""Draw the lesson pictures in this folder: `.venv/bin/python content/media/draw_images.py`.

Drawn here, never copied: no screenshot, no imitation of an official app's screen. The
same run gives the same bytes, so a redraw shows up in git only when a drawing changes.
Meaning never rests on colour alone: every mark also has a word, a shape or a number.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
WIDTH = 720
MARGIN = 32
INK = (31, 41, 51)
GREY = (96, 104, 116)
PAPER = (255, 255, 255)
PANEL = (238, 241, 244)
MARK = (255, 236, 160)  # highlight behind the part to read
GOOD = (27, 110, 58)
BAD = (170, 32, 28)
COLOURS = 32  # few colours keep the PNG small on 3G

Font = ImageFont.FreeTypeFont
Box = tuple[int, int, int, int]


@cache
def _font_bytes(weight: str) -> bytes:
    # Pillow's built-in font has no Vietnamese marks; the ttf-opensans wheel has them all.
    return (files("ttf_opensans") / "ttf" / f"OpenSans-{weight}.ttf").read_bytes()


def font(size: int, weight: str = "Regular") -> Font:
    # The basic layout engine gives the same pixels with or without libraqm installed.
    return ImageFont.truetype(io.BytesIO(_font_bytes(weight)), size, layout_engine=ImageFont.Layout.BASIC)


def canvas(height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, height), PAPER)
    return image, ImageDraw.Draw(image)


def check_mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int = 34) -> None:
    draw.ellipse((x, y, x + size, y + size), outline=GOOD, width=4)
    points = [(x + size * 0.26, y + size * 0.52), (x + size * 0.44, y + size * 0.7), (x + size * 0.76, y + size * 0.32)]
    draw.line(points, fill=GOOD, width=5, joint="curve")


def cross_mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int = 34) -> None:
    draw.ellipse((x, y, x + size, y + size), outline=BAD, width=4)
    a, b = size * 0.3, size * 0.7
    draw.line((x + a, y + a, x + b, y + b), fill=BAD, width=5)
    draw.line((x + a, y + b, x + b, y + a), fill=BAD, width=5)


def number_mark(draw: ImageDraw.ImageDraw, x: int, y: int, number: int, size: int = 34) -> None:
    draw.ellipse((x, y, x + size, y + size), fill=BAD)
    draw.text((x + size / 2, y + size / 2), str(number), font=font(22, "Bold"), fill=PAPER, anchor="mm")


def dashed_rectangle(draw: ImageDraw.ImageDraw, box: Box, colour: tuple[int, int, int], dash: int = 10) -> None:
    left, top, right, bottom = box
    for x in range(left, right, dash * 2):
        for y in (top, bottom):
            draw.line((x, y, min(x + dash, right), y), fill=colour, width=4)
    for y in range(top, bottom, dash * 2):
        for x in (left, right):
            draw.line((x, y, x, min(y + dash, bottom)), fill=colour, width=4)


def wrap(text: str, face: Font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def paragraph(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    face: Font,
    fill: tuple[int, int, int] = INK,
    right: int = WIDTH - MARGIN,
) -> int:
    """Draw wrapped text between x and `right`; return the y below it."""
    x, y = xy
    step = round(face.size) + 10
    for line in wrap(text, face, right - x):
        draw.text((x, y), line, font=face, fill=fill)
        y += step
    return y


def address_panel(draw: ImageDraw.ImageDraw, top: int, real: bool, domain: str, ending: str, label: str) -> int:
    """One address with its domain boxed and its ending underlined, and whose page it is."""
    draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + 170), radius=14, fill=PANEL)
    (check_mark if real else cross_mark)(draw, MARGIN + 16, top + 16)
    word, colour = ("THẬT", GOOD) if real else ("GIẢ", BAD)
    draw.text((MARGIN + 60, top + 12), word, font=font(28, "Bold"), fill=colour)
    face = font(27, "SemiBold")
    x, y = MARGIN + 24, top + 66
    box = (x - 6, y - 4, x + int(face.getlength(domain)) + 6, y + 46)
    draw.rectangle(box, fill=MARK)
    if real:
        draw.rectangle(box, outline=INK, width=3)
    else:
        dashed_rectangle(draw, box, INK)
    draw.text((x, y), domain, font=face, fill=INK)
    start = x + int(face.getlength(domain[: domain.rindex(ending)]))
    draw.line((start, y + 36, x + int(face.getlength(domain)), y + 36), fill=INK, width=4)
    slash = font(30, "Bold")
    draw.text((box[2] + 6, y - 3), "/", font=slash, fill=INK)
    draw.text((box[2] + 8 + int(slash.getlength("/")), y), "...", font=face, fill=GREY)
    draw.text((x, y + 54), label, font=font(23), fill=INK)
    return top + 170


def draw_link_address() -> Image.Image:
    image, draw = canvas(560)
    draw.text((MARGIN, 24), "Đọc địa chỉ tới dấu / đầu tiên", font=font(34, "Bold"), fill=INK)
    paragraph(draw, (MARGIN, 76), "Trong khung là tên miền. Gạch dưới là đuôi.", font(24))
    bottom = address_panel(
        draw, 130, True, "dichvucong.gov.vn", ".gov.vn", "Sau .gov.vn là dấu / ngay: trang nhà nước."
    )
    bottom = address_panel(
        draw, bottom + 20, False, "dichvucong.gov.vn-nopphat[.]top", "[.]top", "Sau .gov.vn còn chữ. Đuôi thật là .top."
    )
    draw.text((MARGIN, bottom + 24), "Dấu [.] viết ra để không ai bấm nhầm.", font=font(21), fill=GREY)
    return image


SMS_LINES: tuple[tuple[str, int], ...] = (
    ("Tài khoản của Quý khách", 0),
    ("sẽ bị KHÓA.", 1),
    ("Xác thực trong 24 giờ", 2),
    ("tại: [link rút gọn]", 3),
)
SIGNS = (
    (1, "Dọa: sắp khóa tài khoản"),
    (2, "Giục: chỉ cho 24 giờ"),
    (3, "Link rút gọn: không biết dẫn tới đâu"),
)


def phone_frame(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A plain phone outline: no brand, no real app's screen."""
    left, top, right, _ = box
    draw.rounded_rectangle(box, radius=34, outline=INK, width=5, fill=PAPER)
    draw.rounded_rectangle(((left + right) // 2 - 40, top + 16, (left + right) // 2 + 40, top + 26), radius=5, fill=INK)
    draw.text((left + 26, top + 44), "Tin nhắn", font=font(22, "Bold"), fill=GREY)
    draw.line((left + 20, top + 80, right - 20, top + 80), fill=PANEL, width=3)


def sms_bubble(draw: ImageDraw.ImageDraw, left: int, top: int, right: int) -> int:
    face = font(26)
    step = 44
    bottom = top + 60 + step * len(SMS_LINES)
    draw.rounded_rectangle((left, top, right, bottom), radius=18, fill=PANEL)
    draw.text((left + 18, top + 12), "Ngân hàng X", font=font(22, "Bold"), fill=INK)
    y = top + 52
    for text, sign in SMS_LINES:
        draw.text((left + 18, y), text, font=face, fill=INK)
        if sign:
            end = left + 18 + int(face.getlength(text))
            draw.line((left + 18, y + 38, end, y + 38), fill=BAD, width=3)
            number_mark(draw, end + 14, y + 3, sign, size=32)
        y += step
    return bottom


def draw_sms_signs() -> Image.Image:
    image, draw = canvas(670)
    draw.text((MARGIN, 20), "Tin nhắn giả: ba dấu hiệu", font=font(34, "Bold"), fill=INK)
    phone_frame(draw, (MARGIN + 60, 80, WIDTH - MARGIN - 60, 440))
    sms_bubble(draw, MARGIN + 84, 176, WIDTH - MARGIN - 84)
    y = 468
    for number, text in SIGNS:
        number_mark(draw, MARGIN, y, number)
        y = paragraph(draw, (MARGIN + 48, y - 2), text, font(26, "SemiBold")) + 8
    paragraph(draw, (MARGIN, y + 12), "Gặp một trong ba điều: dừng lại, đừng bấm.", font(26, "Bold"), fill=BAD)
    return image


def wifi_symbol(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    for radius in (8, 18, 28):
        draw.arc((x - radius, y - radius, x + radius, y + radius), start=225, end=315, fill=INK, width=4)
    draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=INK)


def network_list(draw: ImageDraw.ImageDraw, top: int) -> int:
    draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + 218), radius=14, fill=PANEL)
    draw.text((MARGIN + 20, top + 12), "Mạng Wi-Fi ở gần", font=font(22, "Bold"), fill=GREY)
    face = font(26, "SemiBold")
    for row, name in enumerate(("QuanNuoc_Hoa", "QuanNuoc_Hoa", "BenXe_Free")):
        y = top + 56 + row * 52
        wifi_symbol(draw, MARGIN + 44, y + 30)
        draw.text((MARGIN + 84, y + 4), name, font=face, fill=INK)
    # A bracket joins the two same-named rows to their warning.
    x = MARGIN + 330
    draw.line((x, top + 62, x + 16, top + 62, x + 16, top + 150, x, top + 150), fill=BAD, width=4)
    warning = "Hai mạng trùng tên: có thể một mạng là giả"
    paragraph(draw, (x + 30, top + 70), warning, font(22, "Bold"), fill=BAD, right=WIDTH - MARGIN - 16)
    return top + 218


def verdict_row(draw: ImageDraw.ImageDraw, top: int, good: bool, text: str) -> int:
    (check_mark if good else cross_mark)(draw, MARGIN, top)
    return paragraph(draw, (MARGIN + 50, top), text, font(26, "SemiBold"))


def draw_public_wifi() -> Image.Image:
    image, draw = canvas(500)
    draw.text((MARGIN, 20), "Wi-Fi công cộng: quán nước, bến xe", font=font(32, "Bold"), fill=INK)
    y = network_list(draw, 84) + 30
    y = verdict_row(draw, y, True, "Đọc tin, xem video: được.") + 14
    y = verdict_row(draw, y, False, "Chuyển tiền, vào ngân hàng: không.") + 14
    paragraph(draw, (MARGIN + 50, y), "Khi đó, tắt Wi-Fi, dùng 4G, 5G của mình.", font(26, "Bold"))
    return image


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "link-doc-dia-chi.png": draw_link_address,
    "tin-nhan-dau-hieu.png": draw_sms_signs,
    "wifi-cong-cong.png": draw_public_wifi,
}


def png_bytes(image: Image.Image) -> bytes:
    small = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    for name, draw in DRAWINGS.items():
        data = png_bytes(draw())
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
