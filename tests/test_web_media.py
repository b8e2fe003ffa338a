"""Images a platform fetches by URL (Zalo's sendPhoto), served by our own web server."""

from __future__ import annotations

import httpx
from aiohttp import web

from bot.app import App
from bot.channels.zalo.render import Photo, render
from bot.web import build_web_app
from dialogs.messages import Image, Text
from tests.helpers import Learner, onboard


async def _certificate_code(app: App) -> str:
    lan = Learner(app)
    await onboard(lan)
    for _lesson in app.library.modules[0].lessons:
        await lan.say("hoc tiep")
        await lan.read_lesson()
        for _ in app.library.lessons[(await lan.state()).lesson].quiz:
            await lan.answer(correct=True)
    images = [m for m in lan.seen if isinstance(m, Image)]
    assert images
    return images[0].key.split(":", 1)[1]


async def test_certificates_are_served_for_platforms_to_fetch(app: App) -> None:
    code = await _certificate_code(app)
    runner = web.AppRunner(build_web_app([], app.media))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            found = await client.get(f"/media/certificate/{code}.png")
            assert found.status_code == 200 and found.headers["content-type"] == "image/png"
            assert found.content.startswith(b"\x89PNG")
            for missing in ("/media/certificate/HVKHONGCO.png", "/media/secret/x.png", "/media/certificate/..%2Fx.png"):
                assert (await client.get(missing)).status_code == 404
    finally:
        await runner.cleanup()


def test_zalo_sends_images_as_photos_only_with_a_public_address() -> None:
    messages = [Text("Chúc mừng!"), Image("certificate:HV7K2Q9P", "Giấy chứng nhận — mã HV7K2Q9P")]
    assert render(messages) == ["Chúc mừng!", "Giấy chứng nhận — mã HV7K2Q9P"]
    assert render(messages, "https://hocvuso.vn/") == [
        "Chúc mừng!",
        Photo("https://hocvuso.vn/media/certificate/HV7K2Q9P.png", "Giấy chứng nhận — mã HV7K2Q9P"),
    ]
