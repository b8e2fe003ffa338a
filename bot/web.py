"""The web server: channel webhooks, /healthz, /readyz and /metrics, behind a TLS reverse proxy."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.channels.base import MediaSource
from bot.health import Readiness
from bot.media import MissLimiter, media_route


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _ready_route(ready: Readiness) -> web.RouteDef:
    """503 with the reasons while the database is unreachable or a loop is dead or stuck."""

    async def readyz(_request: web.Request) -> web.Response:
        problems = await ready()
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ready"})

    return web.get("/readyz", readyz)


async def _metrics(_request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


def build_web_app(
    routes: Iterable[web.RouteDef],
    media: MediaSource | None = None,
    media_misses: MissLimiter | None = None,
    ready: Readiness | None = None,
) -> web.Application:
    application = web.Application(client_max_size=1024 * 1024)  # webhook bodies are small
    # The miss limiter belongs to this web app: each server counts its own clients.
    extra = [media_route(media, media_misses or MissLimiter())] if media is not None else []
    extra += [_ready_route(ready)] if ready is not None else []
    application.add_routes([web.get("/healthz", _health), web.get("/metrics", _metrics), *extra, *routes])
    return application
