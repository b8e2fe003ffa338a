"""/media under guessing: misses answered per second, and /start latency during a burst.

    .venv/bin/python -m bench.bench_media [--blocks 10] [--starts 30] [--connections 4] [--rate 0]

One process serves /media (bot.web.build_web_app with App.media, SQLite in a temp dir) and
runs /start turns (Tutor.handle, one new learner each, one at a time); a second process is
the guesser, with `--connections` keep-alive connections asking as fast as answers come:

- "certificate misses": /media/certificate/HV<random 12>.png, codes that do not exist;
- "long invites": /media/invite/<5,000 characters>.png, which the code before issue 10
  drew as a QR code (tens of milliseconds of CPU each);
- "healthz", the peer: GET /healthz at the same pace, what answering any request costs.

/start turns run in blocks, the guesser off then on, so "alone" and "during" see the same
background load. Printed: the guesser's answers per second by status while on (404 = a miss
answered, 200 = an image drawn, 429 = refused), and /start p50/p95 alone and during. The
guesser comes from 127.0.0.1 without X-Forwarded-For, so it is one client. It uses only
public entry points, so the same file runs against an older checkout for a before/after.
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
    if kind == "healthz":
        return "/healthz"
    if kind == "long-invites":
        return "/media/invite/" + "A" * 4988 + secrets.token_hex(6).upper() + ".png"  # cheap to make
    return "/media/certificate/HV" + "".join(secrets.choice(ALPHABET) for _ in range(12)) + ".png"


async def guess(base: str, kind: str, connections: int, rate: float) -> dict[str, float]:
    """The guesser: `connections` loops asking again as soon as they have an answer (or paced
    to `rate` requests a second in all), while on. Stdin says "on" or "off" a line at a time;
    at its end, the answers per second while on are printed."""
    statuses: Counter[int] = Counter()
    on, done = asyncio.Event(), False
    active = 0.0
    limits = httpx.Limits(max_connections=connections)

    async def one(client: httpx.AsyncClient) -> None:
        while not done:
            await on.wait()
            began = time.monotonic()
            if not done:
                statuses[(await client.get(_path(kind))).status_code] += 1
            if rate:
                await asyncio.sleep(max(0.0, connections / rate - (time.monotonic() - began)))

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        loops = [asyncio.create_task(one(client)) for _ in range(connections)]
        print("ready", flush=True)
        since = 0.0
        while line := (await asyncio.to_thread(sys.stdin.readline)).strip():
            if line == "on" and not on.is_set():
                since = time.monotonic()
                on.set()
            elif line == "off" and on.is_set():
                on.clear()
                active += time.monotonic() - since
        done = True
        on.set()
        await asyncio.gather(*loops)
    return {str(status): count / max(active, 1e-9) for status, count in sorted(statuses.items())}


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


async def _compare(app: App, base: str, kind: str, load: tuple[int, float], blocks: int, count: int) -> None:
    """Blocks of /start turns with the guesser off, then on: both see the same machine load."""
    command = [sys.executable, "-m", "bench.bench_media", "--guess", base, "--kind", kind]
    command += ["--connections", str(load[0]), "--rate", str(load[1])]
    guesser = await asyncio.create_subprocess_exec(
        *command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=os.getcwd()
    )
    assert guesser.stdin is not None and guesser.stdout is not None  # asked for above
    await guesser.stdout.readline()  # "ready"
    alone: list[float] = []
    during: list[float] = []
    for block in range(blocks):
        alone += await starts(app, count, f"{kind}-alone-{block}-")
        guesser.stdin.write(b"on\n")
        await asyncio.sleep(0.3)  # let the burst reach full speed
        during += await starts(app, count, f"{kind}-during-{block}-")
        guesser.stdin.write(b"off\n")
    out, _ = await guesser.communicate(b"\n")
    rates = json.loads(out.decode().splitlines()[-1])
    paced = f"paced to {load[1]:.0f}/s" if load[1] else "flat out"
    answers = ", ".join(f"{status}: {per_second:.1f}/s" for status, per_second in rates.items())
    print(f"{kind} ({paced}): guesser answers by status while on: {answers}")
    print(f"    /start alone   {_summary(alone)}")
    print(f"    /start during  {_summary(during)}")


async def main(kinds: list[str], blocks: int, load: tuple[int, float], count: int) -> None:
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
            for kind in kinds:
                await _compare(app, base, kind, load, blocks, count)
        finally:
            await runner.cleanup()
            await app.close()
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rate", type=float, default=0.0, help="guesses a second in all; 0: flat out")
    parser.add_argument("--starts", type=int, default=30, help="per block, alone and during")
    parser.add_argument("--guess", default="", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="certificate-misses", help=argparse.SUPPRESS)
    parser.add_argument("--kinds", default="healthz,certificate-misses,long-invites")
    args = parser.parse_args()
    if args.guess:
        print(json.dumps(asyncio.run(guess(args.guess, args.kind, args.connections, args.rate))))
    else:
        asyncio.run(main(args.kinds.split(","), args.blocks, (args.connections, args.rate), args.starts))
