"""Lessons' pictures and voice notes in the shell: read only when a lesson names them, served
to Zalo by URL, sent by Telegram as photo and voice, printed by the console, kept by the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from aiogram.methods import SendMessage, SendVoice
from aiohttp import web

from bot.app import App
from bot.channels.console import render as console
from bot.channels.telegram.render import CallbackCodec, Renderer
from bot.channels.zalo.render import Photo
from bot.channels.zalo.render import render as zalo
from bot.media import lesson_files
from bot.outbox import dumps, loads
from bot.web import build_web_app
from content.loader import MEDIA_DIR
from dialogs.flows.lessons import media_key
from dialogs.messages import Image, Voice

PICTURE = "link-doc-dia-chi.png"  # named by dienthoai-duong-link
VOICE = Voice("content:loi-chao-tay.ogg", "Bác đừng bấm link lạ nhé.", "Tày")


@asynccontextmanager
async def _served(application: web.Application) -> AsyncIterator[httpx.AsyncClient]:
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{runner.addresses[0][1]}") as client:
            yield client
    finally:
        await runner.cleanup()


async def test_the_app_reads_only_files_a_lesson_names(app: App) -> None:
    assert PICTURE in lesson_files(app.library)
    assert await app.media(media_key(PICTURE)) == (MEDIA_DIR / PICTURE).read_bytes()
    assert (MEDIA_DIR / "draw_images.py").exists()  # in the folder, but no lesson names it
    for key in ("content:draw_images.py", "content:../media/" + PICTURE, "content:khong-co.png", "content:"):
        assert await app.media(key) is None, key


async def test_zalo_fetches_a_lessons_picture_by_the_url_it_renders(app: App) -> None:
    photo = zalo([Image(media_key(PICTURE), "Hai địa chỉ")], "http://example.test")[0]
    assert isinstance(photo, Photo)
    path = photo.url.removeprefix("http://example.test")
    async with _served(build_web_app([], app.media)) as client:
        found = await client.get(path)
        assert found.status_code == 200 and found.headers["content-type"] == "image/png"
        assert found.content == (MEDIA_DIR / PICTURE).read_bytes()
        for missing in ("/media/content/draw_images.py.png", "/media/content/..%2Fbot.png", "/media/content/x.png"):
            assert (await client.get(missing)).status_code == 404, missing


async def test_telegram_sends_a_voice_note_with_its_words_or_the_words_alone() -> None:
    async def recording(key: str) -> bytes | None:
        return b"OggS-recording" if key == VOICE.key else None

    calls = [c async for c in Renderer(CallbackCodec(), recording).calls(7, VOICE)]
    assert len(calls) == 1 and isinstance(calls[0], SendVoice) and calls[0].caption == VOICE.transcript

    async def nothing(key: str) -> bytes | None:
        return None

    calls = [c async for c in Renderer(CallbackCodec(), nothing).calls(7, VOICE)]
    assert len(calls) == 1 and isinstance(calls[0], SendMessage) and VOICE.transcript in (calls[0].text or "")


def test_the_console_and_zalo_give_the_words_and_the_outbox_keeps_a_voice_note() -> None:
    assert console(VOICE) == "[Ghi âm (Tày): Bác đừng bấm link lạ nhé.]"
    assert console(Image(media_key(PICTURE), "Hai địa chỉ")) == "[Ảnh: Hai địa chỉ]"
    assert zalo([VOICE]) == ["🔊 Bác đừng bấm link lạ nhé."]
    assert loads(dumps([VOICE, Voice("content:x.mp3", "Lời")])) == (VOICE, Voice("content:x.mp3", "Lời"))
