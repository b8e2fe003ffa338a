"""The pictures drawn for lessons are exactly what content/media/draw_images.py draws, and small."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

from PIL import Image

from content.library import Library

MEDIA = Path(__file__).resolve().parents[1] / "content" / "media"
MAX_BYTES = 150_000  # a picture on 3G in the uplands should arrive in a few seconds


def drawings() -> ModuleType:
    # The script sits beside the pictures, not in a package: load it from its file.
    spec = importlib.util.spec_from_file_location("draw_images", MEDIA / "draw_images.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_pictures_are_what_the_script_draws() -> None:
    script = drawings()
    assert script.DRAWINGS
    for name, draw in script.DRAWINGS.items():
        drawn = script.png_bytes(draw())
        assert drawn == (MEDIA / name).read_bytes(), f"{name}: run content/media/draw_images.py and commit"


def test_pictures_are_small_and_sized_for_a_phone() -> None:
    for name in drawings().DRAWINGS:
        data = (MEDIA / name).read_bytes()
        assert len(data) < MAX_BYTES, name
        with Image.open(io.BytesIO(data)) as image:
            assert image.width == 720, name
            assert image.mode == "P", name  # a palette of few colours


def test_every_drawn_picture_is_on_a_card(library: Library) -> None:
    used = {card.image.file for lesson in library.lessons.values() for card in lesson.cards if card.image}
    assert set(drawings().DRAWINGS) <= used
