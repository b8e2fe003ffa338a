"""/media/{kind}/{code}.png: images a platform fetches by URL (Zalo's sendPhoto).

Only what we issued and still honour is drawn: an existing certificate, an invite that is not
revoked. A client that keeps asking for codes that do not exist gets 429 after a few misses a
second, so certificate codes cannot be guessed by trying (each miss costs us one primary-key
read, never a drawing). Drawings are kept in a bounded cache owned by the App.

Which client: the TCP peer, except when the peer is this machine (the reverse proxy of
docs/deploy.md, on the same host): then the last X-Forwarded-For hop, the address that proxy
itself appended. A proxy elsewhere appears as one client, so its clients share one budget.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.certificates import CODE_LENGTH
from bot.channels.base import MediaSource
from bot.storage.models import Certificate, Invite
from content.library import Library
from content.loader import MEDIA_DIR
from dialogs.flows.family.codes import CODE_BODY, INVITE_PREFIX, format_code, normalize_code

MEDIA_KINDS = ("certificate", "invite")
# Pictures and recordings lessons name (content/media): served as they are, never drawn.
CONTENT_KIND = "content"
_PICTURE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:png|jpg)")
# Anything longer was never issued: refused before any lookup (a 5,000-character "invite" was drawn once).
LONGEST_CODE = max(CODE_LENGTH, len(format_code(INVITE_PREFIX, "X" * CODE_BODY)))
_CODE_SHAPE = re.compile(rf"[A-Za-z0-9-]{{1,{LONGEST_CODE}}}")
MISSES_PER_SECOND = 5
CACHE_BYTES = 16 * 1024 * 1024  # a certificate is ~50 kB: a few hundred of them


class MissLimiter:
    """At most `misses` misses per client in any `period` seconds; after that, 429 until the
    oldest miss leaves the window. Hits are never counted. Quiet clients are forgotten first."""

    def __init__(
        self,
        misses: int = MISSES_PER_SECOND,
        period: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.misses, self.period, self._clock, self._max = misses, period, clock, max_clients
        self._misses: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, client: str) -> float:
        """Seconds before this client may miss again; 0 when it may ask now."""
        times = self._misses.get(client)
        if times is None:
            return 0.0
        now = self._clock()
        while times and now - times[0] >= self.period:
            times.popleft()
        return 0.0 if len(times) < self.misses else times[0] + self.period - now

    def record_miss(self, client: str) -> None:
        times = self._misses.pop(client, None) or deque()
        times.append(self._clock())
        self._misses[client] = times  # the most recent client last, the quietest first out
        while len(self._misses) > self._max:
            self._misses.popitem(last=False)


class ImageCache:
    """Drawn images by key, least recently used out first, at most `max_bytes` in all. Two
    requests for an image not drawn yet share one drawing."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._drawing: dict[str, asyncio.Task[bytes | None]] = {}

    @property
    def size(self) -> int:
        return self._size

    def __contains__(self, key: str) -> bool:
        return key in self._images

    async def get(self, key: str, draw: Callable[[], Awaitable[bytes | None]]) -> bytes | None:
        found = self._images.get(key)
        if found is not None:
            self._images.move_to_end(key)
            return found
        task = self._drawing.get(key)
        if task is None:
            task = self._drawing[key] = asyncio.ensure_future(draw())
            task.add_done_callback(lambda done: self._drawn(key, done))
        # One caller giving up (a closed connection) must not cancel the drawing the others wait for.
        return await asyncio.shield(task)

    def forget(self, key: str) -> None:
        image = self._images.pop(key, None)
        if image is not None:
            self._size -= len(image)

    def _drawn(self, key: str, task: asyncio.Task[bytes | None]) -> None:
        self._drawing.pop(key, None)
        image = None if task.cancelled() or task.exception() is not None else task.result()
        if image is None or len(image) > self.max_bytes:
            return
        self.forget(key)
        self._images[key] = image
        self._size += len(image)
        while self._size > self.max_bytes:
            _, dropped = self._images.popitem(last=False)
            self._size -= len(dropped)


async def issued_code(session: AsyncSession, kind: str, code: str) -> str | None:
    """The stored form of a code we issued and still honour, or None."""
    if _CODE_SHAPE.fullmatch(code) is None:
        return None
    if kind == "certificate":
        return code.upper() if await session.get(Certificate, code.upper()) is not None else None
    canonical = normalize_code(code) if kind == "invite" else None
    invite = await session.get(Invite, canonical) if canonical else None
    return canonical if invite is not None and invite.revoked_at is None else None


def lesson_files(library: Library) -> frozenset[str]:
    """The files of content/media a lesson names: the only ones ever read."""
    cards = (card for lesson in library.lessons.values() for card in lesson.cards)
    named = (media for card in cards for media in (card.image, card.audio))
    return frozenset(media.file for media in named if media is not None)


async def read_lesson_file(library: Library, name: str, folder: Path = MEDIA_DIR) -> bytes | None:
    if name not in lesson_files(library):
        return None
    try:
        return await asyncio.to_thread((folder / name).read_bytes)
    except FileNotFoundError:  # `content check` reports it; the learner gets the alt text
        return None


def client_address(request: web.Request) -> str:
    peer = request.remote or ""
    if not _is_local(peer):
        return peer
    hops = [hop.strip() for header in request.headers.getall("X-Forwarded-For", []) for hop in header.split(",")]
    return next((hop for hop in reversed(hops) if hop), peer)


def _is_local(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def media_route(media: MediaSource, limiter: MissLimiter) -> web.RouteDef:
    """GET /media/{kind}/{code}.png, with `limiter` counting each client's misses."""

    async def serve(request: web.Request) -> web.Response:
        client = client_address(request)
        wait = limiter.retry_after(client)
        if wait > 0:
            raise web.HTTPTooManyRequests(headers={"Retry-After": str(math.ceil(wait))})
        kind, code = request.match_info["kind"], request.match_info["code"]
        lesson_picture = kind == CONTENT_KIND and _PICTURE.fullmatch(code) is not None
        plausible = lesson_picture or (kind in MEDIA_KINDS and _CODE_SHAPE.fullmatch(code) is not None)
        png = await media(f"{kind}:{code}") if plausible else None
        if png is None:
            limiter.record_miss(client)
            raise web.HTTPNotFound()
        if lesson_picture:  # the same for everyone, public: copies along the way are welcome
            kind_of = "image/jpeg" if code.endswith(".jpg") else "image/png"
            return web.Response(body=png, content_type=kind_of, headers={"Cache-Control": "public, max-age=86400"})
        # A certificate carries a name and may be deleted, an invite may be revoked: no copies
        # kept along the way (the platform fetches once; our own cache makes repeats cheap).
        return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})

    # Zalo fetches /media/KIND/CODE.png; a lesson's picture is /media/content/FILE.png, FILE
    # being its own name with its extension (content:link-doc-dia-chi.png).
    return web.get("/media/{kind}/{code}.png", serve)
