"""/media under guessing: misses answered per second, and /start latency during a burst.

    .venv/bin/python -m bench.bench_media [--rounds 2] [--connections 4] [--starts 150]

One process serves /media (bot.web.build_web_app with App.media, SQLite in a temp dir) and
runs /start turns (Tutor.handle, one new learner each, one at a time); a second process is
the guesser, with `--connections` keep-alive connections asking as fast as answers come:

- "certificate misses": /media/certificate/HV<random 12>.png, codes that do not exist;
- "long invites": /media/invite/<5,000 characters>.png, which the code before issue 10
  drew as a QR code (tens of milliseconds of CPU each).

Printed: the guesser's answers per second by status (404 = a miss answered, 429 = refused),
and /start p50/p95 alone and during each burst. The guesser comes from 127.0.0.1 without
X-Forwarded-For, so it is one client. It uses only public entry points, so the same file
runs against an older checkout for a before/after comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from aiohttp import web

from bot.app import App, bootstrap
from bot.keys import ConversationKey
from bot.settings import load_settings
from bot.web import build_web_app
from dialogs.messages import Inbound

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _path(kind: str) -> str:
    if kind == "long-invites":
        return "/media/invite/" + "A" * 4988 + secrets.token_hex(6).upper() + ".png"  # cheap to make
    return "/media/certificate/HV" + "".join(secrets.choice(ALPHABET) for _ in range(12)) + ".png"


async def guess(base: str, kind: str, connections: int) -> dict[str, float]:
    """The guesser: `connections` loops, each asking again as soon as it has an answer, from
    "ready" on stdout until stdin closes."""
    statuses: Counter[int] = Counter()
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=connections)

    async def one(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            statuses[(await client.get(_path(kind))).status_code] += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        started = time.monotonic()
        loops = [asyncio.create_task(one(client)) for _ in range(connections)]
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.read)
        stop.set()
        await asyncio.gather(*loops)
        took = time.monotonic() - started
    return {str(status): count / took for status, count in sorted(statuses.items())}


async def starts(app: App, count: int, tag: str) -> list[float]:
    """/start from `count` new learners, one after another; milliseconds each."""
    timings = []
    for n in range(count):
        key = ConversationKey("console", chat_id=f"{tag}{n}", user_id=f"{tag}{n}")
        began = time.perf_counter()
        await app.tutor.handle(key, uuid.uuid4().hex, Inbound.from_text("/start"))
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def _summary(timings: list[float]) -> str:
    quantiles = statistics.quantiles(timings, n=20)
    return f"p50 {statistics.median(timings):6.1f} ms   p95 {quantiles[18]:6.1f} ms   (n={len(timings)})"


async def _burst(base: str, kind: str, connections: int) -> asyncio.subprocess.Process:
    command = [sys.executable, "-m", "bench.bench_media", "--guess", base, "--kind", kind]
    command += ["--connections", str(connections)]
    guesser = await asyncio.create_subprocess_exec(
        *command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=os.getcwd()
    )
    assert guesser.stdout is not None  # asked for above
    await guesser.stdout.readline()  # "ready": it is asking now
    await asyncio.sleep(0.5)
    return guesser


async def main(rounds: int, connections: int, count: int) -> None:
    print(f"load average at start: {load_average()}; code under test: {Path.cwd()}")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        app = await bootstrap(load_settings(database_url=url, data_dir=Path(folder)))
        runner = web.AppRunner(build_web_app([], app.media), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            await starts(app, 30, "warm")
            for round_ in range(rounds):
                print(f"/start alone                    {_summary(await starts(app, count, f'idle{round_}'))}")
                for kind in ("certificate-misses", "long-invites"):
                    guesser = await _burst(base, kind, connections)
                    during = await starts(app, count, f"{kind}{round_}")
                    out, _ = await guesser.communicate(b"")
                    rates = json.loads(out.decode().splitlines()[-1])
                    shown = ", ".join(f"{status}: {rate:7.1f}/s" for status, rate in rates.items())
                    print(f"/start during {kind:<18}{_summary(during)}")
                    print(f"    guesser answers by status     {shown}")
        finally:
            await runner.cleanup()
            await app.close()
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--starts", type=int, default=150)
    parser.add_argument("--guess", default="", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="certificate-misses", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.guess:
        print(json.dumps(asyncio.run(guess(args.guess, args.kind, args.connections))))
    else:
        asyncio.run(main(args.rounds, args.connections, args.starts))
