"""The web server: channel webhooks, /healthz and /metrics, behind a TLS reverse proxy."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.channels.base import MediaSource


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _metrics(_request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


MEDIA_KINDS = ("certificate", "invite")


def _media_route(media: MediaSource) -> web.RouteDef:
    """GET /media/{kind}/{code}.png: images a platform fetches by URL (Zalo's sendPhoto).
    Codes are unguessable and a certificate is meant to be shown; nothing else is served."""

    async def serve(request: web.Request) -> web.Response:
        kind, code = request.match_info["kind"], request.match_info["code"]
        if kind not in MEDIA_KINDS or (not code.isalnum() and "-" not in code):
            raise web.HTTPNotFound()
        png = await media(f"{kind}:{code}")
        if png is None:
            raise web.HTTPNotFound()
        return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

    return web.get("/media/{kind}/{code}.png", serve)


def build_web_app(routes: Iterable[web.RouteDef], media: MediaSource | None = None) -> web.Application:
    application = web.Application(client_max_size=1024 * 1024)  # webhook bodies are small
    extra = [_media_route(media)] if media is not None else []
    application.add_routes([web.get("/healthz", _health), web.get("/metrics", _metrics), *extra, *routes])
    return application
