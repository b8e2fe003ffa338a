"""The web server: channel webhooks, /healthz, /readyz and /metrics, behind a TLS reverse proxy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CONTENT_TYPE_LATEST

from bot.channels.base import MediaSource
from bot.health import Readiness
from bot.media import MissLimiter, media_route
from bot.metrics import Metrics

# The Prometheus text of this process's metrics (bot/metrics.py), figures counted afresh.
Scrape = Callable[[], Awaitable[bytes]]


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


def _metrics_route(scrape: Scrape) -> web.RouteDef:
    async def metrics(_request: web.Request) -> web.Response:
        return web.Response(body=await scrape(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    return web.get("/metrics", metrics)


def build_web_app(
    routes: Iterable[web.RouteDef],
    media: MediaSource | None = None,
    media_misses: MissLimiter | None = None,
    ready: Readiness | None = None,
    scrape: Scrape | None = None,
    middlewares: Sequence[Middleware] = (),
) -> web.Application:
    """Without `scrape`, /metrics serves a registry of this web app's own (process figures)."""
    application = web.Application(client_max_size=1024 * 1024, middlewares=middlewares)  # webhook bodies are small
    # The miss limiter belongs to this web app: each server counts its own clients.
    extra = [media_route(media, media_misses or MissLimiter())] if media is not None else []
    extra += [_ready_route(ready)] if ready is not None else []
    extra += [_metrics_route(scrape or _own_metrics())]
    application.add_routes([web.get("/healthz", _health), *extra, *routes])
    return application


def _own_metrics() -> Scrape:
    metrics = Metrics()

    async def scrape() -> bytes:
        return metrics.exposition()

    return scrape
