"""Certificate image: a PNG the learner can keep, share and have verified by its code."""

from __future__ import annotations

import datetime
import functools
import io
import secrets
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal

from bot.deferred import Image, ImageDraw, ImageFont, qrcode

WIDTH, HEIGHT = 1200, 850
BACKGROUND = "#FFFFFF"
INK = "#1F2937"
MUTED = "#4B5563"
NAVY = "#1F3A68"
RED = "#A61B1B"
GOLD = "#C9A227"
DEFAULT_NAME = "Người học"
QR_TARGET = 210
QR_LEFT, QR_TOP = 905, 585
FRAME_INSET = 22
TEXT_LEFT, TEXT_RIGHT = 100, WIDTH - 100

# No 0/O, 1/I: codes are read aloud and typed by hand. 32 letters carry 5 bits each, so 12 of
# them carry 60: guessing one of 10,000 issued codes takes about 10^14 tries, where the first
# codes ("HV" + 6, 30 bits) fell to about 10^5. Old codes keep verifying: they are looked up as stored.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "HV"
CODE_BODY = 12
CODE_LENGTH = len(CODE_PREFIX) + CODE_BODY  # 14: fits the String(16) column without a migration


def new_certificate_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_BODY))


Weight = Literal["Regular", "SemiBold", "Bold"]
Align = Literal["center", "left"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A band of the page that one piece of text must fit inside, whatever its length."""

    top: int
    height: int
    left: int
    right: int
    weight: Weight
    max_size: int
    min_size: int
    max_lines: int
    fill: str
    align: Align = "center"


@dataclass(frozen=True, slots=True)
class PlacedLine:
    text: str
    font: ImageFont.FreeTypeFont
    xy: tuple[int, int]
    anchor: str
    fill: str
    box: tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Layout:
    lines: tuple[PlacedLine, ...]
    qr: Image.Image
    qr_xy: tuple[int, int]


HEADING = Slot(55, 90, TEXT_LEFT, TEXT_RIGHT, "Bold", 66, 40, 1, RED)
TAGLINE = Slot(150, 45, TEXT_LEFT, TEXT_RIGHT, "Regular", 30, 22, 1, MUTED)
CERTIFIES = Slot(225, 45, TEXT_LEFT, TEXT_RIGHT, "Regular", 32, 24, 1, INK)
NAME = Slot(275, 150, TEXT_LEFT, TEXT_RIGHT, "Bold", 72, 34, 2, NAVY)
COMPLETED = Slot(430, 45, TEXT_LEFT, TEXT_RIGHT, "Regular", 32, 24, 1, INK)
MODULE = Slot(480, 100, TEXT_LEFT, TEXT_RIGHT, "SemiBold", 44, 26, 2, NAVY)
ISSUED = Slot(610, 45, TEXT_LEFT, QR_LEFT - 30, "Regular", 30, 22, 1, INK, "left")
CODE = Slot(660, 45, TEXT_LEFT, QR_LEFT - 30, "Bold", 30, 22, 1, INK, "left")
CHECK = Slot(725, 70, TEXT_LEFT, QR_LEFT - 30, "Regular", 24, 18, 2, MUTED, "left")


def render_certificate_png(name: str, module_title: str, issued_on: datetime.date, code: str) -> bytes:
    layout = certificate_layout(name, module_title, issued_on, code)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_frame(draw)
    for line in layout.lines:
        draw.text(line.xy, line.text, font=line.font, fill=line.fill, anchor=line.anchor)
    image.paste(layout.qr, layout.qr_xy)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def certificate_layout(name: str, module_title: str, issued_on: datetime.date, code: str) -> Layout:
    """Where every line goes; separate from drawing so tests can check the geometry."""
    code = code.strip()
    contents = (
        (HEADING, "GIẤY CHỨNG NHẬN"),
        (TAGLINE, "Học Vụ Số — trợ lý học kỹ năng số"),
        (CERTIFIES, "Chứng nhận"),
        (NAME, _clean(name) or DEFAULT_NAME),
        (COMPLETED, "đã hoàn thành phần học"),
        (MODULE, _clean(module_title)),
        (ISSUED, f"Ngày cấp: {issued_on:%d/%m/%Y}"),
        (CODE, f"Mã xác minh: {code}"),
        (CHECK, f"Kiểm tra: gõ /xacminh {code} trong trò chuyện với Học Vụ Số"),
    )
    lines = tuple(line for slot, text in contents for line in fit_text(text, slot))
    qr = qr_image(f"HOCVUSO:{code}")
    offset = (QR_TARGET - qr.width) // 2
    return Layout(lines, qr, (QR_LEFT + offset, QR_TOP + offset))


def _clean(text: str) -> str:
    # Some keyboards send decomposed diacritics, which place badly without shaping; NFC
    # gives the precomposed Vietnamese letters the font draws as single glyphs.
    return " ".join(unicodedata.normalize("NFC", text).split())


def fit_text(text: str, slot: Slot) -> list[PlacedLine]:
    """The largest size at which whole words fit the slot; split words and '…' as a last resort."""
    width = slot.right - slot.left
    for size in range(slot.max_size, slot.min_size - 1, -2):
        font = _font(slot.weight, size)
        lines = _wrap(text, font, width, split_wide_words=False)
        if lines is not None and len(lines) <= _lines_that_fit(slot, font):
            return _place(lines, font, slot)
    font = _font(slot.weight, slot.min_size)
    lines = _wrap(text, font, width, split_wide_words=True) or [""]
    return _place(_truncate(lines, font, width, _lines_that_fit(slot, font)), font, slot)


def _lines_that_fit(slot: Slot, font: ImageFont.FreeTypeFont) -> int:
    return max(1, min(slot.max_lines, slot.height // _line_height(font)))


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, split_wide_words: bool) -> list[str] | None:
    """Greedy word wrap; None when a word is wider than the line and may not be split."""
    lines: list[str] = []
    for word in text.split(" "):
        pieces = _split_word(word, font, width) if split_wide_words else [word]
        if font.getlength(pieces[0]) > width:
            return None
        candidate = f"{lines[-1]} {pieces[0]}" if lines else pieces[0]
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(pieces[0])
        lines.extend(pieces[1:])
    return lines


def _split_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    pieces = [""]
    for char in word:
        if pieces[-1] and font.getlength(pieces[-1] + char) > width:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def _truncate(lines: list[str], font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = _ellipsize(kept[-1], font, width)
    return kept


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while line and font.getlength(line + " …") > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line.rstrip() + " …"


def _place(lines: list[str], font: ImageFont.FreeTypeFont, slot: Slot) -> list[PlacedLine]:
    line_height = _line_height(font)
    top = slot.top + (slot.height - line_height * len(lines)) // 2
    if slot.align == "center":
        x, anchor = (slot.left + slot.right) // 2, "ma"
    else:
        x, anchor = slot.left, "la"
    placed = []
    for index, text in enumerate(lines):
        xy = (x, top + index * line_height)
        left, upper, right, lower = font.getbbox(text, anchor=anchor)
        box = (xy[0] + int(left), xy[1] + int(upper), xy[0] + int(right), xy[1] + int(lower))
        placed.append(PlacedLine(text, font, xy, anchor, slot.fill, box))
    return placed


@functools.cache
def _font(weight: Weight, size: int) -> ImageFont.FreeTypeFont:
    # The basic engine draws precomposed Vietnamese fine and gives the same pixels whether or
    # not the machine has libraqm, so images don't change between servers.
    return ImageFont.truetype(io.BytesIO(_font_bytes(weight)), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _font_bytes(weight: Weight) -> bytes:
    # Shipped by the ttf-opensans wheel: full Vietnamese coverage without system fonts,
    # which Pillow's built-in default font lacks.
    return (files("ttf_opensans") / "ttf" / f"OpenSans-{weight}.ttf").read_bytes()


def qr_image(payload: str) -> Image.Image:
    """Black-on-white QR with its quiet zone, scaled by whole pixels per module."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    modules = len(matrix)
    small = Image.new("L", (modules, modules))
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    scale = max(1, QR_TARGET // modules)
    return small.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)


def _draw_frame(draw: ImageDraw.ImageDraw) -> None:
    outer = (FRAME_INSET, FRAME_INSET, WIDTH - FRAME_INSET - 1, HEIGHT - FRAME_INSET - 1)
    draw.rectangle(outer, outline=NAVY, width=8)
    inner = (FRAME_INSET + 16, FRAME_INSET + 16, WIDTH - FRAME_INSET - 17, HEIGHT - FRAME_INSET - 17)
    draw.rectangle(inner, outline=GOLD, width=3)
    draw.line((WIDTH // 2 - 160, 212, WIDTH // 2 + 160, 212), fill=GOLD, width=3)
