"""Images a platform fetches by URL (Zalo's sendPhoto), served by our own web server."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from aiohttp import web

from bot.app import App
from bot.certificates import CODE_ALPHABET, new_certificate_code
from bot.channels.zalo.render import Photo, render
from bot.media import ImageCache, MissLimiter
from bot.storage.models import Certificate, Family, Invite, Learner
from bot.web import build_web_app
from dialogs.messages import Image, Outbound, Text
from tests.helpers import Learner as Person
from tests.helpers import onboard

NEW_CODE = "HV7K2Q9PX4MWZ3"
OLD_CODE = "HV7K2Q9P"  # "HV" + 6, as issued before issue 10: must keep verifying
LIVE, REVOKED = "GD-7KQ2M-X9P3T", "GD-ABCDE-FGHJK"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _certificate_code(app: App) -> str:
    lan = Person(app)
    await onboard(lan)
    for _lesson in app.library.modules[0].lessons:
        await lan.say("hoc tiep")
        await lan.read_lesson()
        await lan.finish_quiz()
    images = [m for m in lan.seen if isinstance(m, Image)]
    assert images
    return images[0].key.split(":", 1)[1]


async def _seed(app: App) -> None:
    """A learner holding a new and an old certificate, and a family with a live and a revoked invite."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        learner = Learner(channel="zalo", chat_id="z1", user_id="z1", name="Lan", created_at=now, last_seen_at=now)
        session.add(learner)
        await session.flush()
        for code, module in zip((NEW_CODE, OLD_CODE), app.library.modules, strict=False):
            session.add(Certificate(code=code, learner_id=learner.id, module_id=module.id, name="Lan", issued_at=now))
        family = Family(ambassador_id=learner.id, name="Nhà Lan", created_at=now)
        session.add(family)
        await session.flush()
        session.add(Invite(code=LIVE, family_id=family.id, created_at=now))
        session.add(Invite(code=REVOKED, family_id=family.id, created_at=now, revoked_at=now))


@asynccontextmanager
async def _served(application: web.Application) -> AsyncIterator[httpx.AsyncClient]:
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            yield client
    finally:
        await runner.cleanup()


async def test_certificates_are_served_for_platforms_to_fetch(app: App) -> None:
    code = await _certificate_code(app)
    async with _served(build_web_app([], app.media)) as client:
        found = await client.get(f"/media/certificate/{code}.png")
        assert found.status_code == 200 and found.headers["content-type"] == "image/png"
        assert found.content.startswith(b"\x89PNG") and found.headers["cache-control"] == "no-store"
        for missing in ("/media/certificate/HVKHONGCO.png", "/media/secret/x.png", "/media/certificate/..%2Fx.png"):
            assert (await client.get(missing)).status_code == 404


def test_new_certificate_codes_carry_at_least_60_bits_in_letters_easy_to_read_aloud() -> None:
    codes = {new_certificate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        body = code.removeprefix("HV")
        assert code.startswith("HV") and len(code) <= 16 and set(body) <= set(CODE_ALPHABET)
        assert len(body) * math.log2(len(CODE_ALPHABET)) >= 60
    assert not set(CODE_ALPHABET) & set("01OI")


async def test_new_and_old_codes_verify_in_chat_on_the_command_line_and_as_images(app: App) -> None:
    await _seed(app)
    lan = Person(app)
    await onboard(lan)
    for code in (NEW_CODE, OLD_CODE):
        verified = await app.tutor.verify(code.lower())
        assert verified is not None and verified.code == code and verified.name == "Lan"
        await lan.say(f"/xacminh {code}")
        assert "hợp lệ" in lan.text() and code in lan.text()
        png = await app.media(f"certificate:{code}")
        assert png is not None and png.startswith(b"\x89PNG")


async def test_only_existing_certificates_and_active_invites_are_drawn(app: App) -> None:
    await _seed(app)
    assert await app.media(f"invite:{LIVE}") is not None
    refused = [
        f"invite:{REVOKED}",
        "invite:GD-22222-33333",  # the right shape, never issued
        "invite:" + "A" * 5000,  # once drawn as a QR code, 33 a second slowed every turn
        "invite:" + LIVE + "X",
        "certificate:HV22222233333",
        "certificate:" + NEW_CODE + "2",  # longer than any code we issue
        "certificate:",
        "secret:" + NEW_CODE,
    ]
    for key in refused:
        assert await app.media(key) is None, key


async def test_images_are_cached_and_a_deleted_certificate_is_no_longer_served(app: App) -> None:
    code = await _certificate_code(app)
    first = await app.media(f"certificate:{code}")
    again = await app.media(f"certificate:{code}")
    assert first is not None and again is first  # the same bytes: drawn once
    assert f"certificate:{code}" in app.images
    lan = Person(app)
    await lan.say("/xoadulieu")
    await lan.pick("Xóa hết")
    assert await app.media(f"certificate:{code}") is None
    assert f"certificate:{code}" not in app.images and app.images.size == 0


async def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = ImageCache(max_bytes=250)
    drawn: list[str] = []

    def drawer(key: str) -> Callable[[], Awaitable[bytes]]:
        async def draw() -> bytes:
            drawn.append(key)
            return key.encode() * 100

        return draw

    for key in ("a", "b", "a", "c"):  # "a" is used again before "c" arrives: "b" goes
        await cache.get(key, drawer(key))
    assert drawn == ["a", "b", "c"] and "a" in cache and "c" in cache and "b" not in cache
    assert cache.size == 200 <= cache.max_bytes


async def test_a_client_gets_a_few_misses_a_second_then_429_and_others_are_not_affected(app: App) -> None:
    await _seed(app)
    clock = ManualClock()
    limiter = MissLimiter(misses=5, period=1.0, clock=clock)
    guesser = {"X-Forwarded-For": "203.0.113.7"}  # as the reverse proxy on this machine appends it
    async with _served(build_web_app([], app.media, media_misses=limiter)) as client:
        answers = [(await client.get(f"/media/certificate/HV{n:012d}.png", headers=guesser)) for n in range(20)]
        assert [a.status_code for a in answers] == [404] * 5 + [429] * 15
        assert answers[-1].headers["retry-after"] == "1"
        # While it waits, the guesser learns nothing, not even about a code that exists.
        assert (await client.get(f"/media/certificate/{NEW_CODE}.png", headers=guesser)).status_code == 429
        # Someone else behind the same proxy, or spoofing the first hop, has a budget of their own.
        other = {"X-Forwarded-For": "203.0.113.7, 198.51.100.2"}
        assert (await client.get(f"/media/certificate/{NEW_CODE}.png", headers=other)).status_code == 200
        assert (await client.get("/media/invite/" + "A" * 5000 + ".png", headers=other)).status_code == 404
        clock.now += 1.0
        assert (await client.get(f"/media/certificate/{NEW_CODE}.png", headers=guesser)).status_code == 200


def test_zalo_sends_images_as_photos_only_with_a_public_address() -> None:
    messages: list[Outbound] = [Text("Chúc mừng!"), Image("certificate:HV7K2Q9P", "Giấy chứng nhận — mã HV7K2Q9P")]
    assert render(messages) == ["Chúc mừng!", "Giấy chứng nhận — mã HV7K2Q9P"]
    assert render(messages, "https://hocvuso.vn/") == [
        "Chúc mừng!",
        Photo("https://hocvuso.vn/media/certificate/HV7K2Q9P.png", "Giấy chứng nhận — mã HV7K2Q9P"),
    ]
